/** GB 11643-1999 citizen identity numbers: validation, check digit and masking. */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';

export type IdNumberResult =
  | {
      ok: true;
      /** 18 characters, check character upper-case. */
      normalized: string;
      /** From digits 7–14, as YYYY-MM-DD. */
      birthDate: string;
      /** From digit 17: odd is male, even is female. */
      sex: 'male' | 'female';
    }
  | { ok: false; reason: string };

/** The check character for the first 17 digits. */
export function idCheckCharacter(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('the check character needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARS[sum % 11]!;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/**
 * Validates an 18-character identity number. Reasons never repeat the number, so they are safe
 * to log or show. `today` bounds the birth date (defaults to now).
 */
export function validateIdNumber(input: string, today: Date = new Date()): IdNumberResult {
  const s = input.trim().toUpperCase();
  if (s.length !== 18) return { ok: false, reason: `must be 18 characters, got ${s.length}` };
  if (!/^\d{17}[\dX]$/.test(s)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  if (s[0] === '0') return { ok: false, reason: 'address code cannot start with 0' };
  const year = Number(s.slice(6, 10));
  const month = Number(s.slice(10, 12));
  const day = Number(s.slice(12, 14));
  if (year < 1850 || !isCalendarDate(year, month, day)) return { ok: false, reason: 'birth date (digits 7–14) is not a valid date' };
  const todayUtc = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  if (Date.UTC(year, month - 1, day) > todayUtc) return { ok: false, reason: 'birth date (digits 7–14) is in the future' };
  if (idCheckCharacter(s.slice(0, 17)) !== s[17]) return { ok: false, reason: 'check character does not match (mistyped digit?)' };
  return {
    ok: true,
    normalized: s,
    birthDate: `${s.slice(6, 10)}-${s.slice(10, 12)}-${s.slice(12, 14)}`,
    sex: Number(s[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/**
 * Masks an identity number for display: only the last `keep` characters stay (default four:
 * "**************002X"). The first character is masked too: with the region it narrows a number down
 * enough to be brute-forced from a keyed hash and its key. Anything no longer than `keep` is masked entirely.
 */
export function maskIdNumber(input: string, keep = 4): string {
  const s = input.trim().toUpperCase();
  const tail = Math.max(0, Math.min(keep, s.length - 1));
  if (s.length <= keep) return '*'.repeat(s.length);
  return '*'.repeat(s.length - tail) + (tail ? s.slice(-tail) : '');
}
