import { LoginBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { DomainError } from '../common/errors.ts';
import { login, logout } from '../usecases/auth.ts';
import { callerOf, EVERYONE, type AddRoute, type ResponseSpec } from './route.ts';
import { LoginResult, Me, Ok } from '../../contract/responses.ts';

export function authRoutes(add: AddRoute, ctx: HallContext): void {
  add({ method: 'post', path: '/api/auth/login', summary: 'Staff login with badge number and password', tag: 'auth', response: LoginResult, allow: EVERYONE, body: LoginBody, ungrouped: true }, async ({ body, req, res, principal }) => {
    let outcome;
    try {
      outcome = await login(ctx, callerOf(principal, req), body.badge, body.password);
    } catch (error) {
      const seconds = error instanceof DomainError ? error.details?.retryAfterSeconds : undefined;
      if (typeof seconds === 'number') res.setHeader('Retry-After', String(seconds));
      throw error;
    }
    // A lifetime, not a date: a hall PC whose clock is off (or a server on an injected clock) must not
    // receive a cookie that is already stale by the browser's clock. The server enforces the expiry itself.
    const maxAge = Math.max(0, outcome.expiresAt.getTime() - ctx.clock.now().getTime());
    res.cookie(SESSION_COOKIE, outcome.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, maxAge, path: '/' });
    return { ...outcome.staff, expiresAt: outcome.expiresAt.toISOString() };
  });

  add({ method: 'post', path: '/api/auth/logout', summary: 'End the staff session', tag: 'auth', response: Ok as ResponseSpec, allow: ['staff'] }, ({ principal, res, req }) => {
    if (principal.kind !== 'staff') return undefined;
    const result = logout(ctx, callerOf(principal, req));
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    return result;
  });

  add({ method: 'get', path: '/api/auth/me', summary: 'Who the caller is', tag: 'auth', response: Me, allow: EVERYONE }, ({ principal }) => {
    switch (principal.kind) {
      case 'staff':
        return { kind: 'staff', badge: principal.badge, name: principal.name, role: principal.role, window: principal.window };
      case 'device':
        return { kind: 'device', code: principal.code, deviceKind: principal.deviceKind, window: principal.window };
      default:
        return { kind: 'anonymous' };
    }
  });
}
