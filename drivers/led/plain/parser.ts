import iconv from 'iconv-lite';
import type { PlainLedProtocol } from './codec.ts';

export interface PlainLedFrame {
  address?: number | undefined;
  area?: number | undefined;
  /** Frame body after address and area: effect bytes (if any) and the text, still encoded. */
  body: Buffer;
  /** body decoded with the protocol's encoding, effect bytes removed when they match a configured effect. */
  text: string;
  /** Which configured effect prefix the body started with. */
  effect?: string | undefined;
  brightness?: number | undefined;
}

/**
 * Splits a byte stream into plain LED frames at the suffix, then strips prefix, address and area.
 * Lines that do not start with the prefix are dropped; never throws.
 */
export class PlainLedParser {
  private buffer = Buffer.alloc(0);
  private readonly suffix: Buffer;
  private readonly prefix: Buffer;

  constructor(private readonly protocol: PlainLedProtocol, private readonly maxFrameBytes = 4096) {
    this.suffix = Buffer.from(protocol.suffix);
    this.prefix = Buffer.from(protocol.prefix);
  }

  push(chunk: Uint8Array): PlainLedFrame[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const frames: PlainLedFrame[] = [];
    for (;;) {
      const end = this.buffer.indexOf(this.suffix);
      if (end < 0) {
        if (this.buffer.length > this.maxFrameBytes) this.buffer = this.buffer.subarray(this.buffer.length - this.suffix.length);
        return frames;
      }
      const line = this.buffer.subarray(0, end);
      this.buffer = this.buffer.subarray(end + this.suffix.length);
      const start = this.prefix.length ? line.lastIndexOf(this.prefix) : 0;
      if (start < 0) continue;
      const frame = this.decode(line.subarray(start + this.prefix.length));
      if (frame) frames.push(frame);
    }
  }

  private decode(rest: Buffer): PlainLedFrame | undefined {
    const p = this.protocol;
    let o = 0;
    let address: number | undefined;
    if (p.address.kind === 'byte') address = rest[o++];
    else if (p.address.kind === 'ascii') {
      const digits = rest.toString('ascii', 0, p.address.digits);
      if (!/^\d+$/.test(digits)) return undefined;
      address = Number(digits);
      o += p.address.digits;
    }
    const area = p.areaByte ? rest[o++] : undefined;
    if (o > rest.length) return undefined;
    const body = Buffer.from(rest.subarray(o));
    if (p.brightnessPrefix && body.length === p.brightnessPrefix.length + 1 && body.subarray(0, -1).equals(Buffer.from(p.brightnessPrefix))) {
      return { address, area, body, text: '', brightness: body[body.length - 1] };
    }
    // Longest matching effect prefix wins, so "scroll" and "scrollLeft" can share leading bytes.
    let effect: string | undefined;
    let skip = 0;
    for (const [name, bytes] of Object.entries(p.effects)) {
      if (bytes && bytes.length > skip && body.subarray(0, bytes.length).equals(Buffer.from(bytes))) {
        effect = name;
        skip = bytes.length;
      }
    }
    return { address, area, body, effect, text: iconv.decode(body.subarray(skip), p.encoding) };
  }
}
