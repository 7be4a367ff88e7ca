import { z } from 'zod';
import { CaseView } from '../../contract/admin.ts';
import {
  CaseCloseBody,
  CaseContactBody,
  CaseContactNumber,
  CaseFeedbackBody,
  CaseRectifyBody,
  CaseRerateBody,
  EvaluationRecordView,
  PhoneEvaluationBody,
  PublicEvaluationResult,
  PublicEvaluationState,
  RerateBody,
} from '../../contract/evaluation.ts';
import type { HallContext } from '../context.ts';
import type { Supervision } from '../supervision/service.ts';
import { resolveCase } from '../usecases/cases.ts';
import {
  addCaseContact,
  feedbackCase,
  phoneEvaluationState,
  ratePhone,
  rectifyCase,
  rerateByCitizen,
  rerateCaseByStaff,
  revealCaseContact,
} from '../usecases/evaluations.ts';
import { callerOf, EVERYONE, intParam, type AddRoute } from './route.ts';

const KeyQuery = z.object({ k: z.string().min(1).max(200) });

/**
 * 好差评 beyond the tablet's POST /api/evaluations: the phone's 扫码评价 on the status page (signed key),
 * a 差评's call-back number (tablet or phone), the 追评, a visit's record, and the 差评 cycle's later
 * steps (整改, 反馈, 追评 by phone call, 办结, revealing the number). Each write is one use case.
 * Ungrouped: a refusal is an event of its own, which a rolled-back group savepoint would take along.
 */
export function evaluationRoutes(add: AddRoute, ctx: HallContext, supervision: Supervision): void {
  const { monitor } = supervision;
  const ticketId = (id: string | undefined) => id ?? '';

  add(
    { method: 'get', path: '/api/public/tickets/:id/evaluation', summary: 'May this visit be rated (扫码评价), re-rated or given a call-back number now', tag: 'evaluation', response: PublicEvaluationState, allow: EVERYONE, ungrouped: true, query: KeyQuery },
    ({ params, query }) => phoneEvaluationState(ctx, ticketId(params.id), query.k),
  );
  add(
    { method: 'post', path: '/api/public/tickets/:id/evaluation', summary: 'Rate a finished visit from the phone (once per visit; signed key)', tag: 'evaluation', response: PublicEvaluationResult, allow: EVERYONE, ungrouped: true, body: PhoneEvaluationBody },
    ({ params, body, principal, req }) => {
      const r = ratePhone(ctx, callerOf(principal, req), ticketId(params.id), body);
      if (r.bad) monitor.evaluate();
      return r;
    },
  );
  add(
    { method: 'post', path: '/api/public/tickets/:id/evaluation/rerate', summary: 'The citizen’s one 追评 after the hall fed back its 整改', tag: 'evaluation', response: PublicEvaluationResult, allow: EVERYONE, ungrouped: true, body: RerateBody },
    ({ params, body, principal, req }) => rerateByCitizen(ctx, callerOf(principal, req), ticketId(params.id), body),
  );
  add(
    { method: 'post', path: '/api/evaluations/:ticketId/contact', summary: 'A 差评’s call-back number, from the window’s tablet or the phone (stored encrypted)', tag: 'evaluation', response: PublicEvaluationResult, allow: EVERYONE, ungrouped: true, body: CaseContactBody },
    ({ params, body, principal, req }) => addCaseContact(ctx, callerOf(principal, req), ticketId(params.ticketId), body),
  );
  add(
    { method: 'get', path: '/api/evaluations/:ticketId/record', summary: 'One visit’s evaluation record (GB/T 39046 fields)', tag: 'evaluation', response: EvaluationRecordView, allow: ['supervisor'] },
    ({ params }) => ({ record: ctx.engine.evaluations.record(ticketId(params.ticketId)) }),
  );

  /** A case change, then the alerts at once (an overdue step may have just been done). */
  const caseChange = (change: () => CaseView): CaseView => {
    const result = change();
    monitor.evaluate();
    return result;
  };
  add(
    { method: 'post', path: '/api/cases/:id/rectify', summary: 'Record the 整改 of a 差评 case: what was changed (contacted → rectified)', tag: 'supervision', response: CaseView, allow: ['supervisor'], ungrouped: true, body: CaseRectifyBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => rectifyCase(ctx, callerOf(principal, req), id, body.rectification));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/feedback', summary: 'Record the 反馈 to the citizen (rectified → fed_back); the 追评 opens', tag: 'supervision', response: CaseView, allow: ['supervisor'], ungrouped: true, body: CaseFeedbackBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => feedbackCase(ctx, callerOf(principal, req), id, body.feedback));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/rerate', summary: 'Record the citizen’s 追评 given on the feedback call (once)', tag: 'supervision', response: CaseView, allow: ['supervisor'], ungrouped: true, body: CaseRerateBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => rerateCaseByStaff(ctx, callerOf(principal, req), id, body.level, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/close', summary: 'Close (办结) a fed-back 差评 case; its call-back number is erased', tag: 'supervision', response: CaseView, allow: ['supervisor'], ungrouped: true, body: CaseCloseBody },
    ({ params, body, principal, req }) => {
      const id = intParam(params.id, 'id');
      return caseChange(() => resolveCase(ctx, callerOf(principal, req), id, body.note));
    },
  );
  add(
    { method: 'post', path: '/api/cases/:id/contact-number', summary: 'Reveal a 差评’s call-back number to the supervisor calling (audited)', tag: 'supervision', response: CaseContactNumber, allow: ['supervisor'], ungrouped: true, body: z.strictObject({}) },
    ({ params, principal, req }) => revealCaseContact(ctx, callerOf(principal, req), intParam(params.id, 'id')),
  );
}
