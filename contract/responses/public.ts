import { z } from 'zod';
import { Department, Period, ServiceItem } from '../config.ts';
import { DisplaySettings } from '../display-settings.ts';
import { HallLevel, IdRequirement, TicketState } from '../domain.ts';
import { CareClass } from '../remote.ts';
import { QueueStatusView } from '../snapshot.ts';
import { StreamEvent } from '../socket.ts';
import { WaitEstimate } from '../wait-estimate.ts';
import { KioskAccess } from '../kiosk-access.ts';

/** What anyone in the hall may read (public-routes.ts). */

/** The hall's uplink to a central platform, when one is configured (server/uplink/). */
export const UplinkHealth = z.object({
  enabled: z.literal(true),
  /** connected: in step; retrying: the centre is unreachable or refused for now; halted: refused for good (see error). */
  state: z.enum(['starting', 'connected', 'retrying', 'halted', 'stopped']),
  connected: z.boolean(),
  /** Events this hall holds that the centre has not acknowledged. */
  lagEvents: z.number().int().nonnegative(),
  highWater: z.number().int().nonnegative(),
  lastAckAt: z.string().nullable(),
  failures: z.number().int().nonnegative(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type UplinkHealth = z.infer<typeof UplinkHealth>;

/** What makes the hall `degraded` (the storage full or failing): a code, Chinese and English text, since when. */
export const HealthProblem = z.object({ code: z.string(), message: z.string(), en: z.string(), since: z.string().nullable() });
export type HealthProblem = z.infer<typeof HealthProblem>;

/** GET /api/health: `ok` says the server answers; `status` is `degraded` while any problem lasts. */
export const Health = z.object({ ok: z.literal(true), status: z.enum(['ok', 'degraded']), problems: z.array(HealthProblem), seq: z.number(), day: z.string(), uplink: UplinkHealth.optional() });
export type Health = z.infer<typeof Health>;

export const CatalogueQueue = z.object({
  code: z.string(),
  name: z.string(),
  prefix: z.string(),
  idRequirement: IdRequirement,
  /** Today's opening periods (regular, then 延时). */
  todayHours: z.array(Period),
  windows: z.array(z.number()),
  /** Most numbers a day (the kiosk marks the queue 已满 once its status' issuedToday reaches it); absent: no cap. */
  dailyCap: z.number().int().optional(),
});
export type CatalogueQueue = z.infer<typeof CatalogueQueue>;

/** A service item with the initials of its pinyin, for the kiosk search. */
export const CatalogueItem = ServiceItem.extend({ pinyinInitials: z.string() });
export type CatalogueItem = z.infer<typeof CatalogueItem>;

/** GET /api/hall: the hall, its departments, open queues and the service catalogue. */
export const HallCatalogue = z.object({
  hall: z.object({
    code: z.string(),
    name: z.string(),
    level: HallLevel,
    region: z.string().nullable(),
    address: z.string().nullable(),
    phone: z.string().nullable(),
    hotline: z.string(),
    complaintUrl: z.string().nullable(),
    timezone: z.string(),
    /** Viewing distance and panel size the public screens size their text by (the legibility rule). */
    display: DisplaySettings.optional(),
  }),
  /** The hall's local date. */
  today: z.string(),
  departments: z.array(Department),
  queues: z.array(CatalogueQueue),
  items: z.array(CatalogueItem),
  /** The no-card routes and the help place (hall rules). */
  kioskAccess: KioskAccess,
});
export type HallCatalogue = z.infer<typeof HallCatalogue>;

/** GET /api/items/:code: one item with its full guide (办事指南). */
export const ItemGuide = z.object({ item: ServiceItem, department: Department.nullable(), windows: z.array(z.number()) });
export type ItemGuide = z.infer<typeof ItemGuide>;

/** GET /api/queues/status */
export const QueuesStatus = z.object({ seq: z.number(), queues: z.array(QueueStatusView) });
export type QueuesStatus = z.infer<typeof QueuesStatus>;

/** GET /api/events: the events after a seq, each as the caller may see it. */
export const EventsPage = z.object({ seq: z.number(), events: z.array(StreamEvent) });
export type EventsPage = z.infer<typeof EventsPage>;

/** GET /api/tickets/:id/status: the phone page; no personal data. */
export const TicketStatus = z.object({
  number: z.string(),
  queue: z.string(),
  queueName: z.string(),
  item: z.string().nullable(),
  state: TicketState,
  window: z.number().nullable(),
  peopleAhead: z.number(),
  estimatedWaitMinutes: z.number(),
  /** The ticket's predicted wait now, refreshed as the hall moves; null once it is no longer waiting. */
  waitEstimate: WaitEstimate.nullable().optional(),
  issuedAt: z.string(),
  calledAt: z.string().nullable(),
  seq: z.number(),
  /** Elderly or disabled/pregnant class, shown as a mark (contract/remote.ts). */
  careClass: CareClass.nullable().optional(),
  /** A remote ticket (state 'remote', 未到场): its kiosk check-in code and whether 我已到达 is offered. */
  remote: z.object({ arrivalCode: z.string(), hallCheck: z.boolean() }).nullable().optional(),
});
export type TicketStatus = z.infer<typeof TicketStatus>;

/** POST /api/appointments: the booking and its 6-digit check-in code. */
export const AppointmentBooked = z.object({
  id: z.string(),
  code: z.string(),
  item: z.string(),
  date: z.string(),
  slotStart: z.string(),
  slotEnd: z.string(),
  state: z.enum(['booked', 'checked_in', 'cancelled', 'expired']),
});
export type AppointmentBooked = z.infer<typeof AppointmentBooked>;
