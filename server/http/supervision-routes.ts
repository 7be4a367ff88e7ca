import type { Server as HttpServer } from 'node:http';
import { AssignCaseBody, CaseListQuery, CaseStepBody, SupervisionSettings } from '../../contract/admin.ts';
import { EmptyBody } from '../../contract/api.ts';
import { describe, type Principal } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';
import type { HallSocketServer } from '../realtime/socket-server.ts';
import { CaseService } from '../supervision/cases.ts';
import { SupervisionMonitor, type HealthSource } from '../supervision/monitor.ts';
import { publishSupervisionAlerts } from '../supervision/publisher.ts';
import { readSupervisionSettings, SUPERVISION_KEY, writeSetting } from '../supervision/settings.ts';
import { intParam, type AddRoute } from './route.ts';

export interface SupervisionWiring {
  io: HallSocketServer;
  /** The device manager's health registry. */
  devices?: HealthSource | undefined;
  /** The monitor and its timer stop when this server closes. */
  http: HttpServer;
}

/**
 * Live supervision (督查): queues, windows and alerts, the alert thresholds, and the 差评 follow-up
 * cases. Supervisors read and act; only admins change the settings.
 */
export function supervisionRoutes(add: AddRoute, ctx: HallContext, wiring: SupervisionWiring): SupervisionMonitor {
  const db = ctx.engine.core.db;
  const settings = () => readSupervisionSettings(db);
  const cases = new CaseService(db, ctx.clock, () => ctx.engine.catalog, () => settings().cases);
  const offCases = ctx.engine.onEvents((events) => {
    try {
      cases.onEvents(events);
    } catch (error) {
      ctx.log.error({ err: error }, 'could not complete a 差评 case');
    }
  });
  const monitor = new SupervisionMonitor({
    engine: ctx.engine,
    clock: ctx.clock,
    cases,
    settings: () => settings().alerts,
    health: () => wiring.devices,
    publish: (payload) => publishSupervisionAlerts(wiring.io, payload),
    onError: (error) => ctx.log.error({ err: error }, 'supervision evaluation failed'),
  });
  monitor.start();
  const offHealth = wiring.devices?.onHealthChange?.(() => monitor.nudge());
  wiring.http.once('close', () => {
    offCases();
    offHealth?.();
    monitor.stop();
  });
  const actor = (p: Principal) => describe(p).actor;

  add({ method: 'get', path: '/api/supervision', summary: 'Live supervision: queues, windows and active alerts', tag: 'supervision', allow: ['supervisor'] }, () => monitor.view());
  add(
    { method: 'post', path: '/api/supervision/evaluate', summary: 'Evaluate the alerts now (and push them if they changed)', tag: 'supervision', allow: ['supervisor'], body: EmptyBody },
    () => ({ at: ctx.clock.now().toISOString(), alerts: monitor.evaluate() }),
  );
  add({ method: 'get', path: '/api/supervision/settings', summary: 'Alert thresholds and 差评 case deadlines', tag: 'supervision', allow: ['supervisor'] }, () => settings());
  add(
    { method: 'put', path: '/api/supervision/settings', summary: 'Replace the alert thresholds and 差评 case deadlines', tag: 'supervision', allow: ['admin'], body: SupervisionSettings, audit: 'admin.supervision.settings' },
    ({ body }) => {
      if (body.cases.defaultAssignee) cases.assertAssignable(body.cases.defaultAssignee);
      writeSetting(db, SUPERVISION_KEY, body);
      monitor.evaluate();
      return body;
    },
  );

  add({ method: 'get', path: '/api/cases', summary: '差评 follow-up cases, overdue first', tag: 'supervision', allow: ['supervisor'], query: CaseListQuery }, ({ query }) => ({
    cases: cases.list({ state: query.state, assignee: query.assignee, overdue: query.overdue === undefined ? undefined : query.overdue === 'true', limit: query.limit }),
  }));
  add({ method: 'get', path: '/api/cases/:id', summary: 'One 差评 case with its history', tag: 'supervision', allow: ['supervisor'] }, ({ params }) => cases.get(intParam(params.id, 'id')));
  add(
    { method: 'post', path: '/api/cases/:id/assign', summary: 'Assign a 差评 case to a supervisor', tag: 'supervision', allow: ['supervisor'], body: AssignCaseBody, audit: 'case.assign' },
    ({ params, body, principal }) => {
      const result = cases.assign(intParam(params.id, 'id'), body.assignee, actor(principal), body.note);
      monitor.evaluate();
      return result;
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/contact', summary: 'Record that the citizen was contacted (open → contacted)', tag: 'supervision', allow: ['supervisor'], body: CaseStepBody, audit: 'case.contact' },
    ({ params, body, principal }) => {
      const result = cases.contact(intParam(params.id, 'id'), actor(principal), body.note);
      monitor.evaluate();
      return result;
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/resolve', summary: 'Close a 差评 case (contacted → resolved)', tag: 'supervision', allow: ['supervisor'], body: CaseStepBody, audit: 'case.resolve' },
    ({ params, body, principal }) => cases.resolve(intParam(params.id, 'id'), actor(principal), body.note),
  );
  add(
    { method: 'post', path: '/api/cases/:id/notes', summary: 'Add a note to a 差评 case', tag: 'supervision', allow: ['supervisor'], body: CaseStepBody, audit: 'case.note' },
    ({ params, body, principal }) => cases.addNote(intParam(params.id, 'id'), actor(principal), body.note),
  );
  return monitor;
}
