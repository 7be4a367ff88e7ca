import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * How often screens may ask for speech: per display token and per client address, each a number of
 * requests per rolling minute (rate-limiter-flexible, in memory: limits restart with the server,
 * which is fine for a bound that only protects espeak-ng and the disk).
 */
export class SpeechLimits {
  private readonly byToken: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;

  constructor(perTokenPerMinute: number, perAddressPerMinute: number) {
    this.byToken = new RateLimiterMemory({ keyPrefix: 'speech-token', points: perTokenPerMinute, duration: 60 });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'speech-address', points: perAddressPerMinute, duration: 60 });
  }

  /** Counts one request; resolves to null when allowed, else the seconds until the next one may go. */
  async take(token: string, address: string): Promise<number | null> {
    try {
      await this.byToken.consume(token);
      await this.byAddress.consume(address);
      return null;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw refusal;
    }
  }
}
