import { createHash, randomBytes } from 'node:crypto';
import type { Role } from '../../contract/domain.ts';
import type { Db } from '../store/db.ts';
import type { Clock } from '../common/clock.ts';
import type { Principal } from './principal.ts';
import { DUMMY_HASH, verifyPassword } from './password.ts';
import { hashDeviceToken } from '../store/hall-config-store.ts';

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
  private readonly deviceByToken;
  private readonly sessionByHash;

  constructor(private readonly db: Db, private readonly clock: Clock, options: SessionOptions = {}) {
    this.ttlMs = options.ttlMs ?? 12 * 3600_000;
    this.maxFailures = options.maxFailures ?? 5;
    this.failureWindowMs = options.failureWindowMs ?? 5 * 60_000;
    this.deviceByToken = db.prepare('SELECT code, kind, window FROM devices WHERE token_hash = ? AND revoked = 0');
    this.sessionByHash = db.prepare(`SELECT s.badge, s.window, s.expires_at, st.name, st.role FROM sessions s JOIN staff st ON st.badge = s.badge
        WHERE s.token_hash = ? AND st.retired = 0`);
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
    const row = this.db.prepare('SELECT badge, name, role, password_hash FROM staff WHERE badge = ? AND retired = 0').get(badge) as
      | { badge: string; name: string; role: Role; password_hash: string }
      | undefined;
    const valid = verifyPassword(password, row?.password_hash ?? DUMMY_HASH) && row !== undefined;
    if (!valid || !row) {
      for (const key of keys) this.recentFailures(key, now).push(now);
      return { ok: false, reason: 'invalid' };
    }
    for (const key of keys) this.failures.delete(key);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(now + this.ttlMs);
    const sessionHash = sha256(token);
    this.db
      .prepare('INSERT INTO sessions (token_hash, badge, window, created_at, expires_at) VALUES (?, ?, NULL, ?, ?)')
      .run(sessionHash, row.badge, new Date(now).toISOString(), expiresAt.toISOString());
    return { ok: true, token, expiresAt, principal: { kind: 'staff', badge: row.badge, name: row.name, role: row.role, window: null, sessionHash } };
  }

  fromSessionToken(token: string): Extract<Principal, { kind: 'staff' }> | undefined {
    const sessionHash = sha256(token);
    const row = this.sessionByHash
      .get(sessionHash) as { badge: string; window: number | null; expires_at: string; name: string; role: Role } | undefined;
    if (!row || row.expires_at <= this.clock.now().toISOString()) return undefined;
    return { kind: 'staff', badge: row.badge, name: row.name, role: row.role, window: row.window, sessionHash };
  }

  bindWindow(sessionHash: string, window: number | null): void {
    this.db.prepare('UPDATE sessions SET window = ? WHERE token_hash = ?').run(window, sessionHash);
  }

  /** Unbinds every session of a badge from a window (sign-out, or signing in somewhere else). */
  unbindBadge(badge: string): void {
    this.db.prepare('UPDATE sessions SET window = NULL WHERE badge = ?').run(badge);
  }

  logout(sessionHash: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(sessionHash);
  }

  purgeExpired(): number {
    return this.db.prepare('DELETE FROM sessions WHERE expires_at <= ?').run(this.clock.now().toISOString()).changes;
  }

  fromDeviceToken(token: string): Extract<Principal, { kind: 'device' }> | undefined {
    const row = this.deviceByToken
      .get(hashDeviceToken(token)) as { code: string; kind: 'kiosk' | 'display' | 'agent'; window: number | null } | undefined;
    return row ? { kind: 'device', code: row.code, deviceKind: row.kind, window: row.window } : undefined;
  }

  /** Issues a new token for a device, replacing the old one; the plain token is shown once. */
  issueDeviceToken(code: string): string | undefined {
    const token = randomBytes(24).toString('base64url');
    const changes = this.db.prepare('UPDATE devices SET token_hash = ?, revoked = 0 WHERE code = ?').run(hashDeviceToken(token), code).changes;
    return changes ? token : undefined;
  }
}
