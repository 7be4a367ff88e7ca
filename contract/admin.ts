import { z } from 'zod';
import { EvaluationLevel, WindowStatus } from './domain.ts';
import { EventType } from './events.ts';
import { CaseAction, CaseState, CaseStep, EvaluationFigures } from './evaluation.ts';
import { TicketView } from './ticket.ts';

/**
 * Supervision, statistics, 差评 follow-up, webhooks and catalogue CSV (DESIGN.md §1 clauses 十二/十三).
 * Request bodies refuse unknown keys, like every body in api.ts. Response shapes are zod schemas too,
 * so the server checks what it answers and the console parses what it reads (see README.md).
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-10-01');
const note = z.string().trim().min(1).max(500);

// ── statistics ────────────────────────────────────────────────────────────────────────────────

export const StatsGroupBy = z.enum(['none', 'department', 'queue', 'window', 'staff', 'hour', 'day']);
export type StatsGroupBy = z.infer<typeof StatsGroupBy>;

/** Business days (hall timezone), both ends included. */
export const StatsQuery = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    groupBy: StatsGroupBy.default('none'),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => (Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 <= 366, { message: 'at most 366 days at once', path: ['to'] });
export type StatsQuery = z.infer<typeof StatsQuery>;

const minutes = z.number().nullable();
const ratio = z.number().min(0).max(1).nullable();

export const StatsFigures = z.object({
  /** Tickets of the group's business days (every state). */
  issued: z.number(),
  /** Finished (办理完毕, any outcome). */
  served: z.number(),
  noShow: z.number(),
  cancelled: z.number(),
  /** Tickets that were called: wait = called_at − issued_at. */
  waited: z.number(),
  averageWaitMinutes: minutes,
  /** Nearest-rank 90th percentile of the waits: the ⌈0.9·n⌉-th smallest. */
  p90WaitMinutes: minutes,
  /** service = finished_at − COALESCE(started_at, called_at), over finished tickets. */
  averageServiceMinutes: minutes,
  /** 办结 count. */
  doneOnSite: z.number(),
  /** 现场办结率 = 办结 ÷ finished, null with no finished ticket. */
  onSiteRate: ratio,
  evaluated: z.number(),
  evaluations: z.record(EvaluationLevel, z.number()),
  /** (非常满意 + 满意) ÷ evaluated, null with no evaluation. */
  satisfactionRate: ratio,
  /** 差评: 不满意 + 非常不满意. */
  badCount: z.number(),
  /** GB/T 39734 好差评 figures (contract/evaluation.ts); absent from producers that do not compute them. */
  evaluation: EvaluationFigures.optional(),
});
export type StatsFigures = z.infer<typeof StatsFigures>;

export const StatsRow = StatsFigures.extend({
  /** The group's key (department code, queue code, window number, staff badge, hour "09", day); null: none. */
  key: z.string().nullable(),
  label: z.string(),
});
export type StatsRow = z.infer<typeof StatsRow>;

/** One bar of the wait-time distribution: tickets called after waiting [fromMinutes, toMinutes). */
export const WaitBucket = z.object({
  fromMinutes: z.number(),
  /** null for the open last bucket. */
  toMinutes: z.number().nullable(),
  count: z.number(),
});
export type WaitBucket = z.infer<typeof WaitBucket>;

/** GET /api/stats */
export const StatsResponse = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: StatsGroupBy,
  timezone: z.string(),
  rows: z.array(StatsRow),
  total: StatsFigures,
  /** How long called tickets waited, over the whole range. */
  waitDistribution: z.array(WaitBucket),
});
export type StatsResponse = z.infer<typeof StatsResponse>;

export const RankingsQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  /** How many windows / staff to propose. */
  count: z.coerce.number().int().min(1).max(20).default(3),
  /** A window or staff member needs at least this many finished tickets to be ranked. */
  minServed: z.coerce.number().int().min(0).max(10_000).default(10),
});
export type RankingsQuery = z.infer<typeof RankingsQuery>;

