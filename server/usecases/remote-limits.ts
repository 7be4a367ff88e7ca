import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../common/errors.ts';

/** Per client address, in memory (as the booking and sign-in limits are). */
export interface RemoteLimits {
  /** Remote numbers (tries included) one address may take per window. */
  issuesPerAddress: { points: number; seconds: number };
  /** 我已到达 tries per address: the hall code has six digits, so guessing must stay hopeless. */
  arrivalsPerAddress: { points: number; seconds: number };
}

export const DEFAULT_REMOTE_LIMITS: RemoteLimits = {
  issuesPerAddress: { points: 10, seconds: 3600 },
  arrivalsPerAddress: { points: 20, seconds: 600 },
};

const waitText = (seconds: number) => (seconds >= 120 ? `${Math.ceil(seconds / 60)} 分钟` : `${seconds} 秒`);
const retryAfter = (r: unknown) => (r instanceof RateLimiterRes ? Math.max(1, Math.ceil(r.msBeforeNext / 1000)) : 1);

export class RemoteRateLimits {
  private readonly issues: RateLimiterMemory;
  private readonly arrivals: RateLimiterMemory;

  constructor(readonly limits: RemoteLimits = DEFAULT_REMOTE_LIMITS) {
    this.issues = new RateLimiterMemory({ keyPrefix: 'remote-issue', points: limits.issuesPerAddress.points, duration: limits.issuesPerAddress.seconds });
    this.arrivals = new RateLimiterMemory({ keyPrefix: 'remote-arrive', points: limits.arrivalsPerAddress.points, duration: limits.arrivalsPerAddress.seconds });
  }

  async issue(address: string): Promise<void> {
    try {
      await this.issues.consume(address);
    } catch (r) {
      const s = retryAfter(r);
      throw new DomainError('rate_limited', 'REMOTE_ADDRESS_LIMIT', `本网络远程取号次数过多，请 ${waitText(s)}后再试，或到大厅取号机取号。`, { retryAfterSeconds: s });
    }
  }

  async arrive(address: string): Promise<void> {
    try {
      await this.arrivals.consume(address);
    } catch (r) {
      const s = retryAfter(r);
      throw new DomainError('rate_limited', 'REMOTE_ADDRESS_LIMIT', `到达验证尝试次数过多，请 ${waitText(s)}后再试，或到取号机签到。`, { retryAfterSeconds: s });
    }
  }
}
