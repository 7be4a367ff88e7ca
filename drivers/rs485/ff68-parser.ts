import { Transform, type TransformCallback } from 'node:stream';
import { decodeFf68, FF68_END, FF68_HEAD, FF68_START, type Ff68Frame } from './ff68-codec.ts';

export interface Ff68ParserOptions {
  /** Smallest accepted L. The source host rejects L <= 2 from devices, hence 3. */
  minLength?: number;
  /** Largest accepted L; bounds how long a false start can hold the buffer. Source host: 5. */
  maxLength?: number;
  /** Bytes thrown away while re-syncing, for diagnostics. */
  onGarbage?: (bytes: Buffer) => void;
}

/**
 * Finds FF68 frames in a byte stream. Any byte that cannot start a valid frame is discarded one at
 * a time, so a frame following garbage or a truncated frame is still found.
 */
export class Ff68Parser {
  private buffer = Buffer.alloc(0);
  private readonly minLength: number;
  private readonly maxLength: number;
  private readonly onGarbage: ((bytes: Buffer) => void) | undefined;

  constructor(options: Ff68ParserOptions = {}) {
    this.minLength = options.minLength ?? 3;
    this.maxLength = options.maxLength ?? 5;
    this.onGarbage = options.onGarbage;
  }

  reset(): void {
    this.buffer = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): Ff68Frame[] {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : Buffer.from(chunk);
    const frames: Ff68Frame[] = [];
    for (;;) {
      const start = this.findStart();
      if (start < 0) {
        // Keep a trailing FF: it may be the first half of the next start marker.
        const keep = this.buffer[this.buffer.length - 1] === FF68_HEAD ? 1 : 0;
        this.discard(this.buffer.length - keep);
        return frames;
      }
      this.discard(start);
      if (this.buffer.length < 5) return frames;
      const length = this.buffer[2] ?? 0;
      const sane = this.buffer[3] === length && this.buffer[4] === FF68_START &&
        length >= this.minLength && length <= this.maxLength;
      if (!sane) {
        this.discard(1);
        continue;
      }
      const total = length + 7;
      if (this.buffer.length < total) return frames;
      const decoded = this.buffer[total - 1] === FF68_END ? decodeFf68(this.buffer.subarray(0, total)) : undefined;
      if (!decoded?.ok) {
        this.discard(1);
        continue;
      }
      frames.push(decoded.frame);
      this.buffer = this.buffer.subarray(total);
    }
  }

  private findStart(): number {
    for (let i = 0; i + 1 < this.buffer.length; i++) {
      if (this.buffer[i] === FF68_HEAD && this.buffer[i + 1] === FF68_START) return i;
    }
    return -1;
  }

  private discard(count: number): void {
    if (count <= 0) return;
    const dropped = Buffer.from(this.buffer.subarray(0, count));
    this.buffer = this.buffer.subarray(count);
    this.onGarbage?.(dropped);
  }
}

/** The parser as an object-mode Transform: bytes in, Ff68Frame objects out. */
export function createFf68ParserStream(options: Omit<Ff68ParserOptions, 'onGarbage'> = {}): Transform {
  const parser = new Ff68Parser(options);
  return new Transform({
    readableObjectMode: true,
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      for (const frame of parser.push(chunk)) this.push(frame);
      callback();
    },
  });
}
