import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type { StationLevel } from '../../contract/booking.ts';
import type { Clock } from '../common/clock.ts';
import { DUMMY_HASH, hashPasswordAsync, verifyPasswordAsync } from './password.ts';
import type { Principal } from './principal.ts';
import type { Db } from '../store/db.ts';

/** The station's session cookie: apart from the staff one, so a station never holds a staff session. */
export const STATION_COOKIE = 'hallq_station';

export type StationPrincipal = Extract<Principal, { kind: 'station' }>;

interface StationRow {
  code: string;
  name: string;
  level: StationLevel;
  password_hash: string;
  retired: number;
  created_at: string;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * Village and township station accounts (seed 六, 代办): a station signs in with its code and password
 * and acts on citizens' behalf at this hall. Its sessions are kept hashed, like staff sessions; wrong
 * passwords are limited per code and address (10 per 15 minutes).
 */
export class StationAccounts {
  private readonly failures = new RateLimiterMemory({ keyPrefix: 'station-login', points: 10, duration: 15 * 60 });

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly ttlMs = 12 * 3600_000,
  ) {}

  list(): StationRow[] {
    return this.db.prepare('SELECT * FROM stations ORDER BY code').all() as StationRow[];
  }

  get(code: string): StationRow | undefined {
    return this.db.prepare('SELECT * FROM stations WHERE code = ?').get(code) as StationRow | undefined;
  }

  name(code: string): string | null {
    return this.get(code)?.name ?? null;
  }

  exists(code: string): boolean {
    return this.get(code) !== undefined;
  }

  /** Inserts the row; the caller runs it inside its audited transaction. */
  insert(code: string, name: string, level: StationLevel, passwordHash: string): void {
    this.db.prepare('INSERT INTO stations (code, name, level, password_hash, retired, created_at) VALUES (?, ?, ?, ?, 0, ?)').run(code, name, level, passwordHash, this.clock.now().toISOString());
  }

  /** Retires an account and ends its sessions at once (a station closed, or its password leaked). */
  retire(code: string): void {
    this.db.prepare('UPDATE stations SET retired = 1 WHERE code = ?').run(code);
    this.db.prepare('DELETE FROM station_sessions WHERE station = ?').run(code);
  }

  /** A new password; every session of the account ends. */
  setPassword(code: string, passwordHash: string): void {
    this.db.prepare('UPDATE stations SET password_hash = ? WHERE code = ?').run(passwordHash, code);
    this.db.prepare('DELETE FROM station_sessions WHERE station = ?').run(code);
  }

  hash(password: string): Promise<string> {
    return hashPasswordAsync(password);
  }

  async login(code: string, password: string, address: string): Promise<{ ok: true; token: string; expiresAt: Date; station: StationPrincipal } | { ok: false; reason: 'invalid' | 'rate_limited' }> {
    const key = `${code.toUpperCase()}\u0000${address}`;
    const seen = await this.failures.get(key);
    if (seen && seen.consumedPoints >= 10) return { ok: false, reason: 'rate_limited' };
    const row = this.get(code);
    const matches = await verifyPasswordAsync(password, row?.password_hash ?? DUMMY_HASH);
    if (!matches || !row || row.retired) {
      await this.failures.penalty(key);
      return { ok: false, reason: 'invalid' };
    }
    await this.failures.delete(key);
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now().getTime();
    const expiresAt = new Date(now + this.ttlMs);
    const sessionHash = sha256(token);
    // Expired sessions go when a new one starts, so the table holds live ones only.
    this.db.prepare('DELETE FROM station_sessions WHERE expires_at <= ?').run(new Date(now).toISOString());
    this.db.prepare('INSERT INTO station_sessions (token_hash, station, created_at, expires_at) VALUES (?, ?, ?, ?)').run(sessionHash, row.code, new Date(now).toISOString(), expiresAt.toISOString());
    return { ok: true, token, expiresAt, station: { kind: 'station', code: row.code, name: row.name, sessionHash } };
  }

  logout(sessionHash: string): void {
    this.db.prepare('DELETE FROM station_sessions WHERE token_hash = ?').run(sessionHash);
  }

  /** The station behind a request's station cookie, or undefined (expired, retired, unknown). */
  fromHeaders(headers: IncomingHttpHeaders): StationPrincipal | undefined {
    if (!headers.cookie) return undefined;
    const token = parseCookie(headers.cookie)[STATION_COOKIE];
    if (!token) return undefined;
    const sessionHash = sha256(token);
    const row = this.db
      .prepare('SELECT s.code, s.name, x.expires_at FROM station_sessions x JOIN stations s ON s.code = x.station WHERE x.token_hash = ? AND s.retired = 0')
      .get(sessionHash) as { code: string; name: string; expires_at: string } | undefined;
    if (!row || row.expires_at <= this.clock.now().toISOString()) return undefined;
    return { kind: 'station', code: row.code, name: row.name, sessionHash };
  }
}
