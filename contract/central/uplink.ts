import { z } from 'zod';
import { HallEvent } from '../events.ts';

/**
 * The hall → central uplink (DESIGN.md §10). A hall's uplink is an outbox consumer: it posts its
 * committed events in seq order, in batches, with its hall token (`Authorization: Bearer <token>`).
 * The centre stores each event under (hall, seq) idempotently and answers with its high-water mark,
 * the last seq it holds without a gap; the hall always resumes from that mark.
 *
 *   GET  /api/uplink/v1/high-water  → UplinkHighWater
 *   POST /api/uplink/v1/events      (UplinkBatch) → UplinkAck
 *
 * Refusals (ApiErrorBody, see contract/api.ts):
 *   401 HALL_TOKEN_INVALID   unknown, wrong or revoked hall token (audited at the centre)
 *   403 HALL_MISMATCH        the batch names another hall than the token's
 *   409 UPLINK_GAP           the batch starts after highWater + 1; details.highWater says where to resume
 *   409 UPLINK_DIVERGED      a seq the centre holds arrives with different content (a hall restored from
 *                            an old backup, or a second database under the same code); the centre raises
 *                            it and ingests nothing more from the hall until an admin resolves it
 *   400 VALIDATION           the batch does not parse
 */

/** Events per batch the centre accepts; the uplink sends at most this many. */
export const UPLINK_MAX_BATCH = 500;

export const UplinkBatch = z.strictObject({
  /** The hall's code (its `hall` field in every event); must match the token's hall. */
  hall: z.string().min(1).max(32),
  /**
   * The hall database's identity: a random id made when its database was created. A restored or
   * recreated database keeps or changes it; together with the content check it tells the centre a
   * replay from a backup from a plain retry.
   */
  epoch: z.string().min(1).max(64),
  /** Consecutive seqs, ascending, each event exactly as the hall's outbox holds it. */
  events: z.array(HallEvent).min(1).max(UPLINK_MAX_BATCH),
});
export type UplinkBatch = z.infer<typeof UplinkBatch>;

export const UplinkAck = z.object({
  /** Last seq stored for this hall with no gap before it. */
  highWater: z.number().int().nonnegative(),
  /** Events of this batch stored now. */
  accepted: z.number().int().nonnegative(),
  /** Events of this batch already held with identical content (a retry): ignored. */
  duplicates: z.number().int().nonnegative(),
});
export type UplinkAck = z.infer<typeof UplinkAck>;

export const UplinkHighWater = z.object({
  hall: z.string(),
  highWater: z.number().int().nonnegative(),
  /** The epoch of the hall database the centre last ingested from, null before the first batch. */
  epoch: z.string().nullable(),
  /** True once the centre has raised a divergence for this hall and stopped ingesting it. */
  diverged: z.boolean(),
});
export type UplinkHighWater = z.infer<typeof UplinkHighWater>;
