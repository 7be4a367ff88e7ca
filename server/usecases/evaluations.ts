import type { CaseView } from '../../contract/admin.ts';
import type { EvaluationBody } from '../../contract/api.ts';
import type { EvaluationLevel } from '../../contract/domain.ts';
import {
  REFUSAL_MESSAGES,
  type CaseContactBody,
  type CaseContactNumber,
  type EvaluationChannel,
  type EvaluationRecord,
  type PhoneEvaluationBody,
  type PublicEvaluationResult,
  type PublicEvaluationState,
  type RefusalCode,
  type RerateBody,
} from '../../contract/evaluation.ts';
import type { Actor } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import { isSupervisor, mayActOnWindow, type Principal } from '../auth/principal.ts';
import { DomainError } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import { EvaluationError } from '../queue/evaluation-commands.ts';
import { QueueError } from '../queue/errors.ts';
import { actorOf, type Caller } from './caller.ts';
import { audited } from './audited.ts';

/**
 * 好差评 on every channel (contract/evaluation.ts): the evaluator device, the caller keypad's 评价 key,
 * the window's tablet, the citizen's phone (the status page, with the ticket's signed key), and the
 * 差评 cycle's steps. Each rating is one engine command with its audit entry; each refusal or dropped
 * press is an `evaluation.refused` event and a log line of its own, never silent.
 */

interface RefusalPlace {
  channel: EvaluationChannel;
  ticketId: string | null;
  window: number | null;
  device: string | null;
}

/** Records a refusal (event + log line) and returns the error to throw. */
export function refuseEvaluation(ctx: HallContext, code: RefusalCode, place: RefusalPlace, actor: Actor): EvaluationError {
  const message = REFUSAL_MESSAGES[code];
  let number: string | null = null;
  try {
    number = place.ticketId ? ctx.engine.core.ticket(place.ticketId).number : null;
  } catch {
    number = null;
  }
  ctx.log.warn({ area: 'evaluation', code, channel: place.channel, window: place.window, device: place.device, ticket: number }, `evaluation refused: ${message}`);
  const record = () => {
    try {
      ctx.engine.evaluations.refuse({ code, channel: place.channel, ticketId: number === null ? null : place.ticketId, window: place.window, device: place.device, message }, actor);
    } catch (error) {
      ctx.log.error({ err: error, area: 'evaluation' }, 'could not record an evaluation refusal');
    }
  };
  // Inside a transaction that is about to roll back (a grouped request), the refusal would go with it:
  // it is recorded on its own right after. The evaluation routes run ungrouped, so this is the rare case.
  if (ctx.engine.core.db.inTransaction) setImmediate(record);
  else record();
  return new EvaluationError(code);
}

/** The refusal code of an error a rating command threw, or undefined for a fault. */
function refusalOf(error: unknown): RefusalCode | undefined {
  if (error instanceof EvaluationError) return error.refusal;
  if (error instanceof QueueError) {
    if (error.code === 'ALREADY_EVALUATED') return 'ALREADY_EVALUATED';
    if (error.code === 'NOT_EVALUABLE') return 'NOT_EVALUABLE';
    if (error.code === 'NO_CURRENT_TICKET') return 'NO_TICKET';
  }
  if (error instanceof DomainError && (error.code === 'RERATE_NOT_OPEN' || error.code === 'CASE_CLOSED')) return error.code === 'CASE_CLOSED' ? 'NO_CASE' : 'RERATE_NOT_OPEN';
  return undefined;
}

/** Runs a rating; a refusal becomes its event and log line, then is thrown as a 409 with its code. */
function guarded<T>(ctx: HallContext, place: RefusalPlace, actor: Actor, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const code = refusalOf(error);
    if (code) throw refuseEvaluation(ctx, code, place, actor);
    throw error;
  }
}

const ratingAudit = (level: EvaluationLevel, channel: EvaluationChannel) => ({ action: 'ticket.evaluate', target: (r: { ticket: TicketView }) => r.ticket.number, detail: { level, channel } });

// ── the tablet, staff, and the older phone form ───────────────────────────────────────────────

/**
 * POST /api/evaluations: the window's tablet (a display bound to the window), the window's staff or a
 * supervisor (代录), or a phone holding the ticket's signed key.
 */
