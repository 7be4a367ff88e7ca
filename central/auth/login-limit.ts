import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Failed sign-ins are limited per user name and per client address, in PostgreSQL
 * (central_rate_limits, made by the migrations) so every instance counts the same attempts.
 */
export interface LoginLimiter {
  /** Seconds to wait when refused, else 0. */
  blockedFor(username: string, ip: string): Promise<number>;
  failed(username: string, ip: string): Promise<void>;
  succeeded(username: string, ip: string): Promise<void>;
}

const PER_USER = { points: 5, duration: 15 * 60 };
const PER_IP = { points: 20, duration: 15 * 60 };

export function loginLimiter(pool: pg.Pool): LoginLimiter {
  const common = { storeClient: pool, storeType: 'pool', tableName: 'central_rate_limits', tableCreated: true, clearExpiredByTimeout: false };
  const byUser = new RateLimiterPostgres({ ...common, keyPrefix: 'login-user', ...PER_USER });
  const byIp = new RateLimiterPostgres({ ...common, keyPrefix: 'login-ip', ...PER_IP });
  const remaining = async (l: RateLimiterPostgres, key: string, max: number) => {
    const res = await l.get(key);
    return res && res.consumedPoints >= max ? Math.ceil(res.msBeforeNext / 1000) : 0;
  };
  const consume = async (l: RateLimiterPostgres, key: string) => {
    try {
      await l.consume(key);
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
    }
  };
  return {
    async blockedFor(username, ip) {
      return Math.max(await remaining(byUser, username.toLowerCase(), PER_USER.points), await remaining(byIp, ip, PER_IP.points));
    },
    async failed(username, ip) {
      await consume(byUser, username.toLowerCase());
      await consume(byIp, ip);
    },
    async succeeded(username) {
      await byUser.delete(username.toLowerCase());
    },
  };
}
