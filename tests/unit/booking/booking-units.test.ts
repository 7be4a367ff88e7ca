import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ContactProtector, CONTACT_KEY_FILE } from '../../../server/auth/contact-data.ts';
import { ManualClock } from '../../../server/common/clock.ts';
import { slotGrid } from '../../../server/queue/booking-grid.ts';
import { BookingCodes } from '../../../server/usecases/booking-codes.ts';
import { BookingRateLimits, DEFAULT_BOOKING_LIMITS } from '../../../server/usecases/booking-limits.ts';
import { IdentityProtector } from '../../../server/auth/personal-data.ts';
import { createTestHall, type TestHall } from '../../fixtures/hall.ts';
import { idNumber } from '../../fixtures/sockets.ts';

const PHONE = '13812345678';

describe('slot grid', () => {
  it('cuts each period from its start, drops a remainder shorter than a slot, and keeps order', () => {
    const grid = slotGrid([{ start: '14:00', end: '15:10' }, { start: '08:30', end: '10:00' }], 30);
    expect(grid.map((s) => s.start)).toEqual(['08:30', '09:00', '09:30', '14:00', '14:30']);
    expect(grid.at(-1)).toEqual({ start: '14:30', end: '15:00' });
    expect(slotGrid([{ start: '09:00', end: '09:20' }], 30)).toEqual([]);
  });
});

describe('contact data (AES-256-GCM, key in the secrets directory)', () => {
  it('seals a phone so only this key opens it, with a fresh IV each time, and hashes it with a keyed hash', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-contact-'));
    const box = ContactProtector.load(dir);
    const key = path.join(dir, CONTACT_KEY_FILE);
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const a = box.seal(PHONE);
    const b = box.seal(PHONE);
    expect(a).toMatch(/^aesgcm1:/);
    expect(a).not.toBe(b);
    expect(a).not.toContain(PHONE);
    expect(box.open(a)).toBe(PHONE);
    // The same key file opens it again (a restart); another key does not.
    expect(ContactProtector.load(dir).open(b)).toBe(PHONE);
    const other = ContactProtector.load(mkdtempSync(path.join(tmpdir(), 'hallq-contact-')));
    expect(() => other.open(a)).toThrow();
    // A tampered ciphertext is refused, not decrypted into something else.
    const raw = Buffer.from(a.slice(8), 'base64url');
    raw[raw.length - 1]! ^= 1;
    expect(() => box.open(`aesgcm1:${raw.toString('base64url')}`)).toThrow();
    expect(box.hash(PHONE)).toMatch(/^[0-9a-f]{64}$/);
    expect(box.hash(PHONE)).toBe(ContactProtector.load(dir).hash(PHONE));
    expect(box.hash(PHONE)).not.toBe(other.hash(PHONE));
    expect(readFileSync(key, 'utf8')).not.toContain(PHONE);
  });
});

describe('SMS codes', () => {
  it('verifies the code of the phone it was sent to, expires it, and voids it after five wrong tries', () => {
    const clock = new ManualClock('2026-11-30T02:00:00Z');
    const codes = new BookingCodes(clock, 300, 5);
    const code = codes.issue('phone-a');
    expect(code).toMatch(/^\d{6}$/);
    expect(() => codes.verify('phone-b', code)).toThrow(/请先获取短信验证码/);
    codes.verify('phone-a', code);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 1; left--) expect(() => codes.verify('phone-a', wrong)).toThrow(`还可再试 ${left} 次`);
    expect(() => codes.verify('phone-a', wrong)).toThrow(/错误次数过多/);
    expect(() => codes.verify('phone-a', code)).toThrow(/请先获取短信验证码/);
    const later = codes.issue('phone-a');
    clock.advance(301_000);
    expect(() => codes.verify('phone-a', later)).toThrow(/已过期/);
  });
});

