import { createHash } from 'node:crypto';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { judgeOrigin, originRefused, type OriginPolicy } from '../auth/request-origin.ts';
import { PLACEHOLDER_STYLE } from './pages.ts';

const sha256Source = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Response headers for every page and API answer (helmet). The UIs are Vite bundles with no inline
 * script or style, so scripts and styles come from this origin only; the one inline style is the
 * placeholder page's, admitted by its hash. Socket.IO's websocket is covered by connect-src 'self'
 * (CSP 3 matches ws:/wss: of the same host). The QR code is inline SVG; images may also be data: and
 * blob: URLs; the display's server-side speech plays WAVs fetched as blob: URLs. No page of HallQ is
 * meant to be shown inside another page (none embeds one either), so framing is refused outright.
 */
export function securityHeaders(options: { tls: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'connect-src': ["'self'"],
        'font-src': ["'self'", 'data:'],
        'form-action': ["'self'"],
        'frame-ancestors': ["'none'"],
        'frame-src': ["'none'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'media-src': ["'self'", 'blob:'],
        'object-src': ["'none'"],
        'script-src': ["'self'"],
        'script-src-attr': ["'none'"],
        'style-src': ["'self'", sha256Source(PLACEHOLDER_STYLE)],
        'worker-src': ["'self'"],
        // Only when the server speaks HTTPS: on plain HTTP it would send every asset to a port that is not there.
        ...(options.tls ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    // Status pages carry a signed key in their address: the address never leaves this origin.
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
    // HSTS only where there is HTTPS to insist on; a year, as browsers' preload lists expect.
    strictTransportSecurity: options.tls ? { maxAge: 365 * 24 * 3600, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  });
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses a change (any method but GET/HEAD/OPTIONS) that a browser sent from another origin, before
 * the caller is resolved or the body read: 403 ORIGIN_REFUSED. See request-origin.ts for the evidence
 * weighed. Device tokens and logins are covered too: a foreign page may not use them either.
 */
export function originGuard(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (!WRITE_METHODS.has(req.method)) return next();
    const verdict = judgeOrigin(req.headers, req.host, req.protocol === 'https' ? 'https' : 'http', policy);
    if (verdict.ok) return next();
    next(originRefused(verdict.reason, verdict.origin));
  };
}

/**
 * The `trust proxy` setting from HALL_TRUST_PROXY: off by default, so X-Forwarded-For and
 * X-Forwarded-Proto are ignored even from loopback; otherwise the proxies' addresses or subnets
 * (comma-separated, or express's names loopback / linklocal / uniquelocal).
 */
export function trustProxySetting(value: string | undefined): false | string[] {
  const v = (value ?? '').trim();
  if (v === '' || /^(off|false|no|0|none)$/i.test(v)) return false;
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
