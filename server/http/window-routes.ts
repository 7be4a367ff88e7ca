import { StaffIssueBody, WINDOW_ACTION_BODIES, WindowAction } from '../../contract/api.ts';
import { mayActOnWindow, type Principal } from '../auth/principal.ts';
import { runWindowAction } from '../usecases/window-actions.ts';
import type { HallContext } from '../context.ts';
import { forbidden } from '../common/errors.ts';
import { issueAtWindow } from '../usecases/tickets.ts';
import { callerOf, intParam, type AddRoute } from './route.ts';
import { TicketReceipt, WINDOW_ACTION_RESPONSES, WindowState } from '../../contract/responses.ts';

/** The window terminal's routes: one per action, the window's working state, and issuing at the window. */
/** Staff act on the window they are signed in to (supervisors on all): checked before the body is read. */
const ownWindow = (principal: Principal, params: Record<string, string>): boolean | string =>
  mayActOnWindow(principal, Number(params.n)) || `${params.n}号窗口的操作（请先登录到该窗口）`;

export function windowRoutes(add: AddRoute, ctx: HallContext): void {
  const { engine } = ctx;

  for (const action of WindowAction.options) {
    add(
      { method: 'post', path: `/api/windows/:n/${action}`, summary: `Window action: ${action}`, tag: 'window', response: WINDOW_ACTION_RESPONSES[action], allow: ['staff'], body: WINDOW_ACTION_BODIES[action], ...(action === 'sign-in' ? {} : { scope: ownWindow }) },
      ({ principal, params, body, req }) => runWindowAction(ctx, callerOf(principal, req), intParam(params.n, 'n'), action, body),
    );
  }

  add({ method: 'get', path: '/api/windows/:n/state', summary: "The window's current ticket, waiting list, held tickets and today's figures", tag: 'window', response: WindowState, allow: ['staff'] }, ({ principal, params }) => {
    const n = intParam(params.n, 'n');
    if (!mayActOnWindow(principal, n)) throw forbidden(`查看${n}号窗口`);
    engine.windows.window(n);
    return {
      window: engine.views.windowStates().find((w) => w.number === n) ?? null,
      waiting: engine.views.waitingFor(n),
      estimates: engine.views.waitEstimatesFor(engine.views.waitingFor(n).map((t) => t.id)),
      suspended: engine.views.suspendedAt(n),
      figures: ctx.queries.windowFigures(n, engine.core.today()),
      // The terminal disables what the rules would refuse (recall limit, call with a ticket in hand)
      // and times the current ticket against the server's clock, not the PC's.
      rules: { maxRecalls: engine.catalog.rules.maxRecalls, callNextWithCurrent: engine.catalog.rules.callNextWithCurrent },
      at: ctx.clock.now().toISOString(),
      seq: engine.core.log.lastSeq(),
    };
  });

  add(
    { method: 'post', path: '/api/windows/:n/tickets', summary: 'Issue a ticket at the window (walk-in, green channel, 代办)', tag: 'window', response: TicketReceipt, allow: ['staff'], body: StaffIssueBody, scope: ownWindow },
    ({ principal, params, body, req }) => issueAtWindow(ctx, callerOf(principal, req), intParam(params.n, 'n'), body),
  );
}
