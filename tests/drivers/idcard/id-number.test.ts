import { describe, expect, it } from 'vitest';
import { idCheckCharacter, maskIdNumber, validateIdNumber } from '../../../drivers/idnumber/id-number.ts';

const today = new Date(2026, 0, 1);

describe('GB 11643 identity numbers', () => {
  it('accepts the worked example 11010519491231002X (sum 167, remainder 2 → X)', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
    expect(validateIdNumber('11010519491231002X', today)).toEqual({
      ok: true,
      normalized: '11010519491231002X',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('normalises a lower-case x and surrounding spaces', () => {
    const r = validateIdNumber(' 11010519491231002x ', today);
    expect(r.ok && r.normalized).toBe('11010519491231002X');
  });

  it('rejects a wrong check character without repeating the number', () => {
    const r = validateIdNumber('110105194912310021', today);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/check character/) });
    if (!r.ok) expect(r.reason).not.toContain('1101051949');
  });

  it('rejects impossible or future birth dates even when the check character fits', () => {
    const feb30 = '11010519490230001';
    expect(validateIdNumber(feb30 + idCheckCharacter(feb30), today)).toEqual({ ok: false, reason: expect.stringMatching(/not a valid date/) });
    const future = '11010520300101001';
    expect(validateIdNumber(future + idCheckCharacter(future), today)).toEqual({ ok: false, reason: expect.stringMatching(/future/) });
    const leap = '11010520000229001';
    expect(validateIdNumber(leap + idCheckCharacter(leap), today).ok).toBe(true);
  });

  it('rejects wrong lengths and characters', () => {
    expect(validateIdNumber('11010519491231002', today)).toEqual({ ok: false, reason: 'must be 18 characters, got 17' });
    expect(validateIdNumber('1101051949123100XX', today).ok).toBe(false);
    expect(validateIdNumber('01010519491231002X', today).ok).toBe(false);
  });

  it('reads the sex from digit 17', () => {
    const male = '53010219650312001';
    const r = validateIdNumber(male + idCheckCharacter(male), today);
    expect(r.ok && r.sex).toBe('male');
  });

  it('masks all but the last four characters (or as many as configured)', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('**************002X');
    expect(maskIdNumber('11010519491231002x')).toBe('**************002X');
    expect(maskIdNumber('11010519491231002X', 2)).toBe('****************2X');
    expect(maskIdNumber('11010519491231002X', 0)).toBe('******************');
    expect(maskIdNumber('1234')).toBe('****');
  });
});
