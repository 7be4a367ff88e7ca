import { z } from 'zod';
import { EvaluationLevel } from './domain.ts';

/**
 * The 好差评 push to provincial systems (issue 11 part 4): the neutral evaluation record a target's
 * field map renames, the code maps that turn the neutral grade into the receiver's 满意度代码, the push
 * state per record per target, and the console's views. Shared by the hall server, the admin console,
 * the central platform and its console.
 */

/** Where a record stands at one target. `rejected` is final until a supervisor's 补报. */
export const PushState = z.enum(['pending', 'sent', 'rejected']);
export type PushState = z.infer<typeof PushState>;
export const PUSH_STATE_LABELS: Record<PushState, string> = { pending: '待推送', sent: '已推送', rejected: '被拒收' };

/**
 * The neutral record's fields (GB/T 39046-2020 表9 plus what provincial interfaces carry). A field map
 * names, for each record field a receiver wants, the receiver's own field name; unmapped fields are
 * not sent.
 */
export const PUSH_RECORD_FIELDS = [
  'recordKey', // the idempotency key "<record id>:<revision>": the same on every attempt and every 补报
  'recordId', // "<hall code>-<ticket id>"
  'revision', // grows with each version of the record (追评, case steps)
  'caseNumber', // 办件编号
  'channel', // 评价渠道 (evaluator, keypad, screen, phone, staff)
  'channelLabel', // 评价渠道 in Chinese
  'evaluator', // 评价人: the masked name, or 匿名
  'evaluatedAt', // 评价时间 of the latest grade (ISO 8601, UTC)
  'evaluatedAtLocal', // the same as "YYYY-MM-DD HH:mm:ss" in the hall's time zone, as most interfaces take it
  'firstEvaluatedAt',
  'firstEvaluatedAtLocal',
  'times', // 评价次数
  'grade', // the neutral grade (EvaluationLevel)
  'gradeCode', // 满意度代码, by the target's code map
  'gradeLabel', // 满意度 (非常满意 …)
  'firstGradeCode',
  'reasons', // chosen reasons, joined by ；
  'text', // 文字评价
  'regionCode', // 行政区划代码
  'departmentCode',
  'departmentName',
  'implementationCode', // 实施编码
  'itemCode',
  'itemName',
  'staffBadge',
  'staffName',
  'windowNo',
  'windowName',
  'hallCode',
  'hallName',
  'caseState', // the 差评 case's state, null for a good rating
  'rectification', // 整改情况
] as const;
export const PushRecordField = z.enum(PUSH_RECORD_FIELDS);
export type PushRecordField = z.infer<typeof PushRecordField>;

const receiverField = z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/, 'a receiver field name: letters, digits, _ . - (at most 64)');
/** Record field → the receiver's field name (only the mapped fields are sent). */
export const FieldMap = z.partialRecord(PushRecordField, receiverField).refine((m) => Object.keys(m).length > 0, 'a field map names at least one field');
export type FieldMap = z.infer<typeof FieldMap>;

/** Neutral grade → the receiver's 满意度代码; every grade must have a code, and no two the same. */
export const CodeMap = z
  .record(EvaluationLevel, z.union([z.string().min(1).max(16), z.number().int()]))
  .refine((m) => new Set(Object.values(m).map(String)).size === 5, 'each grade needs its own code');
export type CodeMap = z.infer<typeof CodeMap>;

/**
 * Code map presets. GB/T 39046-2020 附录A A.8 numbers 1 = 非常满意 … 5 = 非常不满意; several provincial
 * interfaces count the other way, 1 = 非常不满意 … 5 = 非常满意 (`reversed`). Check the receiver's
 * interface document: the two differ only in direction, and a wrong one turns praise into 差评.
 */
export const CODE_MAP_PRESETS = {
  gbt39046: { very_satisfied: '1', satisfied: '2', basic: '3', dissatisfied: '4', very_dissatisfied: '5' },
  reversed: { very_dissatisfied: '1', dissatisfied: '2', basic: '3', satisfied: '4', very_satisfied: '5' },
} as const satisfies Record<string, CodeMap>;
export type CodeMapPreset = keyof typeof CODE_MAP_PRESETS;

