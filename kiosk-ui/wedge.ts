/**
 * A scanner in USB keyboard mode types its code into the page as key presses, far faster than a
 * person, and ends it with Enter. This tells such a burst from a person typing: printable keys less
 * than `gapMs` apart, at least `minLength` of them, then Enter. Keys typed into a text field (the
 * search or name input) are that field's, not a scan.
 */
export class WedgeReader {
  private buffer = '';
  private last = 0;

  constructor(
    private readonly gapMs = 60,
    private readonly minLength = 6,
  ) {}

  /** One key press (KeyboardEvent.key) at `at` ms; the scanned code when this Enter ends a burst. */
  key(key: string, at: number): string | null {
    if (at - this.last > this.gapMs) this.buffer = '';
    this.last = at;
    if (key === 'Enter') {
      const code = this.buffer;
      this.buffer = '';
      return code.length >= this.minLength ? code : null;
    }
    if (key.length === 1 && key >= '!' && key <= '~') this.buffer += key;
    else this.buffer = '';
    return null;
  }
}
