import {
  decodeAsb,
  decodeStatusReply,
  isAsbFirstByte,
  isStatusReplyByte,
  type AsbStatus,
  type StatusReply,
  type StatusRequestKind,
} from './codec.ts';

export type PrinterReply =
  /** A DLE EOT reply, matched to the oldest request still awaiting one. */
  | { type: 'status'; request: StatusRequestKind; byte: number; reply: StatusReply }
  | { type: 'asb'; bytes: Uint8Array; status: AsbStatus }
  /** Looks like a DLE EOT reply but nothing was asked (e.g. a reply arriving after its timeout). */
  | { type: 'stray'; byte: number }
  | { type: 'garbage'; bytes: Uint8Array };

/**
 * Splits the printer's byte stream into DLE EOT replies (one byte each, in request order) and
 * 4-byte ASB frames. The two are told apart by their fixed bits (b & 0x93 = 0x12 vs 0x10). Never
 * throws; anything else is reported as garbage and skipped.
 */
export class PrinterReplyParser {
  private readonly expected: StatusRequestKind[] = [];
  private asb: number[] | undefined;

  /** Record that a DLE EOT n request was sent, so its reply can be attributed. */
  expect(n: StatusRequestKind): void {
    this.expected.push(n);
  }

  /** Forget outstanding requests (after a timeout), so a late reply is not taken for the next one. */
  clearExpected(): void {
    this.expected.length = 0;
  }

  get pending(): readonly StatusRequestKind[] {
    return this.expected;
  }

  /** Drop all state, e.g. after the link reopened. */
  reset(): void {
    this.clearExpected();
    this.asb = undefined;
  }

  push(chunk: Uint8Array): PrinterReply[] {
    const out: PrinterReply[] = [];
    let garbage: number[] = [];
    const flushGarbage = (): void => {
      if (garbage.length > 0) out.push({ type: 'garbage', bytes: Uint8Array.from(garbage) });
      garbage = [];
    };

    for (const b of chunk) {
      if (this.asb) {
        // Epson fixes bits 4 and 7 of ASB bytes 2–4 at 0; bytes 2 and 3 are checked so a DLE EOT
        // reply or a new frame start inside a broken frame re-syncs. Byte 4 is vendor-specific.
        if (this.asb.length < 3 && (b & 0x90) !== 0) {
          garbage.push(...this.asb);
          this.asb = undefined;
        } else {
          this.asb.push(b);
          if (this.asb.length === 4) {
            const bytes = Uint8Array.from(this.asb);
            this.asb = undefined;
            const status = decodeAsb(bytes);
            flushGarbage();
            if (status) out.push({ type: 'asb', bytes, status });
          }
          continue;
        }
      }

      if (isAsbFirstByte(b)) {
        flushGarbage();
        this.asb = [b];
      } else if (isStatusReplyByte(b)) {
        flushGarbage();
        const request = this.expected.shift();
        const reply = request === undefined ? undefined : decodeStatusReply(request, b);
        if (request === undefined || !reply) out.push({ type: 'stray', byte: b });
        else out.push({ type: 'status', request, byte: b, reply });
      } else {
        garbage.push(b);
      }
    }
    flushGarbage();
    return out;
  }
}
