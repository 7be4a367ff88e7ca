/**
 * What ends a code and what wraps it, as the scanner was configured with its setup barcodes
 * (protocols.md §6: suffix CR by default, CRLF/LF/Tab or none on some units; optional AIM prefix).
 */
export type ScanTerminator = 'CR' | 'CRLF' | 'LF' | 'TAB' | 'none';

export interface ScannerFraming {
  /** Default CR (0x0D). With CRLF the LF after a CR is dropped; with 'none' a pause ends the code. */
  terminator: ScanTerminator;
  /** With terminator 'none': the pause after the last byte that ends a code. Default 80 ms. */
  idleMs: number;
  /** Remove an AIM symbology identifier (`]Q1`, `]C0` …) at the start of a code. Default true. */
  stripAim: boolean;
  /** An identical code again within this many ms is the same scan (the code still under the window). Default 2000. */
  repeatWindowMs: number;
  /** Longest code accepted; longer input is dropped as noise. Default 2048 characters. */
  maxLength: number;
}

export const DEFAULT_FRAMING: ScannerFraming = { terminator: 'CR', idleMs: 80, stripAim: true, repeatWindowMs: 2000, maxLength: 2048 };

const AIM = /^\][A-Za-z][0-9A-Za-z]/;

/** The code without its AIM symbology identifier, and the identifier (e.g. "]Q1" for QR) if there was one. */
export function splitAim(code: string): { code: string; aim: string | null } {
  const m = AIM.exec(code);
  return m ? { code: code.slice(3), aim: m[0] } : { code, aim: null };
}

/** The bytes a scanner sends after a code for a terminator. */
export function terminatorBytes(t: ScanTerminator): number[] {
  switch (t) {
    case 'CR':
      return [0x0d];
    case 'CRLF':
      return [0x0d, 0x0a];
    case 'LF':
      return [0x0a];
    case 'TAB':
      return [0x09];
    case 'none':
      return [];
  }
}
