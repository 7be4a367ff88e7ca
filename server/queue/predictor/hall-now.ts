import type { Catalog } from '../catalog.ts';
import type { Db } from '../../store/db.ts';
import { localParts, localToInstant } from '../../common/hall-time.ts';
import { periodsOn } from '../hours.ts';
import type { HallNow, Tier, WindowNow } from './types.ts';

/** Reads the hall as it is now (windows, tickets in hand, the line, today's bookings) for the simulation. */
export class HallNowReader {
  private readonly windowsStmt;
  private readonly currentStmt;
  private readonly waitingStmt;
  private readonly pausedAtStmt;
  private readonly bookedStmt;

  constructor(db: Db) {
    this.windowsStmt = db.prepare('SELECT number, status, pause_reason, priority_streak FROM windows WHERE retired = 0 ORDER BY number');
    this.currentStmt = db.prepare("SELECT window, item, queue, state, called_at, started_at FROM tickets WHERE day = ? AND state IN ('called','serving') AND window IS NOT NULL");
    this.waitingStmt = db.prepare("SELECT id, queue, item, priority, due_at, target_window, sort_key, care_class FROM tickets WHERE day = ? AND state = 'waiting' ORDER BY sort_key");
    this.pausedAtStmt = db.prepare("SELECT at FROM events WHERE type = 'window.paused' AND window = ? ORDER BY seq DESC LIMIT 1");
    this.bookedStmt = db.prepare("SELECT queue, item, slot_start FROM appointments WHERE date = ? AND state = 'booked'");
  }

  read(catalog: Catalog, day: string, now: Date): HallNow {
    const nowMs = now.getTime();
    const tz = catalog.hall.timezone;
    const currents = new Map(
      (this.currentStmt.all(day) as { window: number; item: string | null; queue: string; state: 'called' | 'serving'; called_at: string; started_at: string | null }[]).map((r) => [r.window, r]),
    );
    const windows: WindowNow[] = [];
    for (const r of this.windowsStmt.all() as { number: number; status: WindowNow['status']; pause_reason: string | null; priority_streak: number }[]) {
      const cfg = catalog.windows.get(r.number);
      if (!cfg || cfg.retired) continue;
      const c = currents.get(r.number);
      const pausedAt = r.status === 'paused' ? (this.pausedAtStmt.get(r.number) as { at: string } | undefined)?.at : undefined;
      windows.push({
        number: r.number,
        queues: cfg.queues,
        ordered: cfg.queueMode === 'ordered',
        status: r.status,
        pauseReason: r.pause_reason,
        pausedSinceMs: pausedAt ? Date.parse(pausedAt) : null,
        current: c ? { item: c.item, queue: c.queue, state: c.state, calledMs: Date.parse(c.called_at), startedMs: c.started_at ? Date.parse(c.started_at) : null } : null,
        priorityStreak: r.priority_streak,
      });
    }
    const waiting = (this.waitingStmt.all(day) as { id: string; queue: string; item: string | null; priority: Tier; due_at: string | null; target_window: number | null; sort_key: number; care_class: string | null }[]).map((r) => ({
      id: r.id,
      queue: r.queue,
      item: r.item,
      kind: r.priority,
      dueMs: r.due_at ? Date.parse(r.due_at) : null,
      targetWindow: r.target_window,
      sortKey: r.sort_key,
      care: r.care_class === 'assisted' ? ('assisted' as const) : r.care_class === 'elderly' ? ('elderly' as const) : null,
    }));
    const appointments = (this.bookedStmt.all(day) as { queue: string; item: string; slot_start: string }[])
      .map((a) => ({ queue: a.queue, item: a.item, slotStartMs: localToInstant(day, a.slot_start, tz).getTime() }))
      .filter((a) => a.slotStartMs >= nowMs - 30 * 60_000);
    return {
      nowMs,
      windows,
      waiting,
      appointments,
      periods: servicePeriods(catalog, day, now),
      antiStarvationAfter: catalog.rules.antiStarvationAfter,
      queues: [...catalog.queues.keys()],
    };
  }
}

/**
 * The hours windows call in today: the hall's periods joined with every queue's own and extended
 * hours (windows keep serving while any of their queues is open). A day with no periods at all (a
 * test hall, a holiday worked anyway) is treated as open all day.
 */
export function servicePeriods(catalog: Catalog, day: string, now: Date): [number, number][] {
  const tz = catalog.hall.timezone;
  const { weekday } = localParts(localToInstant(day, '12:00', tz), tz);
  const spans: [number, number][] = [];
  for (const q of catalog.queues.values()) {
    const { regular, extended } = periodsOn(day, weekday, catalog.hall.hours, q);
    for (const p of [...regular, ...extended]) spans.push([localToInstant(day, p.start, tz).getTime(), localToInstant(day, p.end, tz).getTime()]);
  }
  if (!spans.length) {
    const start = localToInstant(day, '00:00', tz).getTime();
    return [[Math.min(start, now.getTime()), start + 24 * 3_600_000]];
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged.at(-1);
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  return merged;
}
