import { constants, promises as fsp } from 'node:fs';
import { TransportEvents } from './transport-events.ts';
import type { Transport } from './transport.ts';

export interface FileOptions {
  /** A device file such as /dev/usb/lp0, or a fifo. */
  path: string;
  /** 'read-write' (default) also delivers what the device sends back (printer status). */
  access?: 'read-write' | 'write-only';
  /** How often to look for incoming bytes when there are none. Default 50 ms. */
  readPollMs?: number;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A device file as a Transport. The file is opened non-blocking and read by polling, not with a read
 * stream: a blocking read on a quiet device pins a libuv worker thread and keeps close() waiting
 * until the device speaks. The file is never created, so an unplugged printer is a failed open,
 * not a regular file quietly filling up under /dev.
 */
export class FileTransport implements Transport {
  readonly description: string;
  private handle: fsp.FileHandle | undefined;
  private readonly events = new TransportEvents();
  private reading = false;

  constructor(private readonly options: FileOptions) {
    this.description = `file:${options.path}`;
  }

  get isOpen(): boolean {
    return this.handle !== undefined;
  }

  async open(): Promise<void> {
    if (this.handle) return;
    const writeOnly = this.options.access === 'write-only';
    const flags =
      (writeOnly ? constants.O_WRONLY | constants.O_APPEND : constants.O_RDWR) | constants.O_NONBLOCK | constants.O_NOCTTY;
    try {
      this.handle = await fsp.open(this.options.path, flags);
    } catch (error) {
      throw new Error(`cannot open ${this.description}: ${error instanceof Error ? error.message : String(error)}`);
    }
    this.events.reset();
    if (!writeOnly) void this.readLoop(this.handle);
  }

  async write(data: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new Error(`${this.description} is not open`);
    let offset = 0;
    while (offset < data.length) {
      try {
        const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
        offset += bytesWritten;
      } catch (error) {
        // A non-blocking device whose buffer is full asks us to come back later.
        if (errorCode(error) === 'EAGAIN') {
          await sleep(this.options.readPollMs ?? 50);
          continue;
        }
        this.fail(error);
        throw error;
      }
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    if (!handle) return;
    this.handle = undefined;
    this.reading = false;
    await handle.close().catch(() => undefined);
    this.events.close();
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.events.onData(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.events.onClose(listener);
  }

  private async readLoop(handle: fsp.FileHandle): Promise<void> {
    this.reading = true;
    const buffer = Buffer.alloc(4096);
    const pollMs = this.options.readPollMs ?? 50;
    while (this.reading && this.handle === handle) {
      try {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (bytesRead > 0) {
          this.events.data(Buffer.from(buffer.subarray(0, bytesRead)));
          continue;
        }
      } catch (error) {
        if (this.handle !== handle) return;
        if (errorCode(error) !== 'EAGAIN') {
          this.fail(error);
          return;
        }
      }
      // Nothing to read (EAGAIN, or end of a regular file): look again later.
      await sleep(pollMs);
    }
  }

  /** An I/O error (ENODEV, EIO) means the device is gone: report close so the link reopens it. */
  private fail(error: unknown): void {
    const handle = this.handle;
    if (!handle) return;
    this.handle = undefined;
    this.reading = false;
    void handle.close().catch(() => undefined);
    this.events.close(error instanceof Error ? error : new Error(String(error)));
  }
}
