/**
 * A scanner in USB keyboard mode types its code into whatever page has focus, much faster than a
 * person can (a few ms per key) and ends it with Enter (protocols.md §6). This tells such a burst
 * from a person at a keyboard, so a kiosk page can take scans without an input field.
 */
export interface ScanWedgeOptions {
  /** Longest pause between two keys of one scan, ms. Default 50. */
  maxGapMs?: number;
  /** Shortest code taken (booking codes have 6 digits). Default 6. */
  minLength?: number;
  /** Longest code taken. Default 2048. */
  maxLength?: number;
}

export class ScanWedge {
  private buffer = '';
  private last = -Infinity;
  private readonly maxGapMs: number;
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(options: ScanWedgeOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 50;
    this.minLength = options.minLength ?? 6;
    this.maxLength = options.maxLength ?? 2048;
  }

  /**
   * One KeyboardEvent.key at time `at` (ms). Returns the scanned code when `key` is the Enter that ends
   * a fast burst, else null. A slow key starts a new burst, so a person typing never produces a scan.
   */
  key(key: string, at: number): string | null {
    const gap = at - this.last;
    this.last = at;
    if (key === 'Enter') {
      const code = this.buffer;
      this.buffer = '';
      return gap <= this.maxGapMs && code.length >= this.minLength && code.length <= this.maxLength ? code : null;
    }
    if (key.length !== 1 || key < '!' || key > '~') {
      // Shift and other modifiers come as named keys between the characters of a scan.
      if (key !== 'Shift') this.buffer = '';
      return null;
    }
    this.buffer = gap <= this.maxGapMs ? this.buffer + key : key;
    if (this.buffer.length > this.maxLength) this.buffer = '';
    return null;
  }
}
