import type pg from 'pg';
import { RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Failed sign-ins are limited per user name AND client address (so guessing from one address cannot
 * lock the account's owner out at another) and per client address over all names (a success does not
 * clear that one), in PostgreSQL
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
  const byUser = new RateLimiterPostgres({ ...common, keyPrefix: 'login-user-ip', ...PER_USER });
  const userKey = (username: string, ip: string) => `${username.toLowerCase()}|${ip}`;
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
      return Math.max(await remaining(byUser, userKey(username, ip), PER_USER.points), await remaining(byIp, ip, PER_IP.points));
    },
    async failed(username, ip) {
      await consume(byUser, userKey(username, ip));
      await consume(byIp, ip);
    },
    async succeeded(username, ip) {
      await byUser.delete(userKey(username, ip));
    },
  };
}
