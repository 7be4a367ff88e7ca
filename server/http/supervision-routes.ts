import type { Request } from 'express';
import { AssignCaseBody, CaseListQuery, CaseStepBody, SupervisionSettings, type CaseView } from '../../contract/admin.ts';
import { EmptyBody } from '../../contract/api.ts';
import type { Actor } from '../../contract/events.ts';
import { describe, type Principal } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';
import type { Tx } from '../queue/core.ts';
import { saveSettingIn } from '../queue/settings-commands.ts';
import { SUPERVISION_KEY } from '../store/settings-store.ts';
import type { Supervision } from '../supervision/service.ts';
import { intParam, type AddRoute } from './route.ts';

/**
 * Live supervision (督查): queues, windows and alerts, the alert thresholds, and the 差评 follow-up
 * cases. Supervisors read and act; only admins change the settings. Each change is one engine
 * command: the case row, its history entry, its `case.*` event and the audit entry commit together.
 */
export function supervisionRoutes(add: AddRoute, ctx: HallContext, supervision: Supervision): void {
  const { engine } = ctx;
  const { monitor, cases } = supervision;
  const staffActor = (p: Principal): Actor => ({ kind: 'staff', id: p.kind === 'staff' ? p.badge : null });

  /** Runs a change and its audit entry in one engine transaction. */
  const audited = <T>(principal: Principal, req: Request, action: string, target: string | null, fn: (tx: Tx) => T): T =>
    engine.core.run((tx) => {
      const result = fn(tx);
      const who = describe(principal);
      ctx.audit.append({ actor: who.actor, role: who.role, action, target, place: req.ip ?? null });
      return result;
    });

  add({ method: 'get', path: '/api/supervision', summary: 'Live supervision: queues, windows and active alerts', tag: 'supervision', allow: ['supervisor'] }, () => monitor.view());
  add(
    { method: 'post', path: '/api/supervision/evaluate', summary: 'Evaluate the alerts now (and push them if they changed)', tag: 'supervision', allow: ['supervisor'], body: EmptyBody },
    () => ({ at: ctx.clock.now().toISOString(), alerts: monitor.evaluate() }),
  );
  add({ method: 'get', path: '/api/supervision/settings', summary: 'Alert thresholds and 差评 case deadlines', tag: 'supervision', allow: ['supervisor'] }, () => supervision.settings());
  add(
    { method: 'put', path: '/api/supervision/settings', summary: 'Replace the alert thresholds and 差评 case deadlines', tag: 'supervision', allow: ['admin'], body: SupervisionSettings },
    ({ body, principal, req }) => {
      if (body.cases.defaultAssignee) engine.cases.assertAssignable(body.cases.defaultAssignee);
      audited(principal, req, 'admin.supervision.settings', null, (tx) => saveSettingIn(engine.core, tx, SUPERVISION_KEY, body, staffActor(principal)));
      monitor.evaluate();
      return body;
    },
  );

  add({ method: 'get', path: '/api/cases', summary: '差评 follow-up cases, overdue first', tag: 'supervision', allow: ['supervisor'], query: CaseListQuery }, ({ query }) => ({
    cases: cases.list({ state: query.state, assignee: query.assignee, overdue: query.overdue === undefined ? undefined : query.overdue === 'true', limit: query.limit }),
  }));
  add({ method: 'get', path: '/api/cases/:id', summary: 'One 差评 case with its history', tag: 'supervision', allow: ['supervisor'] }, ({ params }) => cases.get(intParam(params.id, 'id')));

  /** A case change as an engine command with its audit entry; the alerts follow at once. */
  const caseChange = (principal: Principal, req: Request, action: string, id: number, fn: (tx: Tx, actor: Actor) => CaseView): CaseView => {
    const result = audited(principal, req, action, String(id), (tx) => fn(tx, staffActor(principal)));
    monitor.evaluate();
    return result;
  };
  add(
    { method: 'post', path: '/api/cases/:id/assign', summary: 'Assign a 差评 case to a supervisor', tag: 'supervision', allow: ['supervisor'], body: AssignCaseBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(principal, req, 'case.assign', id, (tx, actor) => engine.cases.assignIn(tx, id, body.assignee, actor, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/contact', summary: 'Record that the citizen was contacted (open → contacted)', tag: 'supervision', allow: ['supervisor'], body: CaseStepBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(principal, req, 'case.contact', id, (tx, actor) => engine.cases.contactIn(tx, id, actor, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/resolve', summary: 'Close a 差评 case (contacted → resolved)', tag: 'supervision', allow: ['supervisor'], body: CaseStepBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(principal, req, 'case.resolve', id, (tx, actor) => engine.cases.resolveIn(tx, id, actor, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/notes', summary: 'Add a note to a 差评 case', tag: 'supervision', allow: ['supervisor'], body: CaseStepBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(principal, req, 'case.note', id, (tx, actor) => engine.cases.addNoteIn(tx, id, actor, body.note));
    },
  );
}
