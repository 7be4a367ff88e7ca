import { EventEmitter } from 'node:events';

interface Events {
  data: [Buffer];
  close: [Error | undefined];
}

/**
 * The listener bookkeeping every transport needs. Close is reported once per opening, because
 * Transport promises "called once" and the underlying libraries may signal a drop twice
 * (an error event followed by a close event).
 */
export class TransportEvents {
  private readonly emitter = new EventEmitter<Events>();
  private closed = false;

  /** Call after each successful open. */
  reset(): void {
    this.closed = false;
  }

  data(chunk: Buffer): void {
    this.emitter.emit('data', chunk);
  }

  close(error?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.emitter.emit('close', error);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.emitter.on('data', listener);
    return () => this.emitter.off('data', listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.emitter.on('close', listener);
    return () => this.emitter.off('close', listener);
  }
}
