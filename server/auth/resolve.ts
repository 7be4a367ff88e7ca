import { parse as parseCookie } from 'cookie';
import type { IncomingHttpHeaders } from 'node:http';
import { ANONYMOUS, type Principal } from './principal.ts';
import { SESSION_COOKIE, type Sessions } from './sessions.ts';

/**
 * Resolves the caller from an HTTP request or a Socket.IO handshake: a staff session cookie first,
 * then a device token (Authorization: Bearer, or the handshake's auth.token). Bad credentials resolve
 * to anonymous; routes then answer 401.
 */
export function resolvePrincipal(sessions: Sessions, headers: IncomingHttpHeaders, handshakeToken?: unknown): Principal {
  const cookies = headers.cookie ? parseCookie(headers.cookie) : {};
  const sessionToken = cookies[SESSION_COOKIE];
  if (sessionToken) {
    const staff = sessions.fromSessionToken(sessionToken);
    if (staff) return staff;
  }
  const auth = headers.authorization;
  const bearer = typeof auth === 'string' && auth.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  const token = bearer ?? (typeof handshakeToken === 'string' ? handshakeToken : undefined);
  if (token) {
    const device = sessions.fromDeviceToken(token);
    if (device) return device;
  }
  return ANONYMOUS;
}
