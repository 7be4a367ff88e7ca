import { z } from 'zod';
import { PublicTicket, TicketView } from './ticket.ts';
import { WindowStatus } from './domain.ts';
import { WaitEstimate } from './wait-estimate.ts';

export const QueueStatusView = z.object({
  code: z.string(),
  name: z.string(),
  prefix: z.string(),
  waiting: z.number(),
  longestWaitMinutes: z.number(),
  estimatedWaitMinutes: z.number(),
  /** A newcomer's predicted wait with its range (estimatedWaitMinutes is its minutes). */
  waitEstimate: WaitEstimate.optional(),
  issuedToday: z.number(),
  open: z.boolean(),
  active: z.boolean(),
});
export type QueueStatusView = z.infer<typeof QueueStatusView>;

/** A ticket on a screen: in full (masked identity) for the staff it concerns, else the public view. */
export const ScopedTicket = z.union([TicketView, PublicTicket]);

export const WindowStateView = z.object({
  number: z.number(),
  name: z.string(),
  department: z.string().nullable(),
  status: WindowStatus,
  pauseReason: z.string().nullable(),
  staff: z.object({ badge: z.string(), name: z.string(), title: z.string().nullable() }).nullable(),
  current: ScopedTicket.nullable(),
  queues: z.array(z.string()),
  honours: z.array(z.string()),
  comprehensive: z.boolean(),
});
/** A window as a screen sees it; `T` is the ticket view the receiver gets. */
export type WindowStateView<T = PublicTicket> = Omit<z.infer<typeof WindowStateView>, 'current'> & { current: T | null };

/** The same window with its ticket in full: the window terminal's own window. */
export const FullWindowStateView = WindowStateView.extend({ current: TicketView.nullable() });

export const RecentCall = z.object({
  seq: z.number(),
  number: z.string(),
  window: z.number(),
  at: z.string(),
  phrase: z.string(),
  phraseEn: z.string(),
  recall: z.boolean(),
});
export type RecentCall = z.infer<typeof RecentCall>;

export const NoticeView = z.object({
  code: z.string(),
  text: z.string(),
  targets: z.array(z.string()),
});
export type NoticeView = z.infer<typeof NoticeView>;

/** What every client receives on connect (and GET /api/snapshot): the hall as it is at `seq`. */
export const Snapshot = z.object({
  seq: z.number(),
  day: z.string(),
  at: z.string(),
  hall: z.object({ code: z.string(), name: z.string(), hotline: z.string() }),
  queues: z.array(QueueStatusView),
  windows: z.array(WindowStateView),
  recentCalls: z.array(RecentCall),
  notices: z.array(NoticeView),
});
export type Snapshot<T = PublicTicket> = Omit<z.infer<typeof Snapshot>, 'windows'> & { windows: WindowStateView<T>[] };

export type FullSnapshot = Snapshot<TicketView>;
