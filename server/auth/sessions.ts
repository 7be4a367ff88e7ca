import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../store/db.ts';
import { SessionStore } from '../store/session-store.ts';
import type { Clock } from '../common/clock.ts';
import type { Principal } from './principal.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { hashDeviceToken } from './device-tokens.ts';

export const SESSION_COOKIE = 'hallq_session';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface SessionOptions {
  /** Session lifetime; a window shift plus margin. */
  ttlMs?: number;
  /** Failed logins allowed per badge and per address within the window before 429. */
  maxFailures?: number;
  failureWindowMs?: number;
}

export type LoginResult =
  | { ok: true; token: string; principal: Extract<Principal, { kind: 'staff' }>; expiresAt: Date }
  | { ok: false; reason: 'invalid' | 'rate_limited'; retryAfterSeconds?: number };

/** Staff sessions (opaque token in an httpOnly cookie, stored hashed) and device tokens (stored hashed). */
export class Sessions {
  private readonly failures = new Map<string, number[]>();
  private readonly ttlMs: number;
  private readonly maxFailures: number;
  private readonly failureWindowMs: number;
  private readonly store: SessionStore;

  constructor(db: Db, private readonly clock: Clock, options: SessionOptions = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 3600_000;
    this.maxFailures = options.maxFailures ?? 5;
    this.failureWindowMs = options.failureWindowMs ?? 5 * 60_000;
    this.store = new SessionStore(db);
  }

  private recentFailures(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.failureWindowMs);
    this.failures.set(key, list);
    return list;
  }

  login(badge: string, password: string, address: string): LoginResult {
    const now = this.clock.now().getTime();
    const keys = [`badge:${badge.toUpperCase()}`, `addr:${address}`];
    for (const key of keys) {
      const list = this.recentFailures(key, now);
      if (list.length >= this.maxFailures) {
        const retryAfterSeconds = Math.ceil((list[0]! + this.failureWindowMs - now) / 1000);
        return { ok: false, reason: 'rate_limited', retryAfterSeconds };
      }
    }
    const row = this.store.staffCredentials(badge);
    const valid = verifyPassword(password, row?.password_hash ?? DUMMY_HASH) && row !== undefined;
    if (!valid || !row) {
      for (const key of keys) this.recentFailures(key, now).push(now);
      return { ok: false, reason: 'invalid' };
    }
    for (const key of keys) this.failures.delete(key);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + this.ttlMs);
    const sessionHash = sha256(token);
    this.store.createSession(sessionHash, row.badge, new Date(now).toISOString(), expiresAt.toISOString());
    return { ok: true, token, expiresAt, principal: { kind: 'staff', badge: row.badge, name: row.name, role: row.role, window: null, sessionHash } };
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
