import { z } from 'zod';
import { CancelBody, EmptyBody, EvaluationBody, TransferBody } from '../../contract/api.ts';
import { TicketState } from '../../contract/domain.ts';
import { describe, isSupervisor, mayActOnWindow, type Principal } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';
import { toTicketView, type TicketRow } from '../queue/ticket-rows.ts';
import { DomainError, forbidden } from '../common/errors.ts';
import { cancelTicket, closeWindow, reactivateTicket, transferTicket } from '../usecases/tickets.ts';
import { rateVisit } from '../usecases/evaluations.ts';
import { callerOf, EVERYONE, intParam, type AddRoute } from './route.ts';
import { AuditList, AuditVerifyResult, Ok, TicketList } from '../../contract/responses.ts';
import { TicketView } from '../../contract/ticket.ts';

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
  add({ method: 'get', path: '/api/tickets', summary: "Today's tickets by number or state (supervisor look-up)", tag: 'supervisor', response: TicketList, allow: ['supervisor'], query: TicketLookupQuery }, ({ query }) => {
    const rows = ctx.queries.lookupTickets({ day: engine.core.today(), number: query.number?.toUpperCase(), state: query.state, limit: query.limit });
    return { tickets: rows.map(toTicketView) };
  });
  add({ method: 'post', path: '/api/tickets/:id/cancel', summary: 'Cancel a ticket', tag: 'supervisor', response: TicketView, allow: ['supervisor'], body: CancelBody }, ({ principal, params, body, req }) =>
    cancelTicket(ctx, callerOf(principal, req), params.id ?? '', body.reason),
  );
  // The window that marked the 过号 (or a supervisor), judged from the ticket before the body is read;
  // an unknown ticket is left to the use case's 404.
  const reactivateScope = (p: Principal, params: Record<string, string>): boolean | string => {
    if (isSupervisor(p)) return true;
    let window: number | null;
    try {
      window = ctx.engine.core.ticket(params.id ?? '').window;
    } catch {
      return true;
    }
    return (window !== null && mayActOnWindow(p, window)) || '恢复其他窗口的过号';
  };
  add({ method: 'post', path: '/api/tickets/:id/reactivate', summary: 'Re-queue a late arrival after 过号', tag: 'supervisor', response: TicketView, allow: ['staff'], body: EmptyBody, scope: reactivateScope }, ({ principal, params, req }) =>
    reactivateTicket(ctx, callerOf(principal, req), params.id ?? ''),
  );
  add({ method: 'post', path: '/api/tickets/:id/transfer', summary: 'Transfer any live ticket to a queue or window', tag: 'supervisor', response: TicketView, allow: ['supervisor'], body: TransferBody }, ({ principal, params, body, req }) =>
    transferTicket(ctx, callerOf(principal, req), params.id ?? '', body),
  );
  add({ method: 'post', path: '/api/windows/:n/close', summary: 'Close a window (supervisor)', tag: 'supervisor', response: Ok, allow: ['supervisor'], body: EmptyBody }, ({ principal, params, req }) =>
    closeWindow(ctx, callerOf(principal, req), intParam(params.n, 'n')),
  );

  add({ method: 'get', path: '/api/audit', summary: 'Read the audit log', tag: 'supervisor', response: AuditList, allow: ['supervisor'], query: AuditQuery }, ({ query }) => ({
    entries: ctx.audit.list(query),
  }));
  add({ method: 'post', path: '/api/audit/verify', summary: 'Verify the audit hash chain', tag: 'supervisor', response: AuditVerifyResult, allow: ['supervisor'], body: EmptyBody }, () => ctx.queries.verifyAudit());

  // GET /api/cases and the case actions live in supervision-routes.ts.

  // Ungrouped: a refused rating is an `evaluation.refused` event of its own (usecases/evaluations.ts).
  add({ method: 'post', path: '/api/evaluations', summary: 'Submit a 好差评 evaluation', tag: 'evaluation', response: TicketView, allow: EVERYONE, body: EvaluationBody, ungrouped: true }, ({ principal, body, req }) =>
    rateVisit(ctx, callerOf(principal, req), body),
  );
}