export const RankingEntry = z.object({
  rank: z.number(),
  key: z.string(),
  label: z.string(),
  served: z.number(),
  evaluated: z.number(),
  satisfactionRate: ratio,
  badCount: z.number(),
  onSiteRate: ratio,
  averageServiceMinutes: minutes,
  /** Meets every condition for the honour (enough tickets, at least one evaluation, no 差评). */
  eligible: z.boolean(),
  /** Why not, when not eligible. */
  reason: z.string().optional(),
});
export type RankingEntry = z.infer<typeof RankingEntry>;

/** GET /api/stats/rankings */
export const RankingsResponse = z.object({
  from: z.string(),
  to: z.string(),
  rule: z.string(),
  /** 流动红旗窗口 proposals, then every ranked window. */
  redFlagWindows: z.array(RankingEntry),
  windows: z.array(RankingEntry),
  /** 优质服务之星 proposals, then every ranked staff member. */
  serviceStars: z.array(RankingEntry),
  staff: z.array(RankingEntry),
});
export type RankingsResponse = z.infer<typeof RankingsResponse>;

// ── live supervision ──────────────────────────────────────────────────────────────────────────

export const AlertSettings = z.strictObject({
  /** A queue whose longest wait reaches this many minutes raises an alert (critical at twice). */
  waitMinutes: z.number().int().min(1).max(600).default(30),
  /** A window serving longer than its item's serviceMinutes (or the default) times this factor. */
  serviceFactor: z.number().min(1).max(10).default(1),
  /** An open, free window whose queues have people waiting, for this many minutes. */
  idleMinutes: z.number().int().min(1).max(240).default(5),
  /** Raise device faults. */
  deviceFaults: z.boolean().default(true),
  /** Raise a 差评 alert while its case has not been contacted. */
  badEvaluations: z.boolean().default(true),
  /** How often the monitor re-evaluates on its own (it also does after every event). */
  evaluateEverySeconds: z.number().int().min(1).max(3600).default(15),
});
export type AlertSettings = z.infer<typeof AlertSettings>;

export const CaseSettings = z.strictObject({
  /** Working days (hall hours, holidays and 调休 make-up days) to contact the citizen. */
  contactWorkingDays: z.number().int().min(1).max(30).default(1),
  /** Working days from the 差评 to its 整改 (rectification) and 反馈 (GB/T 39734: 15). */
  rectifyWorkingDays: z.number().int().min(1).max(60).default(15),
  /** Supervisor new cases are assigned to; unassigned when absent. */
  defaultAssignee: z.string().regex(/^[A-Za-z0-9]{2,16}$/).nullable().default(null),
});
export type CaseSettings = z.infer<typeof CaseSettings>;

export const SupervisionSettings = z.strictObject({
  alerts: AlertSettings.default(AlertSettings.parse({})),
  cases: CaseSettings.default(CaseSettings.parse({})),
});
export type SupervisionSettings = z.infer<typeof SupervisionSettings>;

export const AlertKind = z.enum(['wait_over', 'service_over', 'idle_window', 'device_fault', 'device_warning', 'bad_evaluation', 'storage', 'help_request']);
export type AlertKind = z.infer<typeof AlertKind>;

export const SupervisionAlert = z.object({
  /** Stable while the condition lasts (e.g. "wait:QA", "service:3:<ticket>"), so clients can diff. */
  id: z.string(),
  kind: AlertKind,
  severity: z.enum(['warning', 'critical']),
  queue: z.string().optional(),
  window: z.number().optional(),
  device: z.string().optional(),
  ticket: z.string().optional(),
  caseId: z.number().optional(),
  /** When the threshold was crossed. */
  since: z.string(),
  message: z.string(),
});
export type SupervisionAlert = z.infer<typeof SupervisionAlert>;

/** The 'supervision:alerts' socket payload, and POST /api/supervision/evaluate. */
export const SupervisionAlertsPayload = z.object({
  at: z.string(),
  alerts: z.array(SupervisionAlert),
});
export type SupervisionAlertsPayload = z.infer<typeof SupervisionAlertsPayload>;

export const SupervisedQueue = z.object({
  code: z.string(),
  name: z.string(),
  waiting: z.number(),
  longestWaitMinutes: z.number(),
  estimatedWaitMinutes: z.number(),
  open: z.boolean(),
  /** Open windows serving this queue. */
  openWindows: z.number(),
});
export type SupervisedQueue = z.infer<typeof SupervisedQueue>;

