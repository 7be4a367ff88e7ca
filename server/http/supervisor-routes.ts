import { z } from 'zod';
import { CancelBody, EmptyBody, EvaluationBody, TransferBody } from '../../contract/api.ts';
import { TicketState } from '../../contract/domain.ts';
import { describe, isSupervisor, mayActOnWindow } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { toTicketView, type TicketRow } from '../queue/ticket-rows.ts';
import { DomainError, forbidden } from '../common/errors.ts';
import { EVERYONE, intParam, type AddRoute } from './route.ts';

const AuditQuery = z.object({
  actor: z.string().max(64).optional(),
  action: z.string().max(64).optional(),
  from: z.string().max(40).optional(),
  to: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

const TicketLookupQuery = z.strictObject({
  number: z.string().trim().max(12).optional(),
  state: TicketState.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Supervisor actions on any ticket or window, the audit log, and evaluations. */
export function supervisorRoutes(add: AddRoute, ctx: HallContext): void {
  const { engine } = ctx;
  const staffActor = (p: { kind: string; badge?: string }) => ({ kind: 'staff' as const, id: p.badge ?? null });

  // The console finds a ticket by its printed number (or today's 过号 list) before acting on it.
  add({ method: 'get', path: '/api/tickets', summary: "Today's tickets by number or state (supervisor look-up)", tag: 'supervisor', allow: ['supervisor'], query: TicketLookupQuery }, ({ query }) => {
    const where = ['day = @day'];
    if (query.number) where.push('number = @number');
    if (query.state) where.push('state = @state');
    const rows = engine.core.db
      .prepare(`SELECT * FROM tickets WHERE ${where.join(' AND ')} ORDER BY issued_at DESC LIMIT @limit`)
      .all({ day: engine.core.today(), number: query.number?.toUpperCase() ?? null, state: query.state ?? null, limit: query.limit }) as TicketRow[];
    return { tickets: rows.map(toTicketView) };
  });
  add(
    { method: 'post', path: '/api/tickets/:id/cancel', summary: 'Cancel a ticket', tag: 'supervisor', allow: ['supervisor'], body: CancelBody, audit: 'ticket.cancel' },
    ({ principal, params, body }) => engine.tickets.cancel(params.id ?? '', body.reason, staffActor(principal as { kind: string; badge: string })),
  );
  add(
    { method: 'post', path: '/api/tickets/:id/reactivate', summary: 'Re-queue a late arrival after 过号', tag: 'supervisor', allow: ['staff'], body: EmptyBody, audit: 'ticket.reactivate' },
    ({ principal, params }) => {
      if (principal.kind !== 'staff') throw forbidden();
      const t = engine.core.ticket(params.id ?? '');
      // Staff may re-queue a no-show of their own window; supervisors any.
      if (!isSupervisor(principal) && (t.window === null || !mayActOnWindow(principal, t.window))) throw forbidden('恢复其他窗口的过号');
      return engine.tickets.reactivate(t.id, staffActor(principal));
    },
  );
  add(
    { method: 'post', path: '/api/tickets/:id/transfer', summary: 'Transfer any live ticket to a queue or window', tag: 'supervisor', allow: ['supervisor'], body: TransferBody, audit: 'ticket.transfer' },
    ({ principal, params, body }) => engine.tickets.transfer(params.id ?? '', body, staffActor(principal as { kind: string; badge: string })),
  );
  add(
    { method: 'post', path: '/api/windows/:n/close', summary: 'Close a window (supervisor)', tag: 'supervisor', allow: ['supervisor'], body: EmptyBody, audit: 'window.close' },
    ({ principal, params }) => {
      const n = intParam(params.n, 'n');
      engine.windows.close(n, staffActor(principal as { kind: string; badge: string }));
      return { ok: true };
    },
  );

  add({ method: 'get', path: '/api/audit', summary: 'Read the audit log', tag: 'supervisor', allow: ['supervisor'], query: AuditQuery }, ({ query }) => ({
    entries: ctx.audit.list(query),
  }));
  add({ method: 'post', path: '/api/audit/verify', summary: 'Verify the audit hash chain', tag: 'supervisor', allow: ['supervisor'], body: EmptyBody }, () => verifyAuditChain(engine.core.db));

  // GET /api/cases and the case actions live in supervision-routes.ts.

  add(
    { method: 'post', path: '/api/evaluations', summary: 'Submit a 好差评 evaluation', tag: 'evaluation', allow: EVERYONE, body: EvaluationBody },
    ({ principal, body }) => {
      const t = engine.core.ticket(body.ticketId);
      // The evaluation tablet (a display bound to the window), the window's staff, a supervisor, or the
      // citizen's phone holding the ticket's signed key.
      const allowed =
        (principal.kind === 'device' && principal.deviceKind === 'display' && principal.window !== null && principal.window === t.window) ||
        (principal.kind === 'staff' && t.window !== null && mayActOnWindow(principal, t.window)) ||
        (body.key !== undefined && ctx.statusKeys.verify(t.id, body.key));
      if (!allowed) {
        if (principal.kind === 'anonymous' && body.key === undefined) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', '请扫描号票二维码进行评价。');
        throw forbidden('评价该号票');
      }
      const actor = principal.kind === 'staff' ? { kind: 'staff' as const, id: principal.badge } : principal.kind === 'device' ? { kind: 'device' as const, id: principal.code } : { kind: 'public' as const, id: null };
      const result = engine.tickets.evaluate({
        ticketId: t.id,
        level: body.level,
        source: body.key !== undefined && principal.kind === 'anonymous' ? 'phone' : body.source,
        actor,
        ...(body.dimensions ? { dimensions: body.dimensions } : {}),
        ...(body.reason ? { reason: body.reason } : {}),
      });
      const who = describe(principal);
      ctx.audit.append({ actor: who.actor, role: who.role, action: 'ticket.evaluate', target: t.number, place: t.window !== null ? `window:${t.window}` : null, detail: { level: body.level } });
      return result;
    },
  );
}
