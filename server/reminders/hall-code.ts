import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The rotating 我已到达 code of the QR posted in the hall (a screen shows it): six digits from an HMAC of
 * the time window, so only someone standing in the hall (or told by one) knows the current one. The
 * current and the previous window's codes are accepted, so a code read just before it turns still works.
 */
export class HallCode {
  constructor(private readonly key: Buffer) {}

  private codeFor(window: number): string {
    const mac = createHmac('sha256', this.key).update(`hall-arrival:${window}`).digest();
    return String(mac.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  }

  current(now: Date, minutes: number): { code: string; validUntil: Date } {
    const span = minutes * 60_000;
    const window = Math.floor(now.getTime() / span);
    return { code: this.codeFor(window), validUntil: new Date((window + 1) * span) };
  }

  accepts(code: string, now: Date, minutes: number): boolean {
    const window = Math.floor(now.getTime() / (minutes * 60_000));
    return [window, window - 1].some((w) => {
      const expected = Buffer.from(this.codeFor(w));
      const given = Buffer.from(code);
      return expected.length === given.length && timingSafeEqual(expected, given);
    });
  }
}
