import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../common/clock.ts';
import { DomainError } from '../common/errors.ts';

interface Pending {
  codeHash: Buffer;
  expiresAt: number;
  tries: number;
}

const digest = (phoneHash: string, code: string) => createHash('sha256').update(`${phoneHash}:${code}`).digest();

export const codeRefusal = {
  missing: () => new DomainError('unprocessable', 'SMS_CODE_MISSING', '请先获取短信验证码，或验证码已过期，请重新获取。'),
  wrong: (left: number) =>
    new DomainError('unprocessable', 'SMS_CODE_WRONG', left > 0 ? `短信验证码不正确，还可再试 ${left} 次。` : '短信验证码错误次数过多，已失效，请重新获取。', { triesLeft: left }),
};

/**
 * SMS verification codes, in memory only (a restart voids them, which costs a citizen one resend).
 * Keyed by the phone's keyed hash; the code itself is kept hashed. One code per phone: a new one
 * replaces the old; a code is used up by the booking it verified, and void after `maxTries` wrong tries.
 */
export class BookingCodes {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
    private readonly maxTries: number,
  ) {}

  issue(phoneHash: string): string {
    this.sweep();
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.pending.set(phoneHash, { codeHash: digest(phoneHash, code), expiresAt: this.clock.now().getTime() + this.ttlSeconds * 1000, tries: 0 });
    return code;
  }

  /** Checks without using up (the booking may still be refused for its slot); throws a Chinese refusal. */
  verify(phoneHash: string, code: string): void {
    const p = this.pending.get(phoneHash);
    if (!p || p.expiresAt <= this.clock.now().getTime()) {
      this.pending.delete(phoneHash);
      throw codeRefusal.missing();
    }
    if (!timingSafeEqual(p.codeHash, digest(phoneHash, code))) {
      p.tries += 1;
      const left = this.maxTries - p.tries;
      if (left <= 0) this.pending.delete(phoneHash);
      throw codeRefusal.wrong(Math.max(0, left));
    }
  }

  /** The booking succeeded: the code cannot book again. */
  consume(phoneHash: string): void {
    this.pending.delete(phoneHash);
  }

  /** Drops expired codes, so the map holds only live ones. */
  private sweep(): void {
    const now = this.clock.now().getTime();
    for (const [k, p] of this.pending) if (p.expiresAt <= now) this.pending.delete(k);
  }
}