export function rateVisit(ctx: HallContext, caller: Caller, body: EvaluationBody & { reasons?: string[] | undefined; text?: string | undefined }): TicketView {
  const p = caller.principal;
  const actor = actorOf(p);
  const t = ctx.engine.core.ticket(body.ticketId);
  const byPhone = body.key !== undefined && p.kind === 'anonymous';
  const channel: EvaluationChannel = byPhone ? 'phone' : p.kind === 'staff' ? 'staff' : body.source;
  const place: RefusalPlace = { channel, ticketId: t.id, window: t.window, device: p.kind === 'device' ? p.code : null };
  const allowed =
    (p.kind === 'device' && p.deviceKind === 'display' && p.window !== null && p.window === t.window) ||
    (p.kind === 'staff' && t.window !== null && mayActOnWindow(p, t.window)) ||
    (body.key !== undefined && ctx.statusKeys.verify(t.id, body.key));
  if (!allowed) {
    if (p.kind === 'anonymous' && body.key === undefined) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', '请扫描号票二维码进行评价。');
    throw refuseEvaluation(ctx, body.key !== undefined ? 'BAD_KEY' : 'WRONG_WINDOW', place, actor);
  }
  if (byPhone && t.state !== 'finished') throw refuseEvaluation(ctx, ctx.engine.evaluations.rated(t.id) ? 'ALREADY_EVALUATED' : 'NOT_FINISHED', place, actor);
  const reasons = body.reasons ?? (body.reason ? [body.reason] : []);
  return guarded(ctx, place, actor, () =>
    audited(ctx, caller, ratingAudit(body.level, channel), () =>
      ctx.engine.evaluations.rate({ ticketId: t.id, level: body.level, channel, reasons, text: body.text ?? null, dimensions: body.dimensions, actor }),
    ),
  ).ticket;
}

// ── the evaluator and the keypad ──────────────────────────────────────────────────────────────

/** What a device's press came to (the keypad shows refusals; the evaluator is acknowledged either way). */
export type DeviceRatingResult = { accepted: true; ticket?: string } | { accepted: false; code: string };

const hardwareCaller = (device: string, window: number): { caller: Caller; as: { actor: string; role: string } } => ({
  caller: { principal: { kind: 'anonymous' }, place: `window:${window}` },
  as: { actor: `device:${device}`, role: 'evaluator' },
});

/**
 * An evaluator press (FF68 FUNC 0x11): rates the visit the window asked to be rated (评价 key), else the
 * ticket at the window (called or serving), else the one it finished in the last minutes. A press
 * with nothing to rate, a second press, or an unknown value is refused with its event and log line.
 */
export function evaluatorRating(ctx: HallContext, device: string, window: number, level: EvaluationLevel | null): DeviceRatingResult {
  const actor: Actor = { kind: 'device', id: device };
  const target = ctx.engine.evaluations.targetAtWindow(window);
  const place: RefusalPlace = { channel: 'evaluator', ticketId: target?.ticket.id ?? null, window, device };
  try {
    if (level === null) throw refuseEvaluation(ctx, 'NO_RATING', place, actor);
    if (!target) throw refuseEvaluation(ctx, 'NO_TICKET', place, actor);
    const { caller, as } = hardwareCaller(device, window);
    const r = guarded(ctx, place, actor, () =>
      audited(ctx, caller, { ...ratingAudit(level, 'evaluator'), as }, () => ctx.engine.evaluations.rate({ ticketId: target.ticket.id, level, channel: 'evaluator', actor })),
    );
    return { accepted: true, ticket: r.ticket.number };
  } catch (error) {
    if (error instanceof EvaluationError) return { accepted: false, code: error.refusal };
    throw error;
  }
}

/**
 * The caller keypad's 评价 key (0B), as the hall configures it (rules.evaluationKey): `request_only`
 * asks the evaluator and the tablet for a rating of the current (or just finished) ticket;
 * `finish_then_request` first finishes the ticket being called or served (办结), then asks. Runs
 * inside the keypad's audited command.
 */
export function keypadEvaluationKey(ctx: HallContext, window: number, actor: Actor): TicketView {
  const w = ctx.engine.windows;
  const current = ctx.engine.core.currentRow(window);
  if (ctx.engine.catalog.rules.evaluationKey === 'finish_then_request' && current && (current.state === 'serving' || current.state === 'called')) {
    const finished = w.finish(window, 'done', null, actor);
    // Rated already (on the tablet before 办结): the key still finishes; there is nothing to ask for.
    if (finished.evaluation || ctx.engine.evaluations.rated(finished.id)) return finished;
  }
  return w.requestEvaluation(window, actor);
}

