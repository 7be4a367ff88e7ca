import { z } from 'zod';
import { TicketView, toPublicTicket, type PublicTicket } from './ticket.ts';

/**
 * The hall's event log entries. Each is self-contained (it carries the ticket as it was after the
 * change) and versioned, because the log is also the replication stream to a central platform.
 */
export const EVENT_VERSION = 1;

export const EventType = z.enum([
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.finished',
  'ticket.no_show',
  'ticket.reactivated',
  'ticket.transferred',
  'ticket.suspended',
  'ticket.resumed',
  'ticket.cancelled',
  'ticket.day_closed',
  'ticket.print_result',
  'ticket.reprint_requested',
  'ticket.evaluation_requested',
  'ticket.evaluated',
  /** A remote ticket (未到场) entered the call order: checked in at a kiosk, or 我已到达 with the hall code. */
  'ticket.arrived',
  'window.opened',
  'window.paused',
  'window.closed',
  'staff.signed_in',
  'staff.signed_out',
  'appointment.booked',
  'appointment.checked_in',
  'appointment.cancelled',
  'day.rolled_over',
  /** Counters moved forward after a restore from a backup (server/queue/restore-numbering.ts). */
  'numbering.advanced',
  'config.changed',
  'config.seeded',
  'staff.password_reset',
  'device.token_issued',
  'device.revoked',
  'device.fault',
  'device.recovered',
  /** A 好差评 record's push state at one target changed (contract/push.ts PushStateData). */
  'evaluation.push_state',
  'case.opened',
  'case.assigned',
  'case.contacted',
  'case.resolved',
  'case.noted',
  /** 差评 cycle steps and the record's versions (contract/evaluation.ts). */
  'case.rectified',
  'case.fed_back',
  'case.rerated',
  'evaluation.recorded',
  'evaluation.refused',
  'settings.changed',
  /** A citizen pressed 帮办 at a kiosk; answered when staff say they are on their way (or it expires). */
  'kiosk.help_requested',
  'kiosk.help_answered',
]);
export type EventType = z.infer<typeof EventType>;

export const Actor = z.object({
  kind: z.enum(['staff', 'device', 'system', 'public']),
  id: z.string().nullable(),
});
export type Actor = z.infer<typeof Actor>;

/**
 * The rows an event touched, as they are after it, for the columns its view does not carry: a ticket's
 * numbering and place in the order, a window's status and priority streak, an appointment. Masked
 * identity only (never an ID hash); stripped from every public payload.
 */
export const EventRow = z.object({
  ticket: z
    .object({
      serial: z.number().int(),
      numberQueue: z.string(),
      sortKey: z.number(),
      appointmentId: z.string().nullable(),
      /** A remote ticket's kiosk check-in code (never public, like appointment codes). */
      arrivalCode: z.string().nullable().optional(),
    })
    .optional(),
  window: z
    .object({
      number: z.number().int(),
      status: z.enum(['open', 'paused', 'closed']),
      pauseReason: z.string().nullable(),
      staffBadge: z.string().nullable(),
      priorityStreak: z.number().int(),
    })
    .optional(),
  appointment: z
    .object({
      id: z.string(),
      code: z.string(),
      item: z.string(),
      queue: z.string(),
      date: z.string(),
      slotStart: z.string(),
      slotEnd: z.string(),
      state: z.enum(['booked', 'checked_in', 'cancelled', 'expired']),
      ticketId: z.string().nullable(),
      idMasked: z.string().nullable(),
      nameMasked: z.string().nullable(),
      phoneMasked: z.string().nullable(),
      createdAt: z.string(),
    })
    .optional(),
});
export type EventRow = z.infer<typeof EventRow>;

export const HallEvent = z.object({
  v: z.literal(EVENT_VERSION),
  seq: z.number().int().positive(),
  type: EventType,
  at: z.string(),
  day: z.string(),
  hall: z.string(),
  actor: Actor,
  ticket: TicketView.nullable(),
  window: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
  /** Waiting count of each queue the event touched, after it: screens stay exact without refetching. */
  waiting: z.record(z.string(), z.number()).optional(),
  /** What the event left in the database beyond its public view, so the log can rebuild it. Never public. */
  row: EventRow.optional(),
});
export type HallEvent = z.infer<typeof HallEvent>;

/** Configuration entities whose values stay off public payloads (they name staff accounts and devices). */
const PRIVATE_CONFIG = new Set(['staff', 'devices', 'webhooks']);

export type PublicHallEvent = Omit<HallEvent, 'ticket' | 'actor' | 'row'> & {
  ticket: PublicTicket | null;
  actor: { kind: Actor['kind'] };
};

/** Strips identity and actor details so an event can go to the public hall room. */
export function toPublicEvent(e: HallEvent): PublicHallEvent {
  const { ticket, actor, data, row: _row, ...rest } = e;
  const publicData = { ...data };
  // The whole configuration, or a staff account, device or webhook, is for the admin console only.
  if (e.type === 'config.seeded') delete publicData.config;
  if (e.type === 'config.changed' && PRIVATE_CONFIG.has(String(data.entity))) delete publicData.value;
  // Free text (reasons, notes) may name people; appointment codes let anyone check in someone else.
  // A window's pause reason is public on purpose: the window screen shows it (seed clause 七).
  for (const key of ['idMasked', 'nameMasked', 'phoneMasked', 'note']) delete publicData[key];
  if (!e.type.startsWith('window.')) delete publicData.reason;
  if (e.type.startsWith('appointment.')) delete publicData.code;
  // A 差评 case (the citizen's complaint, the staff member, supervisors' notes) is for supervisors only.
  if (e.type.startsWith('case.')) (delete publicData.case, delete publicData.entry);
  // An evaluation record names staff and carries the citizen's words; refusals stay for staff too.
  if (e.type.startsWith('evaluation.')) (delete publicData.record, delete publicData.refusal);
  return { ...rest, data: publicData, actor: { kind: actor.kind }, ticket: ticket ? toPublicTicket(ticket) : null };
}
