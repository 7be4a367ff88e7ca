import { z } from 'zod';
import { EvaluationLevel, Outcome, Priority, TicketSource, TicketState } from './domain.ts';
import { CareClass } from './remote.ts';

/** A ticket as staff see it (window room, admin). Identity fields are already masked. */
export const TicketView = z.object({
  id: z.string(),
  day: z.string(),
  number: z.string(),
  queue: z.string(),
  item: z.string().nullable(),
  source: TicketSource,
  priority: Priority,
  greenReason: z.string().nullable(),
  proxy: z.boolean(),
  state: TicketState,
  window: z.number().nullable(),
  targetWindow: z.number().nullable(),
  staffBadge: z.string().nullable(),
  recallCount: z.number(),
  outcome: Outcome.nullable(),
  evaluation: EvaluationLevel.nullable(),
  issuedAt: z.string(),
  calledAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  closeReason: z.string().nullable(),
  note: z.string().nullable(),
  kiosk: z.string().nullable(),
  printed: z.boolean().nullable(),
  idMasked: z.string().nullable(),
  nameMasked: z.string().nullable(),
  /** Elderly or disabled/pregnant (contract/remote.ts); absent in events written before the classes existed. */
  careClass: CareClass.nullable().optional(),
  /** 代办 by a village/township station: the station's name (present only on such tickets). */
  proxyBy: z.string().optional(),
});
export type TicketView = z.infer<typeof TicketView>;

/** What public surfaces (hall display, phone status page, public socket room) may see of a ticket. */
export const PublicTicket = TicketView.omit({ idMasked: true, nameMasked: true, note: true, kiosk: true, greenReason: true });
export type PublicTicket = z.infer<typeof PublicTicket>;

export function toPublicTicket(t: TicketView): PublicTicket {
  const { idMasked: _i, nameMasked: _n, note: _no, kiosk: _k, greenReason: _g, ...rest } = t;
  return rest;
}
