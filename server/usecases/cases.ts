import type { CaseView, SupervisionSettings } from '../../contract/admin.ts';
import type { HallContext } from '../context.ts';
import { saveSettingIn } from '../queue/settings-commands.ts';
import { SUPERVISION_KEY } from '../store/settings-store.ts';
import { actorOf, type Caller } from './caller.ts';
import { audited } from './audited.ts';

/**
 * 差评 follow-up (回访) and the supervision settings. Each change is one engine command: the case row,
 * its history entry, its `case.*` event and the audit entry commit together.
 */
export function assignCase(ctx: HallContext, caller: Caller, id: number, assignee: string, note?: string): CaseView {
  return audited(ctx, caller, { action: 'case.assign', target: String(id) }, (tx) => ctx.engine.cases.assignIn(tx, id, assignee, actorOf(caller.principal), note));
}

export function contactCase(ctx: HallContext, caller: Caller, id: number, note: string): CaseView {
  return audited(ctx, caller, { action: 'case.contact', target: String(id) }, (tx) => ctx.engine.cases.contactIn(tx, id, actorOf(caller.principal), note));
}

export function resolveCase(ctx: HallContext, caller: Caller, id: number, note: string): CaseView {
  return audited(ctx, caller, { action: 'case.resolve', target: String(id) }, (tx) => ctx.engine.cases.resolveIn(tx, id, actorOf(caller.principal), note));
}

export function noteCase(ctx: HallContext, caller: Caller, id: number, note: string): CaseView {
  return audited(ctx, caller, { action: 'case.note', target: String(id) }, (tx) => ctx.engine.cases.addNoteIn(tx, id, actorOf(caller.principal), note));
}

/** Alert thresholds and 差评 deadlines, as a `settings.changed` event. */
export function replaceSupervisionSettings(ctx: HallContext, caller: Caller, body: SupervisionSettings): SupervisionSettings {
  if (body.cases.defaultAssignee) ctx.engine.cases.assertAssignable(body.cases.defaultAssignee);
  return audited(ctx, caller, { action: 'admin.supervision.settings', target: null }, (tx) => {
    saveSettingIn(ctx.engine.core, tx, SUPERVISION_KEY, body, actorOf(caller.principal));
    return body;
  });
}
