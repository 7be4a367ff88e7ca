import type { DeviceKind, Role } from '../../contract/domain.ts';
import type { Db } from './db.ts';

export interface StaffCredentials {
  badge: string;
  name: string;
  role: Role;
  password_hash: string;
}

export interface StaffSessionRow {
  badge: string;
  window: number | null;
  expires_at: string;
  name: string;
  role: Role;
}

export interface DeviceRow {
  code: string;
  kind: DeviceKind;
  window: number | null;
}

/**
 * Staff sessions and device tokens as rows. Tokens arrive here already hashed (server/auth/ hashes
 * them); this module never sees a plain token or password. Every statement is prepared once: a
 * session or device look-up runs on every request.
 */
export class SessionStore {
  private readonly deviceByToken;
  private readonly sessionByHash;
  private readonly credentials;
  private readonly insertSession;
  private readonly bindSession;
  private readonly unbindStaff;
  private readonly deleteSession;
  private readonly deleteExpired;

  constructor(db: Db) {
    this.deviceByToken = db.prepare('SELECT code, kind, window FROM devices WHERE token_hash = ? AND revoked = 0');
    this.sessionByHash = db.prepare(`SELECT s.badge, s.window, s.expires_at, st.name, st.role FROM sessions s JOIN staff st ON st.badge = s.badge
        WHERE s.token_hash = ? AND st.retired = 0`);
    this.credentials = db.prepare('SELECT badge, name, role, password_hash FROM staff WHERE badge = ? AND retired = 0');
    this.insertSession = db.prepare('INSERT INTO sessions (token_hash, badge, window, created_at, expires_at) VALUES (?, ?, NULL, ?, ?)');
    this.bindSession = db.prepare('UPDATE sessions SET window = ? WHERE token_hash = ?');
    this.unbindStaff = db.prepare('UPDATE sessions SET window = NULL WHERE badge = ?');
    this.deleteSession = db.prepare('DELETE FROM sessions WHERE token_hash = ?');
    this.deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at <= ?');
  }

  /** An active (not retired) staff member's login data. */
  staffCredentials(badge: string): StaffCredentials | undefined {
    return this.credentials.get(badge) as StaffCredentials | undefined;
  }

  createSession(tokenHash: string, badge: string, createdAt: string, expiresAt: string): void {
    this.insertSession.run(tokenHash, badge, createdAt, expiresAt);
  }

  /** The session with this hash, joined to its (active) staff member; expiry is the caller's to judge. */
  session(tokenHash: string): StaffSessionRow | undefined {
    return this.sessionByHash.get(tokenHash) as StaffSessionRow | undefined;
  }

  bindWindow(tokenHash: string, window: number | null): void {
    this.bindSession.run(window, tokenHash);
  }

  unbindBadge(badge: string): void {
    this.unbindStaff.run(badge);
  }

  deleteSessionByHash(tokenHash: string): void {
    this.deleteSession.run(tokenHash);
  }

  /** Deletes sessions that expired at or before `nowIso`; returns how many. */
  purgeExpired(nowIso: string): number {
    return this.deleteExpired.run(nowIso).changes;
  }

  /** The unrevoked device holding this token hash. */
  deviceByTokenHash(tokenHash: string): DeviceRow | undefined {
    return this.deviceByToken.get(tokenHash) as DeviceRow | undefined;
  }
}
