import type { IncomingHttpHeaders } from 'node:http';
import { parse as parseCookie } from 'cookie';
import { DomainError } from '../common/errors.ts';
import { SESSION_COOKIE } from './sessions.ts';

/**
 * Where a browser request came from, judged from its headers, so a page on another origin (another
 * port of the same host included: SameSite cookies do not tell ports apart) cannot use a signed-in
 * browser's cookie to change anything (CSRF), nor open a socket with it.
 *
 * The evidence, strongest first: `Origin` (every current browser sends it on a POST, PUT or DELETE,
 * and on every WebSocket handshake; "null" from a sandboxed page counts as foreign unless Sec-Fetch-Site
 * says same-origin);
 * `Sec-Fetch-Site` ("same-origin", or "none" for a user's own navigation); `Referer`. A request with none
 * of these is a non-browser client (curl, the device agent) and is let through unless it carries a staff
 * session cookie: a cookie is a browser credential, and a browser always says where it came from.
 */
export type OriginVerdict = { ok: true } | { ok: false; reason: 'foreign' | 'missing'; origin: string | null };

export interface OriginPolicy {
  /** Origins accepted besides the request's own Host (the public address behind a proxy, HALL_ALLOWED_ORIGINS). */
  extraOrigins: () => readonly string[];
}

/** `scheme://host[:port]` of a URL, default ports dropped; undefined when it is not a URL. */
export function originOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The host[:port] a browser would put in an Origin for a request with this Host header and scheme. */
function hostOf(host: string, scheme: 'http' | 'https'): string | undefined {
  try {
    return new URL(`${scheme}://${host}`).host;
  } catch {
    return undefined;
  }
}

export function hasSessionCookie(headers: IncomingHttpHeaders): boolean {
  if (!headers.cookie) return false;
  return Boolean(parseCookie(headers.cookie)[SESSION_COOKIE]);
}

/**
 * Whether a request's origin is this server. `host` is the Host header (or the forwarded host from a
 * trusted proxy), `scheme` the scheme the client used. Scheme and host must both match, or the origin
 * be one of the policy's extra origins.
 */
export function sameOrigin(claimed: string, host: string | undefined, scheme: 'http' | 'https', policy: OriginPolicy): boolean {
  const origin = originOf(claimed);
  if (!origin) return false;
  if (policy.extraOrigins().some((o) => originOf(o) === origin)) return true;
  if (!host) return false;
  const own = hostOf(host, scheme);
  return own !== undefined && origin === `${scheme}://${own}`;
}

export function judgeOrigin(headers: IncomingHttpHeaders, host: string | undefined, scheme: 'http' | 'https', policy: OriginPolicy): OriginVerdict {
  const origin = typeof headers.origin === 'string' ? headers.origin : undefined;
  const site = headers['sec-fetch-site'];
  // "null" is also what a same-origin POST says from a page whose referrer policy is no-referrer (the
  // phone status page): the browser's own Sec-Fetch-Site then tells same-origin from foreign.
  if (origin !== undefined && !(origin === 'null' && typeof site === 'string')) {
    return sameOrigin(origin, host, scheme, policy) ? { ok: true } : { ok: false, reason: 'foreign', origin };
  }
  if (typeof site === 'string') return site === 'same-origin' || site === 'none' ? { ok: true } : { ok: false, reason: 'foreign', origin: `(Sec-Fetch-Site: ${site})` };
  const referer = typeof headers.referer === 'string' ? headers.referer : undefined;
  if (referer !== undefined) return sameOrigin(referer, host, scheme, policy) ? { ok: true } : { ok: false, reason: 'foreign', origin: originOf(referer) ?? referer.slice(0, 100) };
  return hasSessionCookie(headers) ? { ok: false, reason: 'missing', origin: null } : { ok: true };
}

/** The refusal of a change or a socket from another origin (403 ORIGIN_REFUSED). */
export function originRefused(reason: 'foreign' | 'missing', origin: string | null): DomainError {
  return reason === 'foreign'
    ? new DomainError(
        'forbidden',
        'ORIGIN_REFUSED',
        `请求来自其他网页（${origin}），已拒绝：请在本系统自己的页面上操作。Refused: the request came from another origin.`,
        { origin },
      )
    : new DomainError(
        'forbidden',
        'ORIGIN_REFUSED',
        '带登录凭据的修改请求没有注明来源（Origin），已拒绝：请在本系统自己的页面上操作。Refused: a signed-in change must say its Origin.',
      );
}
