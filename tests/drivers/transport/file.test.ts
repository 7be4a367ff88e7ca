import { execFileSync } from 'node:child_process';
import { constants, mkdtempSync, promises as fsp, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTransport } from '../../../drivers/transport/file.ts';

let dir: string;
const open: FileTransport[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'hallq-file-'));
});
afterEach(async () => {
  for (const t of open.splice(0)) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('FileTransport', () => {
  it('write-only: appends every write to the file, in order', async () => {
    const path = join(dir, 'lp0');
    writeFileSync(path, '');
    const t = new FileTransport({ path, access: 'write-only' });
    open.push(t);
    await t.open();
    expect(t.isOpen).toBe(true);
    await t.write(Buffer.from([0x1b, 0x40]));
    await t.write(Buffer.from('A001\n'));
    expect(readFileSync(path)).toEqual(Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from('A001\n')]));
  });

  it('never creates a missing device file and names it in the error', async () => {
    const path = join(dir, 'missing-lp0');
    const t = new FileTransport({ path, access: 'write-only' });
    await expect(t.open()).rejects.toThrow(/cannot open file:.*missing-lp0/);
    await expect(fsp.stat(path)).rejects.toThrow();
  });

  it('read-write on a fifo: bytes the device side writes reach onData, and close is reported once', async () => {
    const path = join(dir, 'fifo');
    execFileSync('mkfifo', [path]);
    const t = new FileTransport({ path, readPollMs: 5 });
    open.push(t);
    await t.open();

    const got: Buffer[] = [];
    const all = new Promise<void>((resolve) =>
      t.onData((chunk) => {
        got.push(chunk);
        if (Buffer.concat(got).length >= 4) resolve();
      }),
    );
    const writer = await fsp.open(path, constants.O_WRONLY | constants.O_NONBLOCK);
    await writer.write(Buffer.from([0x12, 0x12]));
    await writer.write(Buffer.from([0x1a, 0x32]));
    await writer.close();
    await all;
    expect(Buffer.concat(got)).toEqual(Buffer.from([0x12, 0x12, 0x1a, 0x32]));

    let closes = 0;
    t.onClose(() => closes++);
    await t.close();
    await t.close();
    expect(closes).toBe(1);
    expect(t.isOpen).toBe(false);
  });
});
