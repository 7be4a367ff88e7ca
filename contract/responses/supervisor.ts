import { z } from 'zod';
import { TicketView } from '../ticket.ts';

/** GET /api/tickets: today's tickets found by number or state. */
export const TicketList = z.object({ tickets: z.array(TicketView) });
export type TicketList = z.infer<typeof TicketList>;

/** One entry of the hash-chained audit log. */
export const AuditEntry = z.object({
  id: z.number(),
  at: z.string(),
  /** "staff:YN1001", "device:K1", "system". */
  actor: z.string(),
  role: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  place: z.string().nullable(),
  /** JSON text, when the action has details. */
  detail: z.string().nullable(),
  prev_hash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** GET /api/audit */
export const AuditList = z.object({ entries: z.array(AuditEntry) });
export type AuditList = z.infer<typeof AuditList>;

/** POST /api/audit/verify: the whole chain checked, or its first broken link. */
export const AuditVerifyResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), rows: z.number() }),
  z.object({ ok: z.literal(false), rows: z.number(), brokenAt: z.number(), problem: z.string() }),
]);
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;
