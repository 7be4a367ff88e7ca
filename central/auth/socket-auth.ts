import { parse } from 'cookie';
import type pg from 'pg';
import type { CentralUser } from './principal.ts';
import { SESSION_COOKIE, userOfSession } from './sessions.ts';

/**
 * For the socket layer: the user behind a handshake's Cookie header, or null. The user's region
 * (`user.region`, null for an admin) and `scopePath(user)` say which halls it may watch.
 */
export async function authenticateCookieHeader(pool: pg.Pool, cookieHeader: string | undefined): Promise<CentralUser | null> {
  if (!cookieHeader) return null;
  const id = parse(cookieHeader)[SESSION_COOKIE];
  if (!id || id.length > 200) return null;
  return userOfSession(pool, id);
}
