/**
 * Column arithmetic for a printer in Chinese mode: every ASCII character takes one column and every
 * GB18030 multi-byte character (hanzi, full-width punctuation) takes two.
 */

export function charWidth(ch: string): number {
  return (ch.codePointAt(0) ?? 0) < 0x80 ? 1 : 2;
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Closing punctuation that must not start a line (basic 禁则). */
const NO_LINE_START = new Set(Array.from('，。、；：？！）》」』】〕”’…％'));

const isAsciiWordChar = (ch: string | undefined): boolean => ch !== undefined && /^[\x21-\x7e]$/.test(ch);

/**
 * Greedy wrap to `columns` display columns. ASCII words (numbers, URLs) move whole to the next
 * line when they follow a space, and closing punctuation pulls the previous character along
 * rather than opening a line. Embedded newlines start new lines.
 */
export function wrapText(text: string, columns: number): string[] {
  if (!Number.isInteger(columns) || columns < 4) throw new RangeError(`cannot wrap to ${columns} columns`);
  const out: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line: string[] = [];
    let width = 0;
    for (const ch of paragraph) {
      const cw = charWidth(ch);
      if (width + cw > columns) {
        let carry: string[] = [];
        if (isAsciiWordChar(ch)) {
          let i = line.length;
          while (i > 0 && isAsciiWordChar(line[i - 1])) i--;
          if (i > 0 && i < line.length && line[i - 1] === ' ') carry = line.splice(i);
        } else if (NO_LINE_START.has(ch) && line.length > 1) {
          carry = line.splice(line.length - 1);
        }
        out.push(line.join('').trimEnd());
        line = carry;
        width = displayWidth(carry.join(''));
        if (ch === ' ' && line.length === 0) continue;
      }
      line.push(ch);
      width += cw;
    }
    out.push(line.join('').trimEnd());
  }
  return out;
}

/** Wraps `text` under a prefix such as "1. ", indenting continuation lines by the prefix width. */
export function wrapWithHangingIndent(prefix: string, text: string, columns: number): string[] {
  const indent = displayWidth(prefix);
  const lines = wrapText(text, Math.max(4, columns - indent));
  return lines.map((l, i) => (i === 0 ? prefix : ' '.repeat(indent)) + l);
}
