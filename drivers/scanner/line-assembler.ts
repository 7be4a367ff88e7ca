import { DEFAULT_FRAMING, type ScannerFraming } from './framing.ts';

export type AssembledScan = { kind: 'code'; text: string } | { kind: 'overlong'; length: number };

/**
 * Serial (USB CDC / RS-232) input → codes. Bytes arrive in arbitrary chunks; a terminator ends a
 * code. CR, LF and CRLF all end a line whatever the configured terminator is, since units are often
 * re-configured without telling the hall, but a TAB ends one only when configured (a Base64 payload
 * never holds a TAB, a booking code never holds CR). Text is decoded as UTF-8 once the line is whole,
 * so a multi-byte character split across chunks survives.
 */
export class LineAssembler {
  private bytes: number[] = [];
  private overlong = 0;
  private lastWasCr = false;
  private readonly framing: ScannerFraming;

  constructor(framing: Partial<ScannerFraming> = {}) {
    this.framing = { ...DEFAULT_FRAMING, ...framing };
  }

  /** Feeds one chunk; returns the codes (and overlong drops) it completed. */
  push(chunk: Uint8Array): AssembledScan[] {
    const out: AssembledScan[] = [];
    for (const b of chunk) {
      const cr = b === 0x0d;
      const lf = b === 0x0a;
      const tab = b === 0x09 && this.framing.terminator === 'TAB';
      if (lf && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = cr;
      if (cr || lf || tab) {
        const done = this.take();
        if (done) out.push(done);
        continue;
      }
      if (this.bytes.length >= this.maxBytes()) this.overlong++;
      else this.bytes.push(b);
    }
    return out;
  }

  /** Ends the code in progress (terminator 'none': called after the idle pause). */
  flush(): AssembledScan | undefined {
    this.lastWasCr = false;
    return this.take();
  }

  get pending(): boolean {
    return this.bytes.length > 0 || this.overlong > 0;
  }

  private maxBytes(): number {
    // UTF-8: at most 4 bytes per character.
    return this.framing.maxLength * 4;
  }

  private take(): AssembledScan | undefined {
    const bytes = this.bytes;
    const overlong = this.overlong;
    this.bytes = [];
    this.overlong = 0;
    if (overlong > 0) return { kind: 'overlong', length: bytes.length + overlong };
    if (bytes.length === 0) return undefined;
    const text = Buffer.from(bytes).toString('utf8');
    if ([...text].length > this.framing.maxLength) return { kind: 'overlong', length: bytes.length };
    return { kind: 'code', text };
  }
}
