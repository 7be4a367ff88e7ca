import { z } from 'zod';
import { EvaluationLevel, type WindowStatus } from './domain.ts';
import { EventType } from './events.ts';
import type { TicketView } from './ticket.ts';

/**
 * Supervision, statistics, 差评 follow-up, webhooks and catalogue CSV (DESIGN.md §1 clauses 十二/十三).
 * Request bodies refuse unknown keys, like every body in api.ts.
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

export interface StatsFigures {
  /** Tickets of the group's business days (every state). */
  issued: number;
  /** Finished (办理完毕, any outcome). */
  served: number;
  noShow: number;
  cancelled: number;
  /** Tickets that were called: wait = called_at − issued_at. */
  waited: number;
  averageWaitMinutes: number | null;
  /** Nearest-rank 90th percentile of the waits: the ⌈0.9·n⌉-th smallest. */
  p90WaitMinutes: number | null;
  /** service = finished_at − COALESCE(started_at, called_at), over finished tickets. */
  averageServiceMinutes: number | null;
  /** 办结 count. */
  doneOnSite: number;
  /** 现场办结率 = 办结 ÷ finished, null with no finished ticket. */
  onSiteRate: number | null;
  evaluated: number;
  evaluations: Record<EvaluationLevel, number>;
  /** (非常满意 + 满意) ÷ evaluated, null with no evaluation. */
  satisfactionRate: number | null;
  /** 差评: 不满意 + 非常不满意. */
  badCount: number;
}

export interface StatsRow extends StatsFigures {
  /** The group's key (department code, queue code, window number, staff badge, hour "09", day); null: none. */
  key: string | null;
  label: string;
}

/** One bar of the wait-time distribution: tickets called after waiting [fromMinutes, toMinutes). */
export interface WaitBucket {
  fromMinutes: number;
  /** null for the open last bucket. */
  toMinutes: number | null;
  count: number;
}

export interface StatsResponse {
  from: string;
  to: string;
  groupBy: StatsGroupBy;
  timezone: string;
  rows: StatsRow[];
  total: StatsFigures;
  /** How long called tickets waited, over the whole range. */
  waitDistribution: WaitBucket[];
}

export const RankingsQuery = z.strictObject({
  from: isoDate,
  to: isoDate,
  /** How many windows / staff to propose. */
  count: z.coerce.number().int().min(1).max(20).default(3),
  /** A window or staff member needs at least this many finished tickets to be ranked. */
  minServed: z.coerce.number().int().min(0).max(10_000).default(10),
});
export type RankingsQuery = z.infer<typeof RankingsQuery>;

export interface RankingEntry {
  rank: number;
  key: string;
  label: string;
  served: number;
  evaluated: number;
  satisfactionRate: number | null;
  badCount: number;
  onSiteRate: number | null;
  averageServiceMinutes: number | null;
  /** Meets every condition for the honour (enough tickets, at least one evaluation, no 差评). */
  eligible: boolean;
  /** Why not, when not eligible. */
  reason?: string;
}

export interface RankingsResponse {
  from: string;
  to: string;
  rule: string;
  /** 流动红旗窗口 proposals, then every ranked window. */
  redFlagWindows: RankingEntry[];
  windows: RankingEntry[];
  /** 优质服务之星 proposals, then every ranked staff member. */
  serviceStars: RankingEntry[];
  staff: RankingEntry[];
}

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
  /** Supervisor new cases are assigned to; unassigned when absent. */
  defaultAssignee: z.string().regex(/^[A-Za-z0-9]{2,16}$/).nullable().default(null),
});
export type CaseSettings = z.infer<typeof CaseSettings>;

export const SupervisionSettings = z.strictObject({
  alerts: AlertSettings.default(AlertSettings.parse({})),
  cases: CaseSettings.default(CaseSettings.parse({})),
});
export type SupervisionSettings = z.infer<typeof SupervisionSettings>;

export const AlertKind = z.enum(['wait_over', 'service_over', 'idle_window', 'device_fault', 'bad_evaluation']);
export type AlertKind = z.infer<typeof AlertKind>;

export interface SupervisionAlert {
  /** Stable while the condition lasts (e.g. "wait:QA", "service:3:<ticket>"), so clients can diff. */
  id: string;
  kind: AlertKind;
  severity: 'warning' | 'critical';
  queue?: string;
  window?: number;
  device?: string;
  ticket?: string;
  caseId?: number;
  /** When the threshold was crossed. */
  since: string;
  message: string;
}

export interface SupervisionAlertsPayload {
  at: string;
  alerts: SupervisionAlert[];
}

export interface SupervisedQueue {
  code: string;
  name: string;
  waiting: number;
  longestWaitMinutes: number;
  estimatedWaitMinutes: number;
  open: boolean;
  /** Open windows serving this queue. */
  openWindows: number;
}

export interface SupervisedWindow {
  number: number;
  name: string;
  status: WindowStatus;
  pauseReason: string | null;
  staff: { badge: string; name: string } | null;
  current: TicketView | null;
  /** Minutes since the current ticket was started (or called). */
  elapsedMinutes: number | null;
  /** The item's serviceMinutes (or the hall default) for the current ticket. */
  limitMinutes: number | null;
  overLimit: boolean;
  /** People waiting in the window's queues. */
  waitingInQueues: number;
  /** Minutes the window has been open and free while its queues had people waiting. */
  idleMinutes: number | null;
}

export interface SupervisionView {
  at: string;
  queues: SupervisedQueue[];
  windows: SupervisedWindow[];
  alerts: SupervisionAlert[];
}

// ── 差评 follow-up cases ────────────────────────────────────────────────────────────────────

export const CaseState = z.enum(['open', 'contacted', 'resolved']);
export type CaseState = z.infer<typeof CaseState>;

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

export interface CaseHistoryEntry {
  at: string;
  actor: string;
  action: 'created' | 'assigned' | 'contacted' | 'resolved' | 'note';
  fromState: CaseState | null;
  toState: CaseState | null;
  assignee: string | null;
  note: string | null;
}

export interface CaseView {
  id: number;
  ticketId: string;
  number: string;
  day: string;
  window: number | null;
  staffBadge: string | null;
  level: EvaluationLevel;
  reason: string | null;
  state: CaseState;
  assignee: string | null;
  dueAt: string;
  /** Still open (not contacted) after its deadline. */
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  contactedAt: string | null;
  resolvedAt: string | null;
  history?: CaseHistoryEntry[];
}

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

export interface WebhookView {
  id: number;
  url: string;
  events: string[];
  description: string | null;
  active: boolean;
  /** The last four characters of the secret, to tell secrets apart. */
  secretHint: string;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface WebhookDeliveryView {
  id: string;
  webhookId: number;
  eventType: string;
  eventSeq: number | null;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  log: WebhookAttemptView[];
}

// ── catalogue CSV ─────────────────────────────────────────────────────────────────────────────

/** JSON form of a catalogue import (text/csv bodies are accepted too). */
export const CatalogCsvBody = z.strictObject({ csv: z.string().min(1).max(2_000_000) });

export interface CatalogRowError {
  /** CSV line of the record (the header is row 1). */
  row: number;
  column?: string;
  message: string;
}

export interface CatalogImportResult {
  dryRun: boolean;
  created: string[];
  updated: string[];
}
