import { decodeOnbonBody, type OnbonFrame } from './codec.ts';
import { ONBON_END, ONBON_START, unescapeOnbon } from './escape.ts';

export interface OnbonParserOptions {
  /** Escaped bytes allowed between preamble and end before the frame is abandoned. Default 8192. */
  maxFrameBytes?: number;
  /** Frames dropped (bad escape, CRC, length) and why, for logs. */
  onReject?: (reason: string) => void;
  /** Deliver frames whose CRC does not match instead of rejecting them. Default false. */
  acceptBadCrc?: boolean;
}

/**
 * Finds Onbon frames in a byte stream. Any run of A5 starts a frame and 5A ends it; escaping
 * guarantees neither appears inside, so one bad frame never hides the next.
 */
export class OnbonParser {
  private body: number[] = [];
  private inFrame = false;
  private readonly max: number;

  constructor(private readonly options: OnbonParserOptions = {}) {
    this.max = options.maxFrameBytes ?? 8192;
  }

  reset(): void {
    this.inFrame = false;
    this.body = [];
  }

  push(chunk: Uint8Array): OnbonFrame[] {
    const frames: OnbonFrame[] = [];
    for (const b of chunk) {
      if (b === ONBON_START) {
        if (this.inFrame && this.body.length > 0) this.reject('frame restarted before its end byte');
        this.inFrame = true;
        this.body = [];
      } else if (!this.inFrame) {
        continue;
      } else if (b === ONBON_END) {
        const frame = this.finish();
        if (frame) frames.push(frame);
      } else if (this.body.length >= this.max) {
        this.reject(`frame longer than ${this.max} bytes`);
        this.reset();
      } else {
        this.body.push(b);
      }
    }
    return frames;
  }

  private finish(): OnbonFrame | undefined {
    const escaped = Uint8Array.from(this.body);
    this.reset();
    const unescaped = unescapeOnbon(escaped);
    if (!unescaped.ok) return this.reject(unescaped.reason);
    const decoded = decodeOnbonBody(unescaped.bytes);
    if (!decoded.ok) return this.reject(decoded.reason);
    if (!decoded.frame.crcOk && !this.options.acceptBadCrc) return this.reject('CRC mismatch');
    return decoded.frame;
  }

  private reject(reason: string): undefined {
    this.options.onReject?.(reason);
    return undefined;
  }
}
