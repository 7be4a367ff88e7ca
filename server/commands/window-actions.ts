import { WINDOW_ACTION_BODIES, type WindowAction } from '../../contract/api.ts';
import type { TicketView } from '../../contract/ticket.ts';
import { describe, mayActOnWindow, type Principal } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';
import { forbidden, unauthenticated, validationError } from '../common/errors.ts';

/**
 * The window actions behind both `POST /api/windows/:n/:action` and the socket `window:command`, so the
 * two paths cannot drift: same validation, same permission check, same audit entry.
 */
export function runWindowAction(ctx: HallContext, principal: Principal, window: number, action: WindowAction, rawBody: unknown): TicketView | { ok: true } {
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind !== 'staff') throw forbidden('窗口操作');
  if (action !== 'sign-in' && !mayActOnWindow(principal, window)) throw forbidden(`${window}号窗口的操作（请先登录到该窗口）`);
  const parsed = WINDOW_ACTION_BODIES[action].safeParse(rawBody ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const body = parsed.data as Record<string, unknown>;
  const actor = { kind: 'staff' as const, id: principal.badge };
  const w = ctx.engine.windows;
  const result = ((): TicketView | { ok: true } => {
    switch (action) {
      case 'sign-in':
        // Roll a new business day over first: the rollover unbinds every session, so it must not run
        // between this binding and the sign-in (the first sign-in of a day would lose its window).
        ctx.engine.core.ensureDay();
        // Bind the session first so listeners of the sign-in events (socket rooms) already see it.
        ctx.sessions.unbindBadge(principal.badge);
        ctx.sessions.bindWindow(principal.sessionHash, window);
        try {
          w.signIn(window, principal.badge, actor);
        } catch (error) {
          ctx.sessions.bindWindow(principal.sessionHash, principal.window);
          throw error;
        }
        return { ok: true };
      case 'sign-out':
        if (principal.window === window) ctx.sessions.bindWindow(principal.sessionHash, null);
        try {
          w.close(window, actor);
        } catch (error) {
          ctx.sessions.bindWindow(principal.sessionHash, principal.window);
          throw error;
        }
        return { ok: true };
      case 'pause':
        w.pause(window, body.reason as string, actor);
        return { ok: true };
      case 'resume':
        w.resumeService(window, actor);
        return { ok: true };
      case 'call-next':
        return w.callNext(window, actor);
      case 'call':
        return w.callTicket(window, body.ticketId as string, actor);
      case 'recall':
        return w.recall(window, actor);
      case 'start':
        return w.start(window, actor);
      case 'finish':
        return w.finish(window, body.outcome as never, (body.note as string | undefined) ?? null, actor);
      case 'no-show':
        return w.noShow(window, actor);
      case 'suspend':
        return w.suspend(window, actor);
      case 'resume-ticket':
        return w.resume(window, body.ticketId as string, actor);
      case 'transfer': {
        const current = w.current(window);
        if (!current) return w.recall(window, actor); // raises NO_CURRENT_TICKET with its message
        return ctx.engine.tickets.transfer(current.id, body as { queue?: string; window?: number; note?: string }, actor);
      }
      case 'request-evaluation':
        return w.requestEvaluation(window, actor);
    }
  })();
  const who = describe(principal);
  ctx.audit.append({
    actor: who.actor,
    role: who.role,
    action: `window.${action}`,
    target: 'number' in result ? result.number : null,
    place: `window:${window}`,
    detail: action === 'pause' || action === 'finish' || action === 'transfer' ? body : null,
  });
  return result;
}
