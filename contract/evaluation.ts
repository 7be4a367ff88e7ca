import { z } from 'zod';
import { EvaluationLevel } from './domain.ts';

/**
 * 好差评 evaluation records (GB/T 39046-2020 表9, GB/T 39734-2020) and the 差评 follow-up case steps.
 *
 * Decisions, so every consumer (statistics, the provincial push, the central platform) reads the same:
 *
 * - **One record per visit.** A visit is one ticket, including its transfers (a transfer keeps the
 *   ticket's id, so a citizen sent from window 3 to window 7 rates once, the last window that served
 *   them). The record's id is `<hall code>-<ticket id>`; the hall database keeps it in `evaluations`
 *   (one row per ticket). A second rating of the same visit is refused (409 `ALREADY_EVALUATED`).
 * - **Times (评价次数).** 1 for the citizen's rating; 2 once the citizen gave the one 追评 (re-rating)
 *   the 差评 cycle allows after 反馈. `grade` is always the latest grade, `firstGrade` the first one;
 *   the hall's figures (好评率, 差评率) count the first grade, 整改率 and the 追评 tell what followed.
 * - **Neutral grade.** `grade` is the internal `EvaluationLevel`. 满意度代码 is not stored: each target
 *   (GB/T 39046 A.8 numbers 1 = 非常满意, several provincial interfaces 1 = 非常不满意) maps it with a
 *   `GradeCodeMap` of its own configuration; `gradeCode`/`gradeFromCode` convert both ways.
 * - **Events.** `ticket.evaluated` stays as it was (the first rating, read by supervision, statistics
 *   and the central projections). Every new version of the record emits `evaluation.recorded`
 *   `{ record }` in the same transaction: the first rating (revision 1), the 追评, and each 差评 case
 *   step that changes the record's case summary; `revision` grows by one each time, so
 *   `<record id>:<revision>` is an idempotency key for a receiver. A rating refused or dropped (already
 *   rated, not rateable, no ticket for an evaluator press, bad signed key) emits `evaluation.refused`
 *   `{ refusal }` in a transaction of its own, and a log line. Case steps are `case.*` events carrying
 *   the case view and its new history entry: `case.assigned` 分派, `case.contacted` 回访,
 *   `case.rectified` 整改, `case.fed_back` 反馈, `case.rerated` 追评, `case.resolved` 办结
 *   (existing `case.opened` and `case.noted` unchanged).
 * - **Personal data.** The evaluator (评价人) is a reference (the ticket id) with the masked name and ID
 *   of the ticket, never more. The call-back phone number of a 差评 never enters a record or an event:
 *   the case keeps it encrypted (AES-GCM, key outside the database) and shows it masked; it is erased
 *   when the case closes.
 *
 * May import zod and `contract/` only.
 */

/** 评价渠道: where the rating was given. `screen` is the window's evaluation tablet. */
export const EvaluationChannel = z.enum(['evaluator', 'keypad', 'screen', 'phone', 'staff']);
export type EvaluationChannel = z.infer<typeof EvaluationChannel>;
export const CHANNEL_LABELS: Record<EvaluationChannel, string> = {
  evaluator: '评价器',
  keypad: '呼叫器评价键',
  screen: '评价平板',
  phone: '扫码评价',
  staff: '工作人员代录',
};

/** 实施编码 of an item as the provincial catalogue numbers it (up to 24 characters). */
export const ImplementationCode = z.string().regex(/^[A-Za-z0-9]{1,24}$/, 'expected an implementation code (实施编码) of up to 24 letters or digits');

/** 行政区划代码: 6 digits (county) or 12 digits (town/street) per GB/T 2260 and the statistics codes. */
export const RegionCode = z.string().regex(/^(\d{6}|\d{12})$/, 'expected a region code (行政区划代码) of 6 or 12 digits');

export const CaseState = z.enum(['open', 'contacted', 'rectified', 'fed_back', 'resolved']);
export type CaseState = z.infer<typeof CaseState>;
/** The state a case is in, as supervisors read it. */
export const CASE_STATE_LABELS: Record<CaseState, string> = {
  open: '待回访',
  contacted: '待整改',
  rectified: '待反馈',
  fed_back: '待办结',
  resolved: '已办结',
};

