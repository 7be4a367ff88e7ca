import type { StatusRequestKind } from './codec.ts';
import type { Align } from './escpos-adapter.ts';

/** One ESC/POS command as the simulated printer understands it. */
export type EscPosCommand =
  | { op: 'init' }
  | { op: 'align'; align: Align }
  | { op: 'size'; width: number; height: number }
  /** ESC ! n: bold, double width, double height in one byte. */
  | { op: 'mode'; bold: boolean; doubleWidth: boolean; doubleHeight: boolean }
  | { op: 'bold'; on: boolean }
  | { op: 'chinese'; on: boolean }
  | { op: 'quadruple'; on: boolean }
  /** FS ! n: double width / height of Chinese characters. */
  | { op: 'kanji-mode'; doubleWidth: boolean; doubleHeight: boolean }
  /** Printable bytes (ASCII or GB18030), not yet decoded: a character may span two chunks. */
  | { op: 'text'; bytes: Uint8Array }
  | { op: 'lf' }
  | { op: 'feed'; lines: number }
  | { op: 'cut'; partial: boolean; fn: 'A' | 'B' }
  | { op: 'qr-store'; data: Uint8Array }
  | { op: 'qr-print' }
  | { op: 'status-request'; n: StatusRequestKind }
  | { op: 'asb'; mask: number }
  /** Known but irrelevant to the ticket (QR settings, fonts, spacing) or not understood. */
  | { op: 'other'; bytes: Uint8Array };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;
const LF = 0x0a;

/** Total length of ESC x … commands with fixed arguments we may meet (node-escpos emits some). */
const ESC_LENGTH: Record<number, number> = {
  0x40: 2, 0x61: 3, 0x45: 3, 0x21: 3, 0x2d: 3, 0x34: 3, 0x4d: 3, 0x64: 3, 0x32: 2, 0x33: 3,
  0x74: 3, 0x52: 3, 0x4a: 3, 0x3d: 3, 0x70: 5, 0x42: 4, 0x46: 2, 0x47: 3, 0x56: 3, 0x7b: 3, 0x20: 3,
};
const GS_LENGTH: Record<number, number> = { 0x21: 3, 0x61: 3, 0x48: 3, 0x66: 3, 0x68: 3, 0x77: 3, 0x42: 3, 0x4c: 4 };
const FS_LENGTH: Record<number, number> = { 0x26: 2, 0x2e: 2, 0x57: 3, 0x21: 3 };

const MAX_2D_LENGTH = 7092 + 3;

const ALIGNS: Align[] = ['left', 'center', 'right'];

/**
 * Incremental ESC/POS interpreter: feed it chunks, get commands back. A command split across
 * chunks waits for the rest; unknown bytes come back as 'other'. Never throws.
 */