export const SupervisedWindow = z.object({
  number: z.number(),
  name: z.string(),
  status: WindowStatus,
  pauseReason: z.string().nullable(),
  staff: z.object({ badge: z.string(), name: z.string() }).nullable(),
  current: TicketView.nullable(),
  /** Minutes since the current ticket was started (or called). */
  elapsedMinutes: z.number().nullable(),
  /** The item's serviceMinutes (or the hall default) for the current ticket. */
  limitMinutes: z.number().nullable(),
  overLimit: z.boolean(),
  /** People waiting in the window's queues. */
  waitingInQueues: z.number(),
  /** Minutes the window has been open and free while its queues had people waiting. */
  idleMinutes: z.number().nullable(),
});
export type SupervisedWindow = z.infer<typeof SupervisedWindow>;

/** GET /api/supervision */
export const SupervisionView = z.object({
  at: z.string(),
  queues: z.array(SupervisedQueue),
  windows: z.array(SupervisedWindow),
  alerts: z.array(SupervisionAlert),
});
export type SupervisionView = z.infer<typeof SupervisionView>;

// ── 差评 follow-up cases ────────────────────────────────────────────────────────────────────

// The states and actions of the 差评 cycle live with the evaluation record (contract/evaluation.ts).
export { CaseState };

export const CaseListQuery = z.strictObject({
  state: CaseState.optional(),
  assignee: z.string().max(16).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});

export const AssignCaseBody = z.strictObject({ assignee: z.string().regex(/^[A-Za-z0-9]{2,16}$/, 'expected a badge number'), note: note.optional() });
export type AssignCaseBody = z.infer<typeof AssignCaseBody>;
export const CaseStepBody = z.strictObject({ note });
export type CaseStepBody = z.infer<typeof CaseStepBody>;

export const CaseHistoryEntry = z.object({
  at: z.string(),
  actor: z.string(),
  action: CaseAction,
  fromState: CaseState.nullable(),
  toState: CaseState.nullable(),
  assignee: z.string().nullable(),
  note: z.string().nullable(),
  /** The staff member's name when a staff member acted (absent in entries from before names were kept). */
  actorName: z.string().nullable().optional(),
});
export type CaseHistoryEntry = z.infer<typeof CaseHistoryEntry>;

/** A 差评 case: GET /api/cases/:id (with its history) and the answer of every case action. */
export const CaseView = z.object({
  id: z.number(),
  ticketId: z.string(),
  number: z.string(),
  day: z.string(),
  window: z.number().nullable(),
  staffBadge: z.string().nullable(),
  level: EvaluationLevel,
  reason: z.string().nullable(),
  state: CaseState,
  assignee: z.string().nullable(),
  dueAt: z.string(),
  /** Still open (not contacted) after its deadline. */
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  contactedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
  /** The later steps of the 差评 cycle (absent in events from before the cycle had them). */
  itemName: z.string().nullable().optional(),
  rectifyDueAt: z.string().nullable().optional(),
  rectifiedAt: z.string().nullable().optional(),
  rectification: z.string().nullable().optional(),
  fedBackAt: z.string().nullable().optional(),
  feedback: z.string().nullable().optional(),
  rerateLevel: EvaluationLevel.nullable().optional(),
  reratedAt: z.string().nullable().optional(),
  /** The call-back number as supervisors see it (138****0000); null without one or once erased. */
  contactMasked: z.string().nullable().optional(),
  contactErasedAt: z.string().nullable().optional(),
  /** The step the case waits for and whether that step is past its deadline. */
  step: CaseStep.nullable().optional(),
  stepDueAt: z.string().nullable().optional(),
  history: z.array(CaseHistoryEntry).optional(),
});
export type CaseView = z.infer<typeof CaseView>;

/** GET /api/cases */
export const CaseList = z.object({ cases: z.array(CaseView) });
export type CaseList = z.infer<typeof CaseList>;

// ── webhooks ──────────────────────────────────────────────────────────────────────────────────

const safeUrl = (u: string): URL | undefined => {
  try {
    return new URL(u);
  } catch {
    return undefined;
  }
};