export const CaseAction = z.enum(['created', 'assigned', 'contacted', 'rectified', 'fed_back', 'rerated', 'resolved', 'note', 'contact_erased']);
export type CaseAction = z.infer<typeof CaseAction>;
/** Chinese labels of a case's history actions, for every screen that lists them (cases, audit log). */
export const CASE_ACTION_LABELS: Record<CaseAction, string> = {
  created: '差评登记',
  assigned: '分派',
  contacted: '回访',
  rectified: '整改',
  fed_back: '反馈',
  rerated: '追评',
  resolved: '办结',
  note: '备注',
  contact_erased: '联系电话已删除',
};
/** The same, in English mode. */
export const CASE_ACTION_LABELS_EN: Record<CaseAction, string> = {
  created: 'Complaint registered',
  assigned: 'Assigned',
  contacted: 'Called back',
  rectified: 'Rectified',
  fed_back: 'Fed back',
  rerated: 'Re-rated',
  resolved: 'Closed',
  note: 'Note',
  contact_erased: 'Phone number erased',
};
/** The `case.*` event of each action (created → case.opened). */
export const CASE_ACTION_EVENTS = {
  created: 'case.opened',
  assigned: 'case.assigned',
  contacted: 'case.contacted',
  rectified: 'case.rectified',
  fed_back: 'case.fed_back',
  rerated: 'case.rerated',
  resolved: 'case.resolved',
  note: 'case.noted',
  contact_erased: 'case.resolved',
} as const satisfies Record<CaseAction, string>;

/** The step a case waits for, and which one is late. */
export const CaseStep = z.enum(['contact', 'rectify', 'feedback', 'close']);
export type CaseStep = z.infer<typeof CaseStep>;
export const CASE_STEP_LABELS: Record<CaseStep, string> = { contact: '回访', rectify: '整改', feedback: '反馈', close: '办结' };

/** What the evaluation record says of its 差评 case (null for a good rating). */
export const EvaluationCaseSummary = z.object({
  id: z.number().int(),
  state: CaseState,
  /** 回访 deadline (1 working day by default) and 整改 deadline (15 working days), hall calendar. */
  contactDueAt: z.string(),
  rectifyDueAt: z.string().nullable(),
  contactedAt: z.string().nullable(),
  rectifiedAt: z.string().nullable(),
  /** 整改情况: what was changed. */
  rectification: z.string().nullable(),
  fedBackAt: z.string().nullable(),
  closedAt: z.string().nullable(),
});
export type EvaluationCaseSummary = z.infer<typeof EvaluationCaseSummary>;

/** 评价人: a reference and what the ticket shows masked; never a name, ID number or phone number. */
export const EvaluatorRef = z.object({
  /** The ticket id: the same citizen's visit, nothing more. */
  ref: z.string(),
  nameMasked: z.string().nullable(),
  idMasked: z.string().nullable(),
});
export type EvaluatorRef = z.infer<typeof EvaluatorRef>;

