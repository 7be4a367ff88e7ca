import { LoginBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { DomainError } from '../common/errors.ts';
import { EVERYONE, type AddRoute } from './route.ts';

export function authRoutes(add: AddRoute, ctx: HallContext): void {
  add({ method: 'post', path: '/api/auth/login', summary: 'Staff login with badge number and password', tag: 'auth', allow: EVERYONE, body: LoginBody, ungrouped: true }, ({ body, req, res }) => {
    const result = ctx.sessions.login(body.badge, body.password, req.ip ?? 'unknown');
    if (!result.ok) {
      if (result.reason === 'rate_limited') {
        res.setHeader('Retry-After', String(result.retryAfterSeconds ?? 60));
        ctx.audit.append({ actor: `staff:${body.badge}`, role: 'unknown', action: 'auth.login_blocked', place: req.ip ?? null });
        throw new DomainError('rate_limited', 'TOO_MANY_ATTEMPTS', `登录失败次数过多，请${Math.ceil((result.retryAfterSeconds ?? 60) / 60)}分钟后再试。`);
      }
      ctx.audit.append({ actor: `staff:${body.badge}`, role: 'unknown', action: 'auth.login_failed', place: req.ip ?? null });
      throw new DomainError('unauthenticated', 'INVALID_CREDENTIALS', '工号或密码不正确。');
    }
    res.cookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: req.secure,
      expires: result.expiresAt,
      path: '/',
    });
    const p = result.principal;
    ctx.audit.append({ actor: `staff:${p.badge}`, role: p.role, action: 'auth.login', place: req.ip ?? null });
    return { badge: p.badge, name: p.name, role: p.role, window: p.window, expiresAt: result.expiresAt.toISOString() };
  });

  add({ method: 'post', path: '/api/auth/logout', summary: 'End the staff session', tag: 'auth', allow: ['staff'] }, ({ principal, res }) => {
    if (principal.kind !== 'staff') return undefined;
    if (principal.window !== null) {
      // Leaving without signing out of the window would strand it as "open" with nobody there.
      const current = ctx.engine.windows.current(principal.window);
      if (!current) ctx.engine.windows.close(principal.window, { kind: 'staff', id: principal.badge });
    }
    ctx.sessions.logout(principal.sessionHash);
    ctx.sessionEnded?.(principal.sessionHash);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    ctx.audit.append({ actor: `staff:${principal.badge}`, role: principal.role, action: 'auth.logout' });
    return { ok: true };
  });

  add({ method: 'get', path: '/api/auth/me', summary: 'Who the caller is', tag: 'auth', allow: EVERYONE }, ({ principal }) => {
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
