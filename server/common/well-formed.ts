import { DomainError } from './errors.ts';

/**
 * Well-formed text: a JavaScript string may hold a lone UTF-16 surrogate (JSON's "\ud800" escape
 * makes one), which no UTF-8 store can keep. SQLite gets such a string as WTF-8 bytes and hands back
 * U+FFFD replacement characters, so what was written and what is read differ. These helpers find and
 * repair such strings; everything else (U+0000, noncharacters, astral characters) is well-formed.
 */

/** A high surrogate not followed by a low one, or a low one not preceded by a high one (code units, no `u` flag). */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

export function isWellFormed(s: string): boolean {
  return !LONE_SURROGATE.test(s);
}

/** Each lone surrogate replaced by U+FFFD, as every UTF-8 encoder (TextEncoder, String#toWellFormed) does. */
export function toWellFormed(s: string): string {
  return isWellFormed(s) ? s : s.replace(LONE_SURROGATES, '\uFFFD');
}

/**
 * Whether the hall's stores and the centre's keep `s` exactly: well-formed, and without U+0000, which
 * PostgreSQL text and jsonb (where the uplink sends every event) refuse outright.
 */
export function isStorableText(s: string): boolean {
  return isWellFormed(s) && !s.includes('\u0000');
}

/**
 * The path (`a.b[2]`, `(key)` for a key) of the first string in a JSON-like value that is not
 * storable text (see isStorableText), keys included; null when all are. Iterative, so a deeply
 * nested body cannot exhaust the stack.
 */
export function findMalformedText(value: unknown): string | null {
  const stack: { v: unknown; at: string }[] = [{ v: value, at: '' }];
  while (stack.length) {
    const { v, at } = stack.pop()!;
    if (typeof v === 'string') {
      if (!isStorableText(v)) return at || '(value)';
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], at: `${at}[${i}]` });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        const here = at ? `${at}.${k}` : k;
        if (!isStorableText(k)) return `${toWellFormed(here).replaceAll('\u0000', '\\u0000')} (key)`;
        stack.push({ v: child, at: here });
      }
    }
  }
  return null;
}

/** The refusal for a request or socket payload that carries text no store can keep exactly. */
export function malformedText(at: string): DomainError {
  return new DomainError('invalid', 'MALFORMED_TEXT', `请求中的文字含有无效字符（不成对的 UTF-16 代理项或空字符 U+0000，位置：${at}），请删除后重新输入。`, { path: at });
}
