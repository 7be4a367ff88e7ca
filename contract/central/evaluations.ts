import { z } from 'zod';
import { EvaluationLevel } from '../domain.ts';
import { PushState } from '../push.ts';
import { HallCode, RegionCode } from './api.ts';

/**
 * The central platform's 好差评 records view (GET /api/evaluations): each visit's evaluation record as
 * its hall's uplink carried it, with the record's push state at each provincial target of that hall.
 * Scoped like every central route: the user's region subtree, or a region or hall inside it.
 */

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-12-01');

export const EvaluationRecordsQuery = z
  .strictObject({
    region: RegionCode.optional(),
    hall: HallCode.optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    grade: EvaluationLevel.optional(),
    /** Records with at least one target in this push state. */
    push: PushState.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });
export type EvaluationRecordsQuery = z.infer<typeof EvaluationRecordsQuery>;

export const CentralPushState = z.object({
  target: z.string(),
  targetName: z.string(),
  state: PushState,
  attempts: z.number().int(),
  status: z.number().int().nullable(),
  /** The receiver's reason for a rejection, or the supervisor's for a 补报. */
  reason: z.string().nullable(),
  resend: z.boolean(),
  updatedAt: z.string(),
  sentAt: z.string().nullable(),
});
export type CentralPushState = z.infer<typeof CentralPushState>;

export const CentralEvaluationRecord = z.object({
  hall: z.string(),
  hallName: z.string(),
  day: z.string(),
  recordId: z.string(),
  revision: z.number().int(),
  ticketNumber: z.string(),
  caseNumber: z.string(),
  channel: z.string(),
  grade: EvaluationLevel,
  firstGrade: EvaluationLevel,
  times: z.number().int(),
  itemName: z.string().nullable(),
  implementationCode: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionCode: z.string().nullable(),
  windowNo: z.number().int().nullable(),
  staffBadge: z.string().nullable(),
  staffName: z.string().nullable(),
  caseState: z.string().nullable(),
  at: z.string(),
  /** The latest revision's state at each target (empty: the hall pushes nowhere). */
  pushes: z.array(CentralPushState),
});
export type CentralEvaluationRecord = z.infer<typeof CentralEvaluationRecord>;

export const EvaluationRecordsResponse = z.object({
  scope: z.object({ region: z.string().nullable(), hall: z.string().nullable(), halls: z.number().int() }),
  /** Over the whole filter, not only the rows returned. */
  totals: z.object({ records: z.number().int(), pending: z.number().int(), sent: z.number().int(), rejected: z.number().int() }),
  records: z.array(CentralEvaluationRecord),
});
export type EvaluationRecordsResponse = z.infer<typeof EvaluationRecordsResponse>;
