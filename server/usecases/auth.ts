import type { Role } from '../../contract/domain.ts';
import { DomainError } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { Caller } from './caller.ts';
import { audited } from './audited.ts';

export interface LoginOutcome {
  token: string;
  expiresAt: Date;
  staff: { badge: string; name: string; role: Role; window: number | null };
}

/**
 * Staff sign-in with badge and password. A refusal is audited too: its entry commits on its own
 * before the refusal is thrown (a failed guess must leave a trace), so this runs outside any group.
 * The password check (scrypt) runs off the event loop.
 */
export async function login(ctx: HallContext, caller: Caller, badge: string, password: string): Promise<LoginOutcome> {
  const result = await ctx.sessions.login(badge, password, caller.place ?? 'unknown');
  if (!result.ok) {
    const blocked = result.reason === 'rate_limited';
    audited(ctx, caller, { action: blocked ? 'auth.login_blocked' : 'auth.login_failed', as: { actor: `staff:${badge}`, role: 'unknown' }, critical: true }, () => undefined);
    if (blocked) {
      const seconds = result.retryAfterSeconds ?? 60;
      throw new DomainError('rate_limited', 'TOO_MANY_ATTEMPTS', `登录失败次数过多，请${Math.ceil(seconds / 60)}分钟后再试。`, { retryAfterSeconds: seconds });
    }
    throw new DomainError('unauthenticated', 'INVALID_CREDENTIALS', '工号或密码不正确。');
  }
  const p = result.principal;
  audited(ctx, caller, { action: 'auth.login', as: { actor: `staff:${p.badge}`, role: p.role }, critical: true }, () => undefined);
  return { token: result.token, expiresAt: result.expiresAt, staff: { badge: p.badge, name: p.name, role: p.role, window: p.window } };
}

/** Ends the session; a window left open with nobody at it and no ticket in hand is closed. */
export function logout(ctx: HallContext, caller: Caller): { ok: true } {
  const p = caller.principal;
  if (p.kind !== 'staff') return { ok: true };
  audited(ctx, caller, { action: 'auth.logout', place: null, critical: true }, () => {
    if (p.window !== null && !ctx.engine.windows.current(p.window)) ctx.engine.windows.close(p.window, { kind: 'staff', id: p.badge });
    ctx.sessions.logout(p.sessionHash);
  });
  ctx.sessionEnded?.(p.sessionHash);
  return { ok: true };
}
