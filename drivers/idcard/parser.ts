import { Transform, type TransformCallback } from 'node:stream';
import { HEADER_LENGTH, PREAMBLE, xor } from './codec.ts';

export type SamParseEvent =
  | { type: 'frame'; frame: Buffer }
  /** A complete frame whose XOR did not match; the parser skipped one byte and searched on. */
  | { type: 'bad-checksum'; length: number };

export interface SamFrameParserOptions {
  /**
   * Longest frame accepted, in bytes. A LEN above this is treated as garbage rather than waited
   * for. Default 4096: the largest real reply (30 10, text + photo + fingerprint) is about 2.3 kB.
   */
  maxFrameLength?: number;
}

/** LEN counts at least SW1/CMD, SW2/PARA and CHK. */
const MIN_LEN = 3;

/**
 * Finds SAM frames in a byte stream, in either direction. Bytes that cannot start a frame are
 * dropped and counted; a frame with a bad checksum is reported and searching resumes one byte
 * after its start, so a good frame hiding inside garbage is still found. Never throws.
 */
export class SamFrameParser {
  private buffer = Buffer.alloc(0);
  /** Bytes discarded while searching for a preamble or skipping bad frames. */
  droppedBytes = 0;
  badChecksums = 0;
  private readonly maxFrameLength: number;

  constructor(options: SamFrameParserOptions = {}) {
    this.maxFrameLength = options.maxFrameLength ?? 4096;
  }

  /** Bytes held while waiting for the rest of a frame. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Forget a partial frame, e.g. after a timeout or a reconnect. */
  reset(): void {
    this.droppedBytes += this.buffer.length;
    this.buffer = Buffer.alloc(0);
  }

  push(chunk: Uint8Array): SamParseEvent[] {
    const events: SamParseEvent[] = [];
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : Buffer.from(chunk);
    for (;;) {
      const start = this.buffer.indexOf(PREAMBLE);
      if (start < 0) {
        this.keepPossiblePreamble();
        return events;
      }
      if (start > 0) this.skip(start);
      if (this.buffer.length < HEADER_LENGTH) return events;
      const len = this.buffer.readUInt16BE(5);
      const total = HEADER_LENGTH + len;
      if (len < MIN_LEN || total > this.maxFrameLength) {
        this.skip(1);
        continue;
      }
      if (this.buffer.length < total) return events;
      const frame = this.buffer.subarray(0, total);
      if (xor(frame, 5, total - 1) !== frame[total - 1]) {
        this.badChecksums++;
        events.push({ type: 'bad-checksum', length: total });
        this.skip(1);
        continue;
      }
      events.push({ type: 'frame', frame: Buffer.from(frame) });
      this.buffer = this.buffer.subarray(total);
    }
  }

  private skip(n: number): void {
    this.droppedBytes += n;
    this.buffer = this.buffer.subarray(n);
  }

  /** With no preamble in sight, keep only a tail that could be the start of one. */
  private keepPossiblePreamble(): void {
    for (let keep = Math.min(PREAMBLE.length - 1, this.buffer.length); keep > 0; keep--) {
      if (this.buffer.subarray(this.buffer.length - keep).equals(PREAMBLE.subarray(0, keep))) {
        this.skip(this.buffer.length - keep);
        return;
      }
    }
    this.skip(this.buffer.length);
  }
}

/** The same parser as an object-mode stream Transform that emits each good frame as a Buffer. */
export class SamFrameStream extends Transform {
  readonly parser: SamFrameParser;

  constructor(options: SamFrameParserOptions = {}) {
    super({ readableObjectMode: true });
    this.parser = new SamFrameParser(options);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const event of this.parser.push(chunk)) if (event.type === 'frame') this.push(event.frame);
    callback();
  }
}
