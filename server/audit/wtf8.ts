/**
 * Decodes WTF-8 (UTF-8 that may also encode lone surrogates as ED A0..BF xx) into the exact UTF-16
 * code units it came from; null for bytes that are neither. Before the audit log made its text
 * well-formed, V8 wrote a string with a lone surrogate to SQLite in this form, and reading it back as
 * text gave U+FFFD instead: the bytes still hold the original, so old entries can be checked exactly.
 */
export function decodeWtf8(b: Uint8Array): string | null {
  const units: number[] = [];
  let out = '';
  /** A 3-byte high surrogate just before: a low one right after it would be a pair spelled the wrong way. */
  let highBefore = false;
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    let cp: number;
    let n: number;
    if (c < 0x80) (cp = c), (n = 1);
    else if (c >= 0xc2 && c <= 0xdf) (cp = c & 0x1f), (n = 2);
    else if (c >= 0xe0 && c <= 0xef) (cp = c & 0x0f), (n = 3);
    else if (c >= 0xf0 && c <= 0xf4) (cp = c & 0x07), (n = 4);
    else return null;
    if (i + n > b.length) return null;
    for (let k = 1; k < n; k++) {
      const cc = b[i + k]!;
      if ((cc & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (cc & 0x3f);
    }
    // Shortest form only; surrogates (U+D800–DFFF) are what WTF-8 adds to UTF-8.
    if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff))) return null;
    const high = n === 3 && cp >= 0xd800 && cp <= 0xdbff;
    if (highBefore && n === 3 && cp >= 0xdc00 && cp <= 0xdfff) return null;
    highBefore = high;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff));
    } else units.push(cp);
    i += n;
    if (units.length >= 4096) (out += String.fromCharCode(...units)), (units.length = 0);
  }
  return out + String.fromCharCode(...units);
}