/** One visit's evaluation record (GB/T 39046 表9 plus what provincial interfaces carry). */
export const EvaluationRecord = z.object({
  /** `<hall code>-<ticket id>`: unique across halls. */
  id: z.string(),
  /** Grows by one with every version of the record (see the header). */
  revision: z.number().int().min(1),
  /** 办件编号: the visit's case number, `<hall code>-<day yyyymmdd>-<ticket number>`. */
  caseNumber: z.string(),
  hallCode: z.string(),
  hallName: z.string(),
  /** 行政区划代码 of the hall (hall config `hall.regionCode`); null until configured. */
  regionCode: z.string().nullable(),
  departmentCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  itemCode: z.string().nullable(),
  /** 实施编码 (≤ 24 characters) from the catalogue; null when the item has none. */
  implementationCode: z.string().nullable(),
  itemName: z.string().nullable(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  day: z.string(),
  window: z.number().int().nullable(),
  windowName: z.string().nullable(),
  staffBadge: z.string().nullable(),
  staffName: z.string().nullable(),
  channel: EvaluationChannel,
  evaluator: EvaluatorRef,
  /** 评价时间 of the latest grade, and of the first one. */
  at: z.string(),
  firstAt: z.string(),
  /** 评价次数: 1, or 2 after the 追评. */
  times: z.number().int().min(1).max(2),
  grade: EvaluationLevel,
  firstGrade: EvaluationLevel,
  /** 文字评价. */
  text: z.string().nullable(),
  /** Chosen reasons (差评 reasons, or what pleased). */
  reasons: z.array(z.string()),
  dimensions: z.record(z.string(), EvaluationLevel).nullable(),
  /** When the visit was served and finished (null while still at the window). */
  servedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  case: EvaluationCaseSummary.nullable(),
});
export type EvaluationRecord = z.infer<typeof EvaluationRecord>;

/** Why a rating was refused or dropped (`evaluation.refused`). */
export const RefusalCode = z.enum([
  'ALREADY_EVALUATED',
  'NOT_EVALUABLE',
  'NO_TICKET',
  'BAD_KEY',
  'NOT_FINISHED',
  'REFUSED_REQUEST',
  'RERATE_NOT_OPEN',
  'NO_CASE',
  'CONTACT_GIVEN',
  'WRONG_WINDOW',
  'NO_RATING',
]);
export type RefusalCode = z.infer<typeof RefusalCode>;

/** What each refusal tells the citizen or the clerk (the HTTP answer's message, the log line). */
export const REFUSAL_MESSAGES: Record<RefusalCode, string> = {
  ALREADY_EVALUATED: '这次办事已经评价过了，每次办事只能评价一次，感谢您的反馈。',
  NOT_EVALUABLE: '叫号之后才能评价这次办事。',
  NO_TICKET: '窗口现在没有可以评价的号票。',
  BAD_KEY: '二维码无效，请重新扫描号票上的二维码。',
  NOT_FINISHED: '办结之后才能扫码评价，请在窗口办理完成后再评价。',
  REFUSED_REQUEST: '窗口现在不能发起评价。',
  RERATE_NOT_OPEN: '现在还不能追评：工单反馈之后可以追评一次。',
  NO_CASE: '这次评价没有差评工单，无需留下回访电话。',
  CONTACT_GIVEN: '已经留过回访电话了，我们会尽快与您联系。',
  WRONG_WINDOW: '该号票不在本窗口办理，不能在这里评价。',
  NO_RATING: '评价器送来的按键不是五个评价等级之一。',
};
export const EvaluationRefusal = z.object({
  code: RefusalCode,
  channel: EvaluationChannel,
  ticketId: z.string().nullable(),
  window: z.number().int().nullable(),
  /** The evaluator or keypad device code, for device presses. */
  device: z.string().nullable(),
  message: z.string(),
});
export type EvaluationRefusal = z.infer<typeof EvaluationRefusal>;

/** `evaluation.recorded` data. */
export const EvaluationRecordedData = z.object({ record: EvaluationRecord });
/** `evaluation.refused` data. */
export const EvaluationRefusedData = z.object({ refusal: EvaluationRefusal });

// ── satisfaction codes per target ─────────────────────────────────────────────────────────────

/** A target's 满意度代码 for each grade (strings, as interfaces send them). */
export const GradeCodeMap = z.record(EvaluationLevel, z.string().min(1).max(8));
export type GradeCodeMap = z.infer<typeof GradeCodeMap>;

/** GB/T 39046-2020 A.8: 1 非常满意 … 5 非常不满意. */
export const GBT39046_GRADE_CODES: GradeCodeMap = { very_satisfied: '1', satisfied: '2', basic: '3', dissatisfied: '4', very_dissatisfied: '5' };
/** The reverse direction several provincial interfaces use: 1 非常不满意 … 5 非常满意. */
export const ASCENDING_GRADE_CODES: GradeCodeMap = { very_dissatisfied: '1', dissatisfied: '2', basic: '3', satisfied: '4', very_satisfied: '5' };

export function gradeCode(grade: EvaluationLevel, map: GradeCodeMap): string {
  return map[grade];
}

/** The grade a target's code stands for; null for a code the map does not have. */
export function gradeFromCode(code: string, map: GradeCodeMap): EvaluationLevel | null {
  for (const level of EvaluationLevel.options) if (map[level] === code) return level;
  return null;
}

// ── requests ──────────────────────────────────────────────────────────────────────────────────

/** Mainland mobile or fixed line, digits only (the citizen may type spaces or dashes). */
export const CallbackPhone = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^(1\d{10}|0\d{9,11})$/, '请输入11位手机号码或带区号的固定电话'));

/** POST /api/public/tickets/:id/evaluation: the phone page's rating, protected by the ticket's signed key. */
export const PhoneEvaluationBody = z.strictObject({
  key: z.string().min(1).max(200),
  level: EvaluationLevel,
  reasons: z.array(z.string().min(1).max(40)).max(10).default([]),
  text: z.string().max(500).optional(),
  /** Optional, only with a 差评: where to call the citizen back. */
  phone: CallbackPhone.optional(),
});
export type PhoneEvaluationBody = z.infer<typeof PhoneEvaluationBody>;