/** A refused 评价 key (nothing to rate, already rated): after the keypad's command rolled back, its event and log line. */
export function keypadEvaluationRefused(ctx: HallContext, device: string, window: number, code: string): void {
  const refusal: RefusalCode = code === 'ALREADY_EVALUATED' ? 'ALREADY_EVALUATED' : code === 'NO_CURRENT_TICKET' ? 'NO_TICKET' : 'REFUSED_REQUEST';
  const current = ctx.engine.core.currentRow(window);
  refuseEvaluation(ctx, refusal, { channel: 'keypad', ticketId: current?.id ?? null, window, device }, { kind: 'device', id: device });
}

// ── the phone (status page) ───────────────────────────────────────────────────────────────────

function verifiedTicket(ctx: HallContext, ticketId: string, key: string | undefined, channel: EvaluationChannel): TicketView {
  let t: TicketView | undefined;
  try {
    t = ctx.engine.core.ticket(ticketId);
  } catch {
    t = undefined;
  }
  if (!t || key === undefined || !ctx.statusKeys.verify(ticketId, key)) {
    throw refuseEvaluation(ctx, 'BAD_KEY', { channel, ticketId: t ? t.id : null, window: null, device: null }, { kind: 'public', id: null });
  }
  return t;
}

/** GET /api/public/tickets/:id/evaluation: may the phone rate, re-rate or leave a number now? */
export function phoneEvaluationState(ctx: HallContext, ticketId: string, key: string): PublicEvaluationState {
  if (!ctx.statusKeys.verify(ticketId, key)) throw new DomainError('not_found', 'BAD_KEY', REFUSAL_MESSAGES.BAD_KEY);
  const t = ctx.engine.core.ticket(ticketId);
  const record = ctx.engine.evaluations.record(t.id);
  const rated = ctx.engine.evaluations.rated(t.id);
  const c = ctx.engine.cases.store.rowOfTicket(t.id);
  return {
    canRate: !rated && t.state === 'finished',
    rated,
    grade: record?.grade ?? t.evaluation,
    canRerate: c?.state === 'fed_back' && c.rerate_level === null,
    canAddContact: c !== undefined && c.state !== 'resolved' && c.contact_masked === null,
    feedback: c && (c.state === 'fed_back' || c.state === 'resolved') ? c.feedback : null,
  };
}

const resultOf = (record: EvaluationRecord, contact: boolean): PublicEvaluationResult => ({
  ok: true,
  grade: record.grade,
  times: record.times,
  bad: record.grade === 'dissatisfied' || record.grade === 'very_dissatisfied',
  contact,
});

/** POST /api/public/tickets/:id/evaluation: 扫码评价, once the ticket is finished, once per visit. */
export function ratePhone(ctx: HallContext, caller: Caller, ticketId: string, body: PhoneEvaluationBody): PublicEvaluationResult {
  const t = verifiedTicket(ctx, ticketId, body.key, 'phone');
  const actor = actorOf(caller.principal);
  const place: RefusalPlace = { channel: 'phone', ticketId: t.id, window: t.window, device: null };
  if (ctx.engine.evaluations.rated(t.id)) throw refuseEvaluation(ctx, 'ALREADY_EVALUATED', place, actor);
  if (t.state !== 'finished') throw refuseEvaluation(ctx, 'NOT_FINISHED', place, actor);
  const bad = body.level === 'dissatisfied' || body.level === 'very_dissatisfied';
  // A number is kept only with a 差评 (to call back); with a good rating it is not asked for, nor kept.
  const contact = bad && body.phone ? ctx.contacts.seal(body.phone) : undefined;
  const r = guarded(ctx, place, actor, () =>
    audited(ctx, caller, { ...ratingAudit(body.level, 'phone'), detail: { level: body.level, channel: 'phone', contact: contact !== undefined } }, () =>
      ctx.engine.evaluations.rate({ ticketId: t.id, level: body.level, channel: 'phone', reasons: body.reasons, text: body.text ?? null, actor, contact }),
    ),
  );
  return resultOf(r.record, contact !== undefined);
}

/**
 * POST /api/evaluations/:ticketId/contact: a 差评's call-back number, from the tablet of the ticket's
 * window (display device) or from the phone (signed key). Sealed before it reaches the engine.
 */
