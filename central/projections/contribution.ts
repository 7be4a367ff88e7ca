import type { TicketRow } from './tickets.ts';

/**
 * What one ticket adds to the daily aggregates (proj_daily, proj_daily_wait). The aggregates are kept
 * exact by subtracting a ticket's contribution before a change and adding it after, so a ticket counts
 * once, in the row of its current dimensions, whatever the batch boundaries were.
 *   wait    = called_at − issued_at (tickets that were called);
 *   service = finished_at − COALESCE(started_at, called_at) (finished tickets);
 *   busy    = finished_at − called_at (the window's time on a finished ticket, for idle time);
 *   done    = finished with outcome 办结 (现场办结).
 * The same definitions as the hall's statistics (server/stats/range-stats.ts).
 */
export const COUNTERS = [
  'issued',
  'served',
  'no_show',
  'cancelled',
  'done',
  'waited',
  'wait_ms',
  'serviced',
  'service_ms',
  'busy_ms',
  'ev_very_satisfied',
  'ev_satisfied',
  'ev_basic',
  'ev_dissatisfied',
  'ev_very_dissatisfied',
] as const;
export type Counter = (typeof COUNTERS)[number];

export interface DailyKey {
  day: string;
  department: string;
  queue: string;
  item: string;
  window_no: number;
  staff_badge: string;
}

export interface Contribution {
  key: DailyKey;
  counters: Record<Counter, number>;
  /** Whole minutes waited, when the ticket was called. */
  waitMinute: number | null;
}

const ms = (from: string | null, to: string | null): number | null => (from && to ? Date.parse(to) - Date.parse(from) : null);

export const keyString = (k: DailyKey): string => [k.day, k.department, k.queue, k.item, k.window_no, k.staff_badge].join('\u0000');

export function contribution(t: TicketRow): Contribution {
  const c = Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Record<Counter, number>;
  c.issued = 1;
  const finished = t.state === 'finished';
  if (finished) c.served = 1;
  if (t.state === 'no_show') c.no_show = 1;
  if (t.state === 'cancelled') c.cancelled = 1;
  if (finished && t.outcome === 'done') c.done = 1;
  const wait = ms(t.issued_at, t.called_at);
  let waitMinute: number | null = null;
  if (wait !== null) {
    c.waited = 1;
    c.wait_ms = Math.max(0, wait);
    waitMinute = Math.floor(c.wait_ms / 60_000);
  }
  if (finished) {
    const service = ms(t.started_at ?? t.called_at, t.finished_at);
    if (service !== null) (c.serviced = 1), (c.service_ms = Math.max(0, service));
    const busy = ms(t.called_at, t.finished_at);
    if (busy !== null) c.busy_ms = Math.max(0, busy);
  }
  if (t.evaluation) {
    const k = `ev_${t.evaluation}` as Counter;
    if (k in c) c[k] = 1;
  }
  return {
    key: {
      day: t.day,
      department: t.department ?? '',
      queue: t.queue,
      item: t.item ?? '',
      window_no: t.window_no ?? 0,
      staff_badge: t.staff_badge ?? '',
    },
    counters: c,
    waitMinute,
  };
}
