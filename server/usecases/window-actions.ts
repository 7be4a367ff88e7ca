import { WINDOW_ACTION_BODIES, type WindowAction } from '../../contract/api.ts';
import type { TicketView } from '../../contract/ticket.ts';
import { mayActOnWindow } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';
import { forbidden, unauthenticated, validationError } from '../common/errors.ts';
import type { Caller } from './caller.ts';
import { audited } from './audited.ts';

export type WindowActionResult = TicketView | { ok: true };

/**
 * The window actions behind `POST /api/windows/:n/:action`, the socket `window:command` and the caller
 * keypad, so the paths cannot drift: same validation, same permission check, and the engine command,
 * its events and its audit entry in one transaction.
 */
export function runWindowAction(ctx: HallContext, caller: Caller, window: number, action: WindowAction, rawBody: unknown): WindowActionResult {
  const principal = caller.principal;
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (principal.kind !== 'staff') throw forbidden('窗口操作');
  if (action !== 'sign-in' && !mayActOnWindow(principal, window)) throw forbidden(`${window}号窗口的操作（请先登录到该窗口）`);
  const parsed = WINDOW_ACTION_BODIES[action].safeParse(rawBody ?? {});
  if (!parsed.success) throw validationError(parsed.error);
  const body = parsed.data as Record<string, unknown>;
  const actor = { kind: 'staff' as const, id: principal.badge };
  const w = ctx.engine.windows;
  return audited(
    ctx,
    caller,
    {
      action: `window.${action}`,
      target: (r) => ('number' in r ? r.number : null),
      place: `window:${window}`,
      detail: action === 'pause' || action === 'finish' || action === 'transfer' ? body : null,
    },
    (): WindowActionResult => {
      switch (action) {
        case 'sign-in':
          // The engine transaction has already rolled a new business day over (which unbinds every
          // session), so the binding below cannot be lost to it. Bound first, so listeners of the
          // sign-in events (socket rooms) already see it; a refusal rolls the binding back with the rest.
          ctx.sessions.unbindBadge(principal.badge);
          ctx.sessions.bindWindow(principal.sessionHash, window);
          w.signIn(window, principal.badge, actor);
          return { ok: true };
        case 'sign-out':
          if (principal.window === window) ctx.sessions.bindWindow(principal.sessionHash, null);
          w.close(window, actor);
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
    },
  );
}
