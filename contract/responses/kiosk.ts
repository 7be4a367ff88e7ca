import { z } from 'zod';
import { WaitEstimate } from '../wait-estimate.ts';

/** A ticket as printed or shown electronically (一次性告知 materials included): every ticket a kiosk or window issues, checks in or reprints. */
export const TicketReceipt = z.object({
  ticketId: z.string(),
  number: z.string(),
  hallName: z.string(),
  queue: z.string(),
  queueName: z.string(),
  item: z.string().nullable(),
  itemName: z.string().nullable(),
  peopleAhead: z.number(),
  estimatedWaitMinutes: z.number(),
  /** The predicted wait at issue with its range (estimatedWaitMinutes is its minutes). */
  waitEstimate: WaitEstimate.optional(),
  issuedAt: z.string(),
  issuedAtLocal: z.string(),
  windows: z.array(z.number()),
  /** elderly / assisted: the care class (contract/remote.ts), printed as 长者优先 / 关爱优先. */
  tags: z.array(z.enum(['green', 'appointment', 'proxy', 'elderly', 'assisted'])),
  idTail: z.string().nullable(),
  materials: z.array(z.string()),
  statusUrl: z.string(),
  hotline: z.string(),
  /** null while the printer has not answered (or the kiosk has none). */
  printed: z.boolean().nullable(),
});
export type TicketReceipt = z.infer<typeof TicketReceipt>;

/** POST /api/kiosk/guide-slips: whether the kiosk's printer printed the 一次性告知 slip. */
export const GuideSlipResult = z.object({ printed: z.boolean(), reason: z.string().optional() });
export type GuideSlipResult = z.infer<typeof GuideSlipResult>;
