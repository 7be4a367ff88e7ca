/**
 * GB 11643-1999 citizen identity numbers, checked in the browser before a typed number is sent: the
 * same rule as drivers/idnumber (which UIs may not import), kept pure and small. The server checks
 * again; this only lets a kiosk say at once, in Chinese, that a digit was mistyped.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdCheck = { ok: true; normalized: string } | { ok: false; problem: 'length' | 'format' | 'region' | 'birthDate' | 'checkDigit' };

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the check character needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

/** Checks an 18-character number: its shape, its birth date (not in the future) and its check character. */
export function checkIdNumber(input: string, today: Date = new Date()): IdCheck {
  const s = input.trim().toUpperCase();
  if (s.length !== 18) return { ok: false, problem: 'length' };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, problem: 'format' };
  if (s[0] === '0') return { ok: false, problem: 'region' };
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  const d = new Date(Date.UTC(year, month - 1, day));
  const real = year >= 1850 && d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
  if (!real || d.getTime() > Date.UTC(today.getFullYear(), today.getMonth(), today.getDate())) return { ok: false, problem: 'birthDate' };
  if (idCheckCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, problem: 'checkDigit' };
  return { ok: true, normalized: s };
}
