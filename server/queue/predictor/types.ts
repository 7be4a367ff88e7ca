/**
 * What the predictor works from: the hall as it is now (HallNow, read from the database by
 * hall-now.ts) and what the hall has learned from its history (HallModel, learned by learn.ts). Both
 * are plain data, so the simulation (simulate.ts) is a pure function that unit tests can feed
 * constructed situations with a known answer.
 */

/** A service-time distribution: lognormal, in log-minutes. */
export interface LogNormal {
  mu: number;
  sigma: number;
}

export interface QueueBehaviour {
  /** Share of called tickets that end as no-shows. */
  noShowRate: number;
  /** Share of served tickets that are transferred on to another queue (and so are served again there). */
  transferRate: number;
  /** Where this queue's transfers go, and the item they are served for there. */
  transferTo: string | null;
}

export interface HallModel {
  /** Per item (not per queue): learned from finished tickets, shrunk towards the configured minutes. */
  service(item: string | null, queue: string): LogNormal;
  queue(queue: string): QueueBehaviour;
  /** Minutes a window holds a ticket that turns out a no-show (call, recalls, mark). */
  noShowMinutes: number;
  /** Minutes from the call until the citizen is at the window (the walk-up). */
  walkUpMinutes: number;
  /** Minutes between finishing one ticket and calling the next, when there is someone to call. */
  callGapMinutes: number;
  /** How long a pause with this reason lasts (minutes). */
  pause(reason: string | null): LogNormal;
  /**
   * Expected arrivals per minute for a queue at an instant, by class: ordinary tickets and green
   * channel (appointments are known from the bookings instead). Learned from past days' hours and
   * today's recent rate.
   */
  arrivalsPerMinute(queue: string, kind: 'normal' | 'green', atMs: number): number;
  /** Share of booked appointments whose citizen checks in. */
  checkInRate: number;
  /** Items a newcomer of the queue asks for, with their shares (for simulated arrivals). */
  itemMix(queue: string): { item: string | null; share: number }[];
}

export type Tier = 'green' | 'appointment' | 'normal';

export interface WaitingTicket {
  id: string;
  queue: string;
  item: string | null;
  kind: Tier;
  /** Appointment slot start (ms): an appointment is served ahead of ordinary tickets from then on. */
  dueMs: number | null;
  /** A ticket transferred to one window only. */
  targetWindow: number | null;
  sortKey: number;
  /** 帮办 care class: served after the green channel, ahead of appointments (ordering.ts). */
  care: 'assisted' | 'elderly' | null;
}

export interface CurrentTicket {
  item: string | null;
  queue: string;
  state: 'called' | 'serving';
  /** When it was called, and (serving) when service started. */
  calledMs: number;
  startedMs: number | null;
}

export interface WindowNow {
  number: number;
  queues: string[];
  ordered: boolean;
  status: 'open' | 'paused' | 'closed';
  pauseReason: string | null;
  /** When the current pause began (ms), if paused. */
  pausedSinceMs: number | null;
  current: CurrentTicket | null;
  priorityStreak: number;
}

export interface DueAppointment {
  queue: string;
  item: string;
  slotStartMs: number;
}

export interface HallNow {
  nowMs: number;
  windows: WindowNow[];
  /** Today's waiting tickets. */
  waiting: WaitingTicket[];
  /** Bookings for today not yet checked in whose slot is still to come (or just begun). */
  appointments: DueAppointment[];
  /** The hall's service periods of today as [start, end) ms, in order. */
  periods: [number, number][];
  antiStarvationAfter: number;
  /** The queues a newcomer's estimate is wanted for. */
  queues: string[];
}

/** What the predictor hands out for one ticket or one newcomer: minutes from now. */
export interface WaitDraws {
  /** Sorted simulated waits in minutes (one per run). */
  samples: number[];
}