/**
 * Field map presets. `hallq`: every field under its own name. `gbt39046`: the 表9 fields under their
 * pinyin initials (办件编号 bjbh, 评价渠道 pjqd, …), the names most provincial interfaces derive theirs
 * from; a receiver with other names gets a field map of its own in the configuration.
 */
export const FIELD_MAP_PRESETS = {
  hallq: Object.fromEntries(PUSH_RECORD_FIELDS.map((f) => [f, f])) as Record<PushRecordField, string>,
  gbt39046: {
    recordKey: 'wyid',
    caseNumber: 'bjbh',
    channel: 'pjqd',
    evaluator: 'pjr',
    evaluatedAtLocal: 'pjsj',
    times: 'pjcs',
    gradeLabel: 'myd',
    gradeCode: 'myddm',
    text: 'wzpj',
    reasons: 'pjyy',
    regionCode: 'xzqhdm',
    departmentCode: 'bmbm',
    implementationCode: 'sxssbm',
    itemName: 'sxmc',
    staffBadge: 'gzrybh',
  },
} as const satisfies Record<string, FieldMap>;
export type FieldMapPreset = keyof typeof FIELD_MAP_PRESETS;

/** `data` of an `evaluation.push_state` event: one record's state at one target, after a change. */
export const PushStateData = z.object({
  target: z.string(),
  targetName: z.string(),
  recordKey: z.string(),
  recordId: z.string(),
  revision: z.number().int(),
  ticketId: z.string(),
  /** The business day of the rated ticket. */
  day: z.string(),
  /** Seq of the record version's own event (`evaluation.recorded`). */
  evaluationSeq: z.number().int(),
  state: PushState,
  attempts: z.number().int(),
  /** The receiver's HTTP status of the attempt that decided, if any. */
  status: z.number().int().nullable(),
  /** The receiver's reason for a rejection, or why a 补报 was asked. */
  reason: z.string().nullable(),
  /** True when a supervisor's 补报 put the record back to pending. */
  resend: z.boolean(),
});
export type PushStateData = z.infer<typeof PushStateData>;

// ── console views ───────────────────────────────────────────────────────────────────────────────

export const PushTargetView = z.object({
  code: z.string(),
  name: z.string(),
  url: z.string(),
  authHeader: z.string(),
  /** The token's last four characters (the token itself is never shown). */
  tokenHint: z.string(),
  timeoutMs: z.number(),
  fieldMap: z.record(z.string(), z.string()),
  codeMap: z.record(z.string(), z.union([z.string(), z.number()])),
  active: z.boolean(),
  counts: z.object({ pending: z.number(), sent: z.number(), rejected: z.number() }),
});
export type PushTargetView = z.infer<typeof PushTargetView>;

export const PushAttemptView = z.object({
  attempt: z.number(),
  at: z.string(),
  status: z.number().nullable(),
  outcome: z.string(),
  reason: z.string().nullable(),
  durationMs: z.number(),
});
export type PushAttemptView = z.infer<typeof PushAttemptView>;

export const PushItemView = z.object({
  id: z.number(),
  target: z.string(),
  recordKey: z.string(),
  recordId: z.string(),
  revision: z.number(),
  ticketId: z.string(),
  ticketNumber: z.string(),
  day: z.string(),
  grade: EvaluationLevel,
  evaluatedAt: z.string(),
  state: PushState,
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  /** The receiver's reason (rejected) or the last failure (pending, being retried). */
  reason: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  /** What the receiver gets, by the target's current maps. */
  payload: z.record(z.string(), z.unknown()),
  log: z.array(PushAttemptView),
});
export type PushItemView = z.infer<typeof PushItemView>;

/** GET /api/supervisor/push/targets */
export const PushTargetList = z.object({ targets: z.array(PushTargetView) });
/** GET /api/supervisor/push/items */
export const PushItemList = z.object({ items: z.array(PushItemView) });
export const PushItemQuery = z.strictObject({
  target: z.string().max(40).optional(),
  state: PushState.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type PushItemQuery = z.infer<typeof PushItemQuery>;
/** POST /api/supervisor/push/items/:id/resend (补报): why, for the audit log. */
export const PushResendBody = z.strictObject({ reason: z.string().trim().min(1).max(200).optional() });
export type PushResendBody = z.infer<typeof PushResendBody>;
export const PushResent = z.object({ item: PushItemView });
