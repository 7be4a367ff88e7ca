import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors.ts';

/**
 * The limits of public booking (README: “Online booking”). Per ID and per phone they are counts of live
 * bookings in the database (checked in the booking's transaction); per client address and per phone
 * for SMS codes they are rate limits in memory (rate-limiter-flexible, as the sign-in limits are).
 */
export interface BookingLimits {
  /** Live (booked, today or later) bookings one ID number may hold. */
  perIdOpen: number;
  /** Live bookings one phone number may hold. */
  perPhoneOpen: number;
  /** Bookings (tries included) one client address may make per window. */
  bookingsPerAddress: { points: number; seconds: number };
  /** SMS codes one client address may ask for per window. */
  codesPerAddress: { points: number; seconds: number };
  /** Look-ups and cancellations (code + phone) one address may try per window: a 6-digit code is guessable otherwise. */
  lookupsPerAddress: { points: number; seconds: number };
  /** Seconds before the same phone may get another code. */
  codeResendSeconds: number;
  /** SMS codes per phone per day. */
  codesPerPhoneDaily: number;
  /** How long a code is valid. */
  codeTtlSeconds: number;
  /** Wrong codes before a code is void. */
  codeMaxTries: number;
  /** Days ahead that can be booked, today included. */
  bookableDays: number;
}

export const DEFAULT_BOOKING_LIMITS: BookingLimits = {
  perIdOpen: 3,
  perPhoneOpen: 3,
  bookingsPerAddress: { points: 20, seconds: 3600 },
  codesPerAddress: { points: 10, seconds: 600 },
  lookupsPerAddress: { points: 30, seconds: 600 },
  codeResendSeconds: 60,
  codesPerPhoneDaily: 10,
  codeTtlSeconds: 300,
  codeMaxTries: 5,
  bookableDays: 7,
};

const waitText = (seconds: number) => (seconds >= 120 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`);

export const limitRefusal = {
  address: (what: string, retryAfterSeconds: number) =>
    new DomainError('rate_limited', 'BOOKING_ADDRESS_LIMIT', `本网络${what}次数过多，请 ${waitText(retryAfterSeconds)}后再试；如需帮助请拨打大厅电话。`, { retryAfterSeconds }),
  resend: (retryAfterSeconds: number) => new DomainError('rate_limited', 'SMS_CODE_TOO_SOON', `验证码已发送，请 ${waitText(retryAfterSeconds)}后再重新获取。`, { retryAfterSeconds }),
  phoneDaily: () => new DomainError('rate_limited', 'SMS_CODE_DAILY_LIMIT', '该手机号今日获取验证码次数已达上限，请明天再试或到大厅现场办理。'),
};

function retryAfter(refusal: unknown): number {
  return refusal instanceof RateLimiterRes ? Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) : 1;
}

/** The in-memory rate limits of one hall server. */
export class BookingRateLimits {
  private readonly bookings: RateLimiterMemory;
  private readonly codes: RateLimiterMemory;
  private readonly lookups: RateLimiterMemory;
  private readonly resend: RateLimiterMemory;
  private readonly phoneDaily: RateLimiterMemory;

  constructor(readonly limits: BookingLimits) {
    this.bookings = new RateLimiterMemory({ keyPrefix: 'booking-address', points: limits.bookingsPerAddress.points, duration: limits.bookingsPerAddress.seconds });
    this.codes = new RateLimiterMemory({ keyPrefix: 'sms-address', points: limits.codesPerAddress.points, duration: limits.codesPerAddress.seconds });
    this.lookups = new RateLimiterMemory({ keyPrefix: 'lookup-address', points: limits.lookupsPerAddress.points, duration: limits.lookupsPerAddress.seconds });
    this.resend = new RateLimiterMemory({ keyPrefix: 'sms-resend', points: 1, duration: limits.codeResendSeconds });
    this.phoneDaily = new RateLimiterMemory({ keyPrefix: 'sms-phone-day', points: limits.codesPerPhoneDaily, duration: 86_400 });
  }

  async booking(address: string): Promise<void> {
    try {
      await this.bookings.consume(address);
    } catch (r) {
      throw limitRefusal.address('预约', retryAfter(r));
    }
  }

  async lookup(address: string): Promise<void> {
    try {
      await this.lookups.consume(address);
    } catch (r) {
      throw limitRefusal.address('查询预约', retryAfter(r));
    }
  }

  /** Counted per address, then per phone (keyed hash): resend gap and daily count. */
  async code(address: string, phoneHash: string): Promise<void> {
    try {
      await this.codes.consume(address);
    } catch (r) {
      throw limitRefusal.address('获取验证码', retryAfter(r));
    }
    try {
      await this.resend.consume(phoneHash);
    } catch (r) {
      throw limitRefusal.resend(retryAfter(r));
    }
    try {
      await this.phoneDaily.consume(phoneHash);
    } catch {
      throw limitRefusal.phoneDaily();
    }
  }
}

/**
 * A hall's own limits from the environment (main.ts and tests get the defaults otherwise):
 * HALL_BOOKING_DAYS (days ahead, today included, 1–60), HALL_BOOKING_PER_ID and HALL_BOOKING_PER_PHONE
 * (live bookings, 1–20). A malformed value stops the start with a message naming it.
 */
export function bookingLimitsFromEnv(env: NodeJS.ProcessEnv): Partial<BookingLimits> {
  const read = (name: string, min: number, max: number): number | undefined => {
    const raw = env[name]?.trim();
    if (!raw) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${name}: "${raw}" should be a whole number from ${min} to ${max}`);
    return n;
  };
  const days = read('HALL_BOOKING_DAYS', 1, 60);
  const perId = read('HALL_BOOKING_PER_ID', 1, 20);
  const perPhone = read('HALL_BOOKING_PER_PHONE', 1, 20);
  return {
    ...(days !== undefined ? { bookableDays: days } : {}),
    ...(perId !== undefined ? { perIdOpen: perId } : {}),
    ...(perPhone !== undefined ? { perPhoneOpen: perPhone } : {}),
  };
}
