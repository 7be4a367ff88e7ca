import { EventEmitter } from 'node:events';
import type { Transport } from './transport.ts';

/** One end of an in-memory byte pipe; what one end writes, the other end receives asynchronously. */
class MemoryEnd implements Transport {
  peer: MemoryEnd | undefined;
  private readonly events = new EventEmitter();
  private open_ = false;
  /** Every chunk written by this end, for assertions. */
  readonly written: Buffer[] = [];

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.open_;
  }

  async open(): Promise<void> {
    this.open_ = true;
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    this.events.emit('close');
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open_) throw new Error(`${this.description} is not open`);
    const chunk = Buffer.from(data);
    this.written.push(chunk);
    const peer = this.peer;
    // Deliver on a later tick, as a real line would, so request/response code cannot rely on re-entrancy.
    setImmediate(() => {
      if (peer?.open_) peer.events.emit('data', chunk);
    });
  }

  /** Simulate an unplug: both ends report the link as closed. */
  drop(error?: Error): void {
    for (const end of [this, this.peer]) {
      if (end?.open_) {
        end.open_ = false;
        end.events.emit('close', error);
      }
    }
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.events.on('data', listener);
    return () => this.events.off('data', listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.events.on('close', listener);
    return () => this.events.off('close', listener);
  }
}

export type MemoryTransport = MemoryEnd;

/** A connected pair: give `host` to the driver and `device` to the simulator. */
export function createMemoryPair(name = 'memory'): { host: MemoryTransport; device: MemoryTransport } {
  const host = new MemoryEnd(`${name}:host`);
  const device = new MemoryEnd(`${name}:device`);
  host.peer = device;
  device.peer = host;
  return { host, device };
}