export class EscPosDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): EscPosCommand[] {
    this.pending = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : Buffer.from(chunk);
    const out: EscPosCommand[] = [];
    let i = 0;
    while (i < this.pending.length) {
      const used = this.one(this.pending, i, out);
      if (used === 0) break;
      i += used;
    }
    this.pending = this.pending.subarray(i);
    return out;
  }

  /** Decodes one command at `at`; returns bytes consumed, or 0 if the command is incomplete. */
  private one(buf: Buffer, at: number, out: EscPosCommand[]): number {
    const b = buf[at] ?? 0;
    const avail = buf.length - at;
    const arg = (k: number): number => buf[at + k] ?? 0;
    const other = (len: number): number => {
      out.push({ op: 'other', bytes: Uint8Array.from(buf.subarray(at, at + len)) });
      return len;
    };

    if (b >= 0x20) {
      let end = at;
      while (end < buf.length && (buf[end] ?? 0) >= 0x20) end++;
      out.push({ op: 'text', bytes: Uint8Array.from(buf.subarray(at, end)) });
      return end - at;
    }
    if (b === LF) {
      out.push({ op: 'lf' });
      return 1;
    }
    if (b === DLE) {
      if (avail < 3) return 0;
      const n = arg(2);
      if (arg(1) === 0x04 && n >= 1 && n <= 4) {
        out.push({ op: 'status-request', n: n as StatusRequestKind });
        return 3;
      }
      return other(1);
    }
    if (b === ESC) {
      if (avail < 2) return 0;
      const len = ESC_LENGTH[arg(1)];
      if (len === undefined) return other(2);
      if (avail < len) return 0;
      switch (arg(1)) {
        case 0x40:
          out.push({ op: 'init' });
          break;
        case 0x61:
          out.push({ op: 'align', align: ALIGNS[arg(2) % 48] ?? 'left' });
          break;
        case 0x45:
          out.push({ op: 'bold', on: (arg(2) & 1) === 1 });
          break;
        case 0x21:
          out.push({ op: 'mode', bold: (arg(2) & 0x08) !== 0, doubleHeight: (arg(2) & 0x10) !== 0, doubleWidth: (arg(2) & 0x20) !== 0 });
          break;
        case 0x64:
          out.push({ op: 'feed', lines: arg(2) });
          break;
        default:
          return other(len);
      }
      return len;
    }
    if (b === GS) {
      if (avail < 2) return 0;
      const c = arg(1);
      if (c === 0x56) return this.cut(buf, at, out);
      if (c === 0x28 && avail >= 3 && arg(2) === 0x6b) return this.twoD(buf, at, out);
      if (c === 0x28) return avail < 3 ? 0 : other(2);
      const len = GS_LENGTH[c];
      if (len === undefined) return other(2);
      if (avail < len) return 0;
      if (c === 0x21) out.push({ op: 'size', width: ((arg(2) >> 4) & 7) + 1, height: (arg(2) & 7) + 1 });
      else if (c === 0x61) out.push({ op: 'asb', mask: arg(2) });
      else return other(len);
      return len;
    }
    if (b === FS) {
      if (avail < 2) return 0;
      const len = FS_LENGTH[arg(1)];
      if (len === undefined) return other(2);
      if (avail < len) return 0;
      if (arg(1) === 0x26) out.push({ op: 'chinese', on: true });
      else if (arg(1) === 0x2e) out.push({ op: 'chinese', on: false });
      else if (arg(1) === 0x57) out.push({ op: 'quadruple', on: (arg(2) & 1) === 1 });
      else if (arg(1) === 0x21) out.push({ op: 'kanji-mode', doubleWidth: (arg(2) & 0x04) !== 0, doubleHeight: (arg(2) & 0x08) !== 0 });
      else return other(len);
      return len;
    }
    // CR, HT and other control bytes do not change the picture.
    return other(1);
  }

  private cut(buf: Buffer, at: number, out: EscPosCommand[]): number {
    if (buf.length - at < 3) return 0;
    const m = buf[at + 2] ?? 0;
    if (m === 0 || m === 1 || m === 48 || m === 49) {
      out.push({ op: 'cut', fn: 'A', partial: m % 48 === 1 });
      return 3;
    }
    if ([65, 66, 97, 98, 103, 104].includes(m)) {
      if (buf.length - at < 4) return 0;
      out.push({ op: 'cut', fn: 'B', partial: m % 2 === 0 });
      return 4;
    }
    out.push({ op: 'other', bytes: Uint8Array.from(buf.subarray(at, at + 3)) });
    return 3;
  }

  /** GS ( k pL pH cn fn …: only cn 49 (QR) fn 80 (store) and 81 (print) matter to the picture. */
  private twoD(buf: Buffer, at: number, out: EscPosCommand[]): number {
    if (buf.length - at < 5) return 0;
    const size = (buf[at + 3] ?? 0) + 256 * (buf[at + 4] ?? 0);
    // A corrupted length must not swallow the tickets that follow: no QR function is this long.
    if (size > MAX_2D_LENGTH) {
      out.push({ op: 'other', bytes: Uint8Array.from(buf.subarray(at, at + 5)) });
      return 5;
    }
    const total = 5 + size;
    if (buf.length - at < total) return 0;
    const cn = buf[at + 5];
    const fn = buf[at + 6];
    if (cn === 0x31 && fn === 0x50 && size >= 3) {
      out.push({ op: 'qr-store', data: Uint8Array.from(buf.subarray(at + 8, at + total)) });
    } else if (cn === 0x31 && fn === 0x51) {
      out.push({ op: 'qr-print' });
    } else {
      out.push({ op: 'other', bytes: Uint8Array.from(buf.subarray(at, at + total)) });
    }
    return total;
  }
}