describe('rate limits', () => {
  it('per address and per phone, with Chinese refusals saying how long to wait', async () => {
    const rates = new BookingRateLimits({ ...DEFAULT_BOOKING_LIMITS, bookingsPerAddress: { points: 2, seconds: 3600 }, codesPerAddress: { points: 3, seconds: 600 }, codesPerPhoneDaily: 2, codeResendSeconds: 1 });
    await rates.booking('10.0.0.1');
    await rates.booking('10.0.0.1');
    await expect(rates.booking('10.0.0.1')).rejects.toMatchObject({ code: 'BOOKING_ADDRESS_LIMIT', kind: 'rate_limited', message: expect.stringMatching(/本网络预约次数过多，请 \d+ 分钟后再试/) });
    await rates.booking('10.0.0.2'); // another address is not held back
    await rates.code('10.0.0.3', 'p1');
    await expect(rates.code('10.0.0.3', 'p1')).rejects.toMatchObject({ code: 'SMS_CODE_TOO_SOON' });
    await expect(rates.code('10.0.0.3', 'p2')).resolves.toBeUndefined();
    await expect(rates.code('10.0.0.3', 'p3')).rejects.toMatchObject({ code: 'BOOKING_ADDRESS_LIMIT' });
  });
});

describe('erasure of contact data after the booking day', () => {
  let hall: TestHall | undefined;
  afterEach(() => hall?.close());

  it('clears sealed phone, hash and masked phone of bookings before the given day only', () => {
    hall = createTestHall();
    const box = ContactProtector.load(mkdtempSync(path.join(tmpdir(), 'hallq-contact-')));
    const ids = new IdentityProtector(Buffer.alloc(32, 7));
    const book = (date: string, n: string) =>
      hall!.engine.appointments.book({
        item: 'I1',
        date,
        slotStart: '16:00',
        identity: ids.protect(idNumber(`1101051980010${n}`)),
        phoneMasked: '138****5678',
        phone: { hash: box.hash(PHONE), sealed: box.seal(PHONE) },
        actor: { kind: 'public', id: null },
      });
    const today = book('2026-11-30', '1001');
    const tomorrow = book('2026-12-01', '1002');
    expect(hall.engine.appointments.eraseContactsBefore('2026-11-30')).toBe(0);
    expect(hall.engine.appointments.eraseContactsBefore('2026-12-01')).toBe(1);
    const row = (id: string) => hall!.db.prepare('SELECT phone_sealed, phone_hash, phone_masked FROM appointments WHERE id = ?').get(id);
    expect(row(today.id)).toEqual({ phone_sealed: null, phone_hash: null, phone_masked: null });
    expect((row(tomorrow.id) as { phone_sealed: string }).phone_sealed).toMatch(/^aesgcm1:/);
    expect(hall.engine.appointments.sealedPhone(tomorrow.id)).not.toBeNull();
    expect(box.open(hall.engine.appointments.sealedPhone(tomorrow.id)!)).toBe(PHONE);
  });
});

describe('limits from the environment', () => {
  it('reads the bookable days and per-ID/per-phone caps, and refuses a malformed value by name', async () => {
    const { bookingLimitsFromEnv } = await import('../../../server/usecases/booking-limits.ts');
    expect(bookingLimitsFromEnv({})).toEqual({});
    expect(bookingLimitsFromEnv({ HALL_BOOKING_DAYS: '14', HALL_BOOKING_PER_ID: '2', HALL_BOOKING_PER_PHONE: '5' })).toEqual({ bookableDays: 14, perIdOpen: 2, perPhoneOpen: 5 });
    expect(() => bookingLimitsFromEnv({ HALL_BOOKING_DAYS: '0' })).toThrow(/HALL_BOOKING_DAYS/);
    expect(() => bookingLimitsFromEnv({ HALL_BOOKING_PER_PHONE: 'many' })).toThrow(/HALL_BOOKING_PER_PHONE/);
  });
});
