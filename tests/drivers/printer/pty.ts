import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PtyPair {
  host: string;
  device: string;
  close(): Promise<void>;
}

/** A pseudo-terminal pair linked by socat: what one side writes, the other reads, through real ttys. */
export async function openPtyPair(): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'hallq-printer-'));
  const host = join(dir, 'host');
  const device = join(dir, 'device');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${device}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => socat.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      let log = '';
      const guard = setTimeout(() => reject(new Error(`socat did not start: ${log}`)), 10_000);
      socat.stderr.on('data', (chunk: Buffer) => {
        log += chunk.toString();
        // socat logs this once both ptys exist and their links are in place.
        if (log.includes('starting data transfer loop')) {
          clearTimeout(guard);
          resolve();
        }
      });
      socat.once('error', (error) => {
        clearTimeout(guard);
        reject(error);
      });
      socat.once('exit', (code) => {
        clearTimeout(guard);
        reject(new Error(`socat exited with ${code}: ${log}`));
      });
    });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    device,
    async close() {
      if (socat.exitCode === null && socat.signalCode === null) socat.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
