import { AssignCaseBody, CaseListQuery, CaseStepBody, SupervisionSettings, CaseView, CaseList, SupervisionAlertsPayload, SupervisionView } from '../../contract/admin.ts';
import { EmptyBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import type { Supervision } from '../supervision/service.ts';
import { assignCase, contactCase, noteCase, replaceSupervisionSettings, resolveCase } from '../usecases/cases.ts';
import { callerOf, intParam, type AddRoute } from './route.ts';

/**
 * Live supervision (督查): queues, windows and alerts, the alert thresholds, and the 差评 follow-up
 * cases. Supervisors read and act; only admins change the settings. Each change is one engine
 * command: the case row, its history entry, its `case.*` event and the audit entry commit together.
 */
export function supervisionRoutes(add: AddRoute, ctx: HallContext, supervision: Supervision): void {
  const { monitor, cases } = supervision;
  add({ method: 'get', path: '/api/supervision', summary: 'Live supervision: queues, windows and active alerts', tag: 'supervision', response: SupervisionView, allow: ['supervisor'] }, () => monitor.view());
  add(
    { method: 'post', path: '/api/supervision/evaluate', summary: 'Evaluate the alerts now (and push them if they changed)', tag: 'supervision', response: SupervisionAlertsPayload, allow: ['supervisor'], body: EmptyBody },
    () => ({ at: ctx.clock.now().toISOString(), alerts: monitor.evaluate() }),
  );
  add({ method: 'get', path: '/api/supervision/settings', summary: 'Alert thresholds and 差评 case deadlines', tag: 'supervision', response: SupervisionSettings, allow: ['supervisor'] }, () => supervision.settings());
  add(
    { method: 'put', path: '/api/supervision/settings', summary: 'Replace the alert thresholds and 差评 case deadlines', tag: 'supervision', response: SupervisionSettings, allow: ['admin'], body: SupervisionSettings },
    ({ body, principal, req }) => {
      const saved = replaceSupervisionSettings(ctx, callerOf(principal, req), body);
      monitor.evaluate();
      return saved;
    },
  );

  add({ method: 'get', path: '/api/cases', summary: '差评 follow-up cases, overdue first', tag: 'supervision', response: CaseList, allow: ['supervisor'], query: CaseListQuery }, ({ query }) => ({
    cases: cases.list({ state: query.state, assignee: query.assignee, overdue: query.overdue === undefined ? undefined : query.overdue === 'true', limit: query.limit }),
  }));
  add({ method: 'get', path: '/api/cases/:id', summary: 'One 差评 case with its history', tag: 'supervision', response: CaseView, allow: ['supervisor'] }, ({ params }) => cases.get(intParam(params.id, 'id')));

  /** A case change, then the alerts at once (an overdue case may have just been closed). */
  const caseChange = (change: () => CaseView): CaseView => {
    const result = change();
    monitor.evaluate();
    return result;
  };
  add(
    { method: 'post', path: '/api/cases/:id/assign', summary: 'Assign a 差评 case to a supervisor', tag: 'supervision', response: CaseView, allow: ['supervisor'], body: AssignCaseBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => assignCase(ctx, callerOf(principal, req), id, body.assignee, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/contact', summary: 'Record that the citizen was contacted (open → contacted)', tag: 'supervision', response: CaseView, allow: ['supervisor'], body: CaseStepBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => contactCase(ctx, callerOf(principal, req), id, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/resolve', summary: 'Close a 差评 case (contacted → resolved)', tag: 'supervision', response: CaseView, allow: ['supervisor'], body: CaseStepBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => resolveCase(ctx, callerOf(principal, req), id, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/notes', summary: 'Add a note to a 差评 case', tag: 'supervision', response: CaseView, allow: ['supervisor'], body: CaseStepBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => noteCase(ctx, callerOf(principal, req), id, body.note));
    },
  );
}
