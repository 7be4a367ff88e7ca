import type pg from 'pg';
import type { CentralRole } from '../../contract/central/api.ts';
import type { RegionRow } from '../regions/store.ts';
import type { CentralUser } from './principal.ts';
import { newSecret, sha256Hex } from './tokens.ts';

/**
 * Cookie sessions stored in PostgreSQL, so every central instance honours every session. The cookie
 * holds a random id; the table holds only its SHA-256.
 */
export const SESSION_COOKIE = 'hallq_central';
export const SESSION_HOURS = 12;

export async function createSession(pool: pg.Pool, username: string): Promise<{ id: string; expiresAt: Date }> {
  const id = newSecret();
  const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
  // Sign-ins are rare: a good moment to drop expired sessions.
  await pool.query('DELETE FROM central_sessions WHERE expires_at < now()');
  await pool.query('INSERT INTO central_sessions (id_hash, username, expires_at) VALUES ($1, $2, $3)', [sha256Hex(id), username, expiresAt]);
  return { id, expiresAt };
}

export async function deleteSession(pool: pg.Pool, id: string): Promise<void> {
  await pool.query('DELETE FROM central_sessions WHERE id_hash = $1', [sha256Hex(id)]);
}

interface Row {
  username: string;
  display_name: string;
  role: CentralRole;
  code: string | null;
  name: string | null;
  level: RegionRow['level'] | null;
  parent: string | null;
  path: string | null;
}

/** The user of a live session id, or null (unknown, expired, or the user disabled). */
export async function userOfSession(pool: pg.Pool, id: string): Promise<CentralUser | null> {
  const row = (
    await pool.query<Row>(
      `SELECT u.username, u.display_name, u.role, r.code, r.name, r.level, r.parent, r.path
         FROM central_sessions s JOIN central_users u ON u.username = s.username
         LEFT JOIN central_regions r ON r.code = u.region
        WHERE s.id_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
      [sha256Hex(id)],
    )
  ).rows[0];
  if (!row) return null;
  return {
    username: row.username,
    displayName: row.display_name,
    role: row.role,
    region: row.code ? { code: row.code, name: row.name!, level: row.level!, parent: row.parent, path: row.path! } : null,
  };
}
