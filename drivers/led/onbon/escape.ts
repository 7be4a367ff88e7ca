/**
 * Onbon byte stuffing between the A5 preamble and the 5A end byte, so neither marker appears inside:
 * A5 → A6 02, A6 → A6 01, 5A → 5B 02, 5B → 5B 01.
 */
export const ONBON_START = 0xa5;
export const ONBON_END = 0x5a;

export function escapeOnbon(bytes: Uint8Array): Buffer {
  const out: number[] = [];
  for (const b of bytes) {
    if (b === 0xa5) out.push(0xa6, 0x02);
    else if (b === 0xa6) out.push(0xa6, 0x01);
    else if (b === 0x5a) out.push(0x5b, 0x02);
    else if (b === 0x5b) out.push(0x5b, 0x01);
    else out.push(b);
  }
  return Buffer.from(out);
}

export type Unescaped = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** Never throws: an escape byte followed by anything but 01/02 is reported as a reason. */
export function unescapeOnbon(bytes: Uint8Array): Unescaped {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b !== 0xa6 && b !== 0x5b) {
      out.push(b);
      continue;
    }
    const next = bytes[++i];
    if (next === 0x01) out.push(b);
    else if (next === 0x02) out.push(b === 0xa6 ? 0xa5 : 0x5a);
    else return { ok: false, reason: `bad escape ${b.toString(16)} ${next === undefined ? 'at end' : next.toString(16)}` };
  }
  return { ok: true, bytes: Buffer.from(out) };
}
