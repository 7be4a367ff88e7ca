import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { SessionStore } from '../store/session-store.ts';
import type { Clock } from '../common/clock.ts';
import type { Principal } from './principal.ts';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { DUMMY_HASH, verifyPasswordAsync } from './password.ts';
import { hashDeviceToken } from './device-tokens.ts';

export const SESSION_COOKIE = 'hallq_session';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface SessionOptions {
  /** Session lifetime; a window shift plus margin. */
  ttlMs?: number;
  /** Consecutive failures of one badge from one address before the back-off starts (default 3). */
  freeFailures?: number;
  /** The first back-off; each further failure doubles it (default 1 s). */
  backoffBaseSeconds?: number;
  /** The longest back-off (default 15 minutes): what the account's owner may have to wait at most. */
  backoffMaxSeconds?: number;
  /** Failed attempts one address may make, over all badges, per window (default 20); a success does not clear them. */
  addressFailures?: number;
  /** The per-address window (default 15 minutes). */
  addressWindowSeconds?: number;
  /** How a password is checked against its hash (default: scrypt off the event loop); the benchmark compares the synchronous one. */
  verify?: (password: string, stored: string) => Promise<boolean>;
}

export type LoginResult =
  | { ok: true; token: string; principal: Extract<Principal, { kind: 'staff' }>; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'rate_limited'; retryAfterSeconds?: number };

const DAY_SECONDS = 24 * 3600;

/**
 * Staff sessions (opaque token in an httpOnly cookie, stored hashed) and device tokens (stored hashed).
 *
 * Sign-in limits (rate-limiter-flexible, in memory):
 * - per badge and address, consecutive failures back off exponentially (free tries, then 1 s, 2 s, 4 s …
 *   up to 15 min). Only that pair waits: the account's owner at another address signs in at once, and
 *   at the same address can outlast the back-off; nobody can lock an account for everyone.
 * - per address, failed attempts over all badges are capped per window; a success does not reset the
 *   count, so a guesser cannot launder guesses between successful logins of their own.
 * Attempts of one badge from one address run one after another, so parallel guesses cannot all slip in
 * before the first failure is counted. The address is the client's (express `req.ip`), which follows
 * X-Forwarded-For only from proxies named in HALL_TRUST_PROXY.
 */
export class Sessions {
  private readonly ttlMs: number;
  private readonly freeFailures: number;
  private readonly backoffBase: number;
  private readonly backoffMax: number;
  private readonly consecutive: RateLimiterMemory;
  private readonly backoff: RateLimiterMemory;
  private readonly byAddress: RateLimiterMemory;
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly store: SessionStore;
  private readonly verify: (password: string, stored: string) => Promise<boolean>;

  constructor(db: Db, private readonly clock: Clock, options: SessionOptions = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 3600_000;
    this.freeFailures = options.freeFailures ?? 3;
    this.backoffBase = options.backoffBaseSeconds ?? 1;
    this.backoffMax = options.backoffMaxSeconds ?? 15 * 60;
    // A failure streak is remembered for a day; the back-off limiter only holds blocks.
    this.consecutive = new RateLimiterMemory({ keyPrefix: 'login-streak', points: Number.MAX_SAFE_INTEGER, duration: DAY_SECONDS });
    this.backoff = new RateLimiterMemory({ keyPrefix: 'login-backoff', points: 1, duration: 1 });
    this.byAddress = new RateLimiterMemory({ keyPrefix: 'login-address', points: options.addressFailures ?? 20, duration: options.addressWindowSeconds ?? 15 * 60 });
    this.store = new SessionStore(db);
    this.verify = options.verify ?? verifyPasswordAsync;
  }

  /** The back-off after `streak` consecutive failures, in seconds (0 while tries are free). */
  backoffSeconds(streak: number): number {
    if (streak < this.freeFailures) return 0;
    return Math.min(this.backoffMax, this.backoffBase * 2 ** (streak - this.freeFailures));
  }

  /** Runs attempts for one key one after another. */
  private serially<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.inFlight.get(key) ?? Promise.resolve();
    const mine = before.then(fn, fn);
    const tail = mine.catch(() => undefined);
    this.inFlight.set(key, tail);
    void tail.then(() => {
      if (this.inFlight.get(key) === tail) this.inFlight.delete(key);
    });
    return mine;
  }

  async login(badge: string, password: string, address: string): Promise<LoginResult> {
    // Counted before the password is checked, so parallel guesses from one address are counted too;
    // a success gives its own point back.
    try {
      await this.byAddress.consume(address);
    } catch (refusal) {
      return { ok: false, reason: 'rate_limited', retryAfterSeconds: retryAfter(refusal) };
    }
    const pair = `${badge.normalize('NFKC').toUpperCase()}\u0000${address}`;
    return this.serially(pair, async (): Promise<LoginResult> => {
      const blocked = await this.backoff.get(pair);
      if (blocked && blocked.consumedPoints > 1) {
        await this.byAddress.reward(address);
        return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil(blocked.msBeforeNext / 1000)) };
      }
      const row = this.store.staffCredentials(badge);
      const matches = await this.verify(password, row?.password_hash ?? DUMMY_HASH);
      if (!matches || !row) {
        const streak = (await this.consecutive.penalty(pair)).consumedPoints;
        const wait = this.backoffSeconds(streak);
        if (wait > 0) await this.backoff.block(pair, wait);
        return { ok: false, reason: 'invalid' };
      }
      await Promise.all([this.consecutive.delete(pair), this.backoff.delete(pair), this.byAddress.reward(address)]);
      const now = this.clock.now().getTime();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now + this.ttlMs);
      const sessionHash = sha256(token);
      this.store.createSession(sessionHash, row.badge, new Date(now).toISOString(), expiresAt.toISOString());
      return { ok: true, token, expiresAt, principal: { kind: 'staff', badge: row.badge, name: row.name, role: row.role, window: null, sessionHash } };
    });
  }

  fromSessionToken(token: string): Extract<Principal, { kind: 'staff' }> | undefined {
    const sessionHash = sha256(token);
    const row = this.store.session(sessionHash);
    if (!row || row.expires_at <= this.clock.now().toISOString()) return undefined;
    return { kind: 'staff', badge: row.badge, name: row.name, role: row.role, window: row.window, sessionHash };
  }

  bindWindow(sessionHash: string, window: number | null): void {
    this.store.bindWindow(sessionHash, window);
  }

  /** Unbinds every session of a badge from a window (sign-out, or signing in somewhere else). */
  unbindBadge(badge: string): void {
    this.store.unbindBadge(badge);
  }

  logout(sessionHash: string): void {
    this.store.deleteSessionByHash(sessionHash);
  }

  purgeExpired(): number {
    return this.store.purgeExpired(this.clock.now().toISOString());
  }

  fromDeviceToken(token: string): Extract<Principal, { kind: 'device' }> | undefined {
    const row = this.store.deviceByTokenHash(hashDeviceToken(token));
    return row ? { kind: 'device', code: row.code, deviceKind: row.kind, window: row.window } : undefined;
  }
}

/** Seconds until a refused consume may be tried again (a RateLimiterRes, or 1 s for anything else). */
function retryAfter(refusal: unknown): number {
  return refusal instanceof RateLimiterRes ? Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) : 1;
}