export const WebhookUrl = z
  .string()
  .max(500)
  .refine((u) => /^https?:$/.test(safeUrl(u)?.protocol ?? ''), { message: 'expected an http or https URL' })
  .refine((u) => !safeUrl(u)?.username && !safeUrl(u)?.password, { message: 'put no credentials in the URL; the body is signed' });

/** Event types a webhook receives; "*" is every type. */
export const WebhookEventName = z.union([EventType, z.literal('*')]);
const secret = z.string().min(16, 'at least 16 characters').max(200);

export const WebhookCreateBody = z.strictObject({
  url: WebhookUrl,
  events: z.array(WebhookEventName).min(1).max(EventType.options.length + 1),
  /** Generated when absent; shown once in the answer. */
  secret: secret.optional(),
  description: z.string().trim().max(100).optional(),
  active: z.boolean().default(true),
});
export type WebhookCreateBody = z.infer<typeof WebhookCreateBody>;

export const WebhookUpdateBody = z.strictObject({
  url: WebhookUrl,
  events: z.array(WebhookEventName).min(1).max(EventType.options.length + 1),
  /** Replaces the secret when present; the old one is kept otherwise. */
  secret: secret.optional(),
  description: z.string().trim().max(100).optional(),
  active: z.boolean(),
});
export type WebhookUpdateBody = z.infer<typeof WebhookUpdateBody>;

export const WebhookSettings = z.strictObject({
  /** Attempts in all, the first included. */
  maxAttempts: z.number().int().min(1).max(20).default(6),
  /** Delay before the 2nd attempt; doubled for each further one, up to maxDelaySeconds. */
  baseDelaySeconds: z.number().int().min(1).max(3600).default(30),
  maxDelaySeconds: z.number().int().min(1).max(86_400).default(3600),
  /** How long one attempt may take. */
  timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
});
export type WebhookSettings = z.infer<typeof WebhookSettings>;

export const DeliveryListQuery = z.strictObject({
  state: z.enum(['pending', 'delivered', 'failed']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const WebhookView = z.object({
  id: z.number(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  /** The last four characters of the secret, to tell secrets apart. */
  secretHint: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookView = z.infer<typeof WebhookView>;

export const WebhookAttemptView = z.object({
  attempt: z.number(),
  at: z.string(),
  status: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
});
export type WebhookAttemptView = z.infer<typeof WebhookAttemptView>;

export const WebhookDeliveryView = z.object({
  id: z.string(),
  webhookId: z.number(),
  eventType: z.string(),
  eventSeq: z.number().nullable(),
  state: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string().nullable(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
  log: z.array(WebhookAttemptView),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

/** GET /api/admin/webhooks */
export const WebhookList = z.object({ webhooks: z.array(WebhookView) });
/** POST /api/admin/webhooks: the secret, shown this once. */
export const WebhookCreated = z.object({ webhook: WebhookView, secret: z.string() });
/** PUT /api/admin/webhooks/:id */
export const WebhookUpdated = z.object({ webhook: WebhookView });
/** GET /api/admin/webhooks/:id/deliveries */
export const WebhookDeliveryList = z.object({ deliveries: z.array(WebhookDeliveryView) });
/** POST /api/admin/webhooks/:id/ping: the test delivery after its first attempt. */
export const WebhookPinged = z.object({ delivery: WebhookDeliveryView.nullable() });
/** POST /api/admin/webhooks/dispatch */
export const WebhookDispatched = z.object({ attempted: z.number() });

// ── catalogue CSV ─────────────────────────────────────────────────────────────────────────────

/** JSON form of a catalogue import (text/csv bodies are accepted too). */
export const CatalogCsvBody = z.strictObject({ csv: z.string().min(1).max(2_000_000) });

export const CatalogRowError = z.object({
  /** CSV line of the record (the header is row 1). */
  row: z.number(),
  column: z.string().optional(),
  message: z.string(),
});
export type CatalogRowError = z.infer<typeof CatalogRowError>;

/** POST /api/admin/items.csv */
export const CatalogImportResult = z.object({
  dryRun: z.boolean(),
  created: z.array(z.string()),
  updated: z.array(z.string()),
});
export type CatalogImportResult = z.infer<typeof CatalogImportResult>;
