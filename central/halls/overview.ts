import type pg from 'pg';
import type { HallOverview } from '../../contract/central/api.ts';
import { toHallView, type HallRow } from './halls.ts';

/**
 * The live state of halls for supervision, from the projections: waiting tickets and the longest wait,
 * open windows, 差评 cases not yet contacted, devices in fault, and whether the hall's uplink has been
 * heard from lately (online).
 */
export const ONLINE_WITHIN_MS = 2 * 60_000;

export async function hallOverviews(pool: pg.Pool, halls: readonly HallRow[], now = new Date()): Promise<HallOverview[]> {
  const codes = halls.map((h) => h.code);
  if (!codes.length) return [];
  const [waiting, windows, cases, devices] = await Promise.all([
    pool.query<{ hall: string; n: number; oldest: Date | null }>(
      `SELECT hall, count(*) AS n, min(issued_at) AS oldest FROM proj_tickets WHERE hall = ANY($1) AND state = 'waiting' GROUP BY hall`,
      [codes],
    ),
    pool.query<{ hall: string; open: number; paused: number }>(
      `SELECT hall, count(*) FILTER (WHERE status = 'open') AS open, count(*) FILTER (WHERE status = 'paused') AS paused
         FROM proj_windows WHERE hall = ANY($1) GROUP BY hall`,
      [codes],
    ),
    pool.query<{ hall: string; open: number; overdue: number }>(
      `SELECT hall, count(*) AS open, count(*) FILTER (WHERE due_at < $2) AS overdue FROM proj_cases
        WHERE hall = ANY($1) AND state = 'open' GROUP BY hall`,
      [codes, now],
    ),
    pool.query<{ hall: string; n: number }>(`SELECT hall, count(*) AS n FROM proj_device_health WHERE hall = ANY($1) AND state = 'fault' GROUP BY hall`, [codes]),
  ]);
  const by = <T extends { hall: string }>(rows: T[]) => new Map(rows.map((r) => [r.hall, r]));
  const w = by(waiting.rows);
  const win = by(windows.rows);
  const c = by(cases.rows);
  const d = by(devices.rows);
  return halls.map((h) => {
    const oldest = w.get(h.code)?.oldest ?? null;
    return {
      ...toHallView(h),
      online: h.last_contact_at !== null && now.getTime() - h.last_contact_at.getTime() <= ONLINE_WITHIN_MS,
      waiting: w.get(h.code)?.n ?? 0,
      longestWaitMinutes: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 6_000) / 10) : 0,
      openWindows: win.get(h.code)?.open ?? 0,
      pausedWindows: win.get(h.code)?.paused ?? 0,
      badCasesOpen: c.get(h.code)?.open ?? 0,
      badCasesOverdue: c.get(h.code)?.overdue ?? 0,
      devicesInFault: d.get(h.code)?.n ?? 0,
    };
  });
}