/** POST /api/public/tickets/:id/evaluation/contact (phone) and the tablet's contact step: a 差评's call-back number. */
export const CaseContactBody = z.strictObject({
  key: z.string().min(1).max(200).optional(),
  phone: CallbackPhone,
});
export type CaseContactBody = z.infer<typeof CaseContactBody>;

/** POST /api/public/tickets/:id/evaluation/rerate: the citizen's one 追评 after 反馈. */
export const RerateBody = z.strictObject({
  key: z.string().min(1).max(200),
  level: EvaluationLevel,
  text: z.string().max(500).optional(),
});
export type RerateBody = z.infer<typeof RerateBody>;

/** What the phone page may know of its visit's rating (GET …/evaluation?key=). */
export const PublicEvaluationState = z.object({
  /** May the visit be rated now (finished, not rated yet)? */
  canRate: z.boolean(),
  rated: z.boolean(),
  grade: EvaluationLevel.nullable(),
  /** A 差评 whose case was fed back and waits for the one 追评. */
  canRerate: z.boolean(),
  /** A 差评 without a call-back number yet, whose case is open. */
  canAddContact: z.boolean(),
  /** Feedback text the hall gave after 整改, shown for the 追评. */
  feedback: z.string().nullable(),
});
export type PublicEvaluationState = z.infer<typeof PublicEvaluationState>;

/** The answer of a phone rating, a contact and a 追评. */
export const PublicEvaluationResult = z.object({
  ok: z.literal(true),
  grade: EvaluationLevel,
  times: z.number().int(),
  bad: z.boolean(),
  /** Has the case a call-back number now. */
  contact: z.boolean(),
});
export type PublicEvaluationResult = z.infer<typeof PublicEvaluationResult>;

/** Case step bodies (supervisors). */
export const CaseRectifyBody = z.strictObject({ rectification: z.string().trim().min(1, '请写明整改了什么').max(1000) });
export const CaseFeedbackBody = z.strictObject({ feedback: z.string().trim().min(1, '请写明反馈内容').max(1000) });
/** A 追评 the citizen gave on the feedback call, recorded by the supervisor. */
export const CaseRerateBody = z.strictObject({ level: EvaluationLevel, note: z.string().max(500).optional() });
export const CaseCloseBody = z.strictObject({ note: z.string().trim().min(1).max(1000) });

/** POST /api/cases/:id/contact-number: the call-back number revealed to a supervisor (audited). */
export const CaseContactNumber = z.object({ phone: z.string(), masked: z.string() });
export type CaseContactNumber = z.infer<typeof CaseContactNumber>;

/** GET /api/evaluations/:ticketId/record: one visit's evaluation record (supervisors). */
export const EvaluationRecordView = z.object({ record: EvaluationRecord.nullable() });

// ── figures (GB/T 39734) ──────────────────────────────────────────────────────────────────────

/**
 * The 好差评 figures of a group of visits (statistics screen and CSV):
 *   主动评价率 = finished visits rated ÷ finished visits;
 *   好评率 = (非常满意 + 满意 + 基本满意) ÷ rated, 差评率 = (不满意 + 非常不满意) ÷ rated (国办发〔2019〕51号:
 *   the last two levels are 差评, the first three 好评), on the visit's first grade;
 *   差评按时回访率 = 差评 cases called back (回访) by their deadline ÷ 差评 cases;
 *   整改率 = 差评 cases with their 整改 recorded ÷ 差评 cases.
 * Each rate is null when its denominator is 0.
 */
export const EvaluationFigures = z.object({
  finished: z.number(),
  rated: z.number(),
  activeRate: z.number().min(0).max(1).nullable(),
  good: z.number(),
  goodRate: z.number().min(0).max(1).nullable(),
  bad: z.number(),
  badRate: z.number().min(0).max(1).nullable(),
  badCases: z.number(),
  contactedOnTime: z.number(),
  contactedOnTimeRate: z.number().min(0).max(1).nullable(),
  rectified: z.number(),
  rectifiedRate: z.number().min(0).max(1).nullable(),
});
export type EvaluationFigures = z.infer<typeof EvaluationFigures>;
