import { MockBinding, type MockPort } from './mock-binding.ts';
import { afterEach, describe, expect, it } from 'vitest';
import { listSerialPorts, SerialTransport, type SerialBinding } from '../../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair, type PtyPair } from './socat.ts';

function nextChunk(transport: SerialTransport): Promise<Buffer> {
  return new Promise((resolve) => {
    const off = transport.onData((chunk) => {
      off();
      resolve(chunk);
    });
  });
}

describe('SerialTransport over MockBinding', () => {
  afterEach(() => MockBinding.reset());

  it('opens with the configured settings, records writes and delivers received bytes', async () => {
    MockBinding.createPort('/dev/ttyMOCK0', { record: true });
    const t = new SerialTransport({ path: '/dev/ttyMOCK0', baudRate: 115200, parity: 'even', binding: MockBinding });
    expect(t.description).toBe('serial:/dev/ttyMOCK0@115200');
    expect(t.isOpen).toBe(false);
    await t.open();
    expect(t.isOpen).toBe(true);

    await t.write(Uint8Array.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
    // The SerialPort's binding port is where MockBinding records writes.
    const port = (t as unknown as { port: { port: MockPort } }).port.port;
    expect(port.lastWrite).toEqual(Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]));
    expect(port.openOptions.baudRate).toBe(115200);
    expect(port.openOptions.parity).toBe('even');

    const received = nextChunk(t);
    port.emitData(Buffer.from([1, 2, 3]));
    expect(await received).toEqual(Buffer.from([1, 2, 3]));

    const closed = new Promise<Error | undefined>((resolve) => t.onClose(resolve));
    await t.close();
    expect(await closed).toBeUndefined();
    expect(t.isOpen).toBe(false);
  });

  it('rejects open with the port named when the path does not exist', async () => {
    const t = new SerialTransport({ path: '/dev/ttyNOPE', binding: MockBinding });
    await expect(t.open()).rejects.toThrow(/cannot open serial:\/dev\/ttyNOPE@9600/);
  });

  it('refuses writes when not open', async () => {
    MockBinding.createPort('/dev/ttyMOCK1');
    const t = new SerialTransport({ path: '/dev/ttyMOCK1', binding: MockBinding });
    await expect(t.write(Uint8Array.from([1]))).rejects.toThrow(/not open/);
  });

  it('can be reopened after close, as DeviceLink does after an unplug', async () => {
    MockBinding.createPort('/dev/ttyMOCK2');
    const t = new SerialTransport({ path: '/dev/ttyMOCK2', binding: MockBinding });
    await t.open();
    await t.close();
    await t.open();
    expect(t.isOpen).toBe(true);
    await t.close();
  });
});

describe('listSerialPorts', () => {
  it('lists ports from the binding', async () => {
    MockBinding.createPort('/dev/ttyMOCK9', { manufacturer: 'Acme' });
    const listing = await listSerialPorts(MockBinding);
    expect(listing.warning).toBeUndefined();
    expect(listing.ports).toContainEqual(expect.objectContaining({ path: '/dev/ttyMOCK9', manufacturer: 'Acme' }));
    MockBinding.reset();
  });

  it('returns no ports and a warning instead of rejecting when listing fails', async () => {
    const broken: SerialBinding = {
      list: () => Promise.reject(new Error('spawn udevadm ENOENT')),
      open: () => Promise.reject(new Error('unused')),
    };
    const listing = await listSerialPorts(broken);
    expect(listing.ports).toEqual([]);
    expect(listing.warning).toMatch(/udevadm ENOENT/);
    expect(listing.warning).toMatch(/by hand/);
  });
});

describe.skipIf(!hasSocat)('SerialTransport over a real pseudo-terminal pair', () => {
  let pty: PtyPair | undefined;
  const transports: SerialTransport[] = [];

  afterEach(async () => {
    for (const t of transports.splice(0)) await t.close();
    await pty?.close();
    pty = undefined;
  });

  it('carries bytes both ways between the two ends', async () => {
    pty = await openPtyPair();
    const a = new SerialTransport({ path: pty.a, baudRate: 115200 });
    const b = new SerialTransport({ path: pty.b, baudRate: 115200 });
    transports.push(a, b);
    await a.open();
    await b.open();

    const frame = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22]);
    const atB = collect(b, frame.length);
    await a.write(frame);
    expect(await atB).toEqual(frame);

    const atA = collect(a, 3);
    await b.write(Buffer.from([0x00, 0xff, 0x0d]));
    expect(await atA).toEqual(Buffer.from([0x00, 0xff, 0x0d]));
  });

  it('reports close when the tty goes away (unplug)', async () => {
    pty = await openPtyPair();
    const a = new SerialTransport({ path: pty.a, presenceCheckMs: 50 });
    transports.push(a);
    await a.open();
    const closed = new Promise<Error | undefined>((resolve) => a.onClose(resolve));
    await pty.close();
    pty = undefined;
    expect(await closed).toBeInstanceOf(Error);
    expect(a.isOpen).toBe(false);
  });
});

function collect(t: SerialTransport, length: number): Promise<Buffer> {
  return new Promise((resolve) => {
    let got = Buffer.alloc(0);
    const off = t.onData((chunk) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= length) {
        off();
        resolve(got);
      }
    });
  });
}