export function addCaseContact(ctx: HallContext, caller: Caller, ticketId: string, body: CaseContactBody): PublicEvaluationResult {
  const p: Principal = caller.principal;
  const actor = actorOf(p);
  let t: TicketView;
  if (body.key !== undefined) t = verifiedTicket(ctx, ticketId, body.key, 'phone');
  else {
    t = ctx.engine.core.ticket(ticketId);
    const tablet = p.kind === 'device' && p.deviceKind === 'display' && p.window !== null && p.window === t.window;
    const staff = p.kind === 'staff' && t.window !== null && mayActOnWindow(p, t.window);
    if (!tablet && !staff) {
      if (p.kind === 'anonymous') throw new DomainError('unauthenticated', 'UNAUTHENTICATED', '请扫描号票二维码后留下联系电话。');
      throw refuseEvaluation(ctx, 'WRONG_WINDOW', { channel: 'screen', ticketId: t.id, window: t.window, device: p.kind === 'device' ? p.code : null }, actor);
    }
  }
  const channel: EvaluationChannel = body.key !== undefined ? 'phone' : p.kind === 'staff' ? 'staff' : 'screen';
  const place: RefusalPlace = { channel, ticketId: t.id, window: t.window, device: p.kind === 'device' ? p.code : null };
  const sealed = ctx.contacts.seal(body.phone);
  guarded(ctx, place, actor, () =>
    audited(ctx, caller, { action: 'case.contact_added', target: t.number, detail: { channel } }, () => ctx.engine.evaluations.addContact(t.id, sealed, actor)),
  );
  const record = ctx.engine.evaluations.record(t.id);
  if (!record) throw new EvaluationError('NO_CASE');
  return resultOf(record, true);
}

/** POST /api/public/tickets/:id/evaluation/rerate: the citizen's one 追评 after 反馈. */
export function rerateByCitizen(ctx: HallContext, caller: Caller, ticketId: string, body: RerateBody): PublicEvaluationResult {
  const t = verifiedTicket(ctx, ticketId, body.key, 'phone');
  const actor = actorOf(caller.principal);
  const place: RefusalPlace = { channel: 'phone', ticketId: t.id, window: t.window, device: null };
  const record = guarded(ctx, place, actor, () =>
    audited(ctx, caller, { action: 'case.rerate', target: t.number, detail: { level: body.level, channel: 'phone' } }, () => ctx.engine.evaluations.rerate(t.id, body.level, body.text ?? null, actor)),
  );
  return resultOf(record, false);
}

// ── the 差评 cycle (supervisors) ──────────────────────────────────────────────────────────────

const caseTicket = (ctx: HallContext, id: number): string => ctx.engine.cases.existing(id).ticket_id;

/** 整改: what was changed. */
export function rectifyCase(ctx: HallContext, caller: Caller, id: number, rectification: string): CaseView {
  return audited(ctx, caller, { action: 'case.rectify', target: String(id) }, (tx) => ctx.engine.cases.rectifyIn(tx, id, actorOf(caller.principal), rectification));
}

/** 反馈: the citizen was told what was changed (the 追评 opens). */
export function feedbackCase(ctx: HallContext, caller: Caller, id: number, feedback: string): CaseView {
  return audited(ctx, caller, { action: 'case.feedback', target: String(id) }, (tx) => ctx.engine.cases.feedbackIn(tx, id, actorOf(caller.principal), feedback));
}

/** A 追评 the citizen gave on the feedback call, recorded by the supervisor. */
export function rerateCaseByStaff(ctx: HallContext, caller: Caller, id: number, level: EvaluationLevel, note: string | undefined): CaseView {
  const ticketId = caseTicket(ctx, id);
  const actor = actorOf(caller.principal);
  guarded(ctx, { channel: 'staff', ticketId, window: null, device: null }, actor, () =>
    audited(ctx, caller, { action: 'case.rerate', target: String(id), detail: { level, channel: 'staff' } }, () => ctx.engine.evaluations.rerate(ticketId, level, note ?? null, actor)),
  );
  return ctx.engine.cases.get(id);
}

/** The call-back number in clear, for the supervisor about to call: an audited read. */
export function revealCaseContact(ctx: HallContext, caller: Caller, id: number): CaseContactNumber {
  if (!isSupervisor(caller.principal)) throw new DomainError('forbidden', 'FORBIDDEN', '只有督查人员可以查看回访电话。');
  const row = ctx.engine.cases.existing(id);
  if (!row.contact_enc || !row.contact_masked) {
    throw new DomainError('not_found', 'NO_CONTACT', row.contact_erased_at ? '工单已办结，回访电话已删除。' : '办事人没有留下回访电话。');
  }
  const sealed = row.contact_enc;
  const masked = row.contact_masked;
  const phone = audited(ctx, caller, { action: 'case.contact_revealed', target: String(id) }, () => ctx.contacts.open(sealed));
  return { phone, masked };
}
