import type { HallEvent } from '../../contract/events.ts';
import type { Sql, Statements } from './bulk.ts';

/**
 * Windows: the live state (proj_windows: status, staff, pause reason) and open time per window, staff
 * member and day (proj_window_days). An open interval starts when a window opens and ends when it
 * pauses or closes; its length is credited to the day it began and the staff member signed in. A window still
 * open is credited when it next pauses or closes (the day's rollover closes every window).
 */
interface WindowRow {
  number: number;
  status: string;
  staff_badge: string | null;
  pause_reason: string | null;
  opened_at: string | null;
  opened_day: string | null;
  updated_at: string;
}

const STATUS_OF: Partial<Record<HallEvent['type'], string>> = { 'window.opened': 'open', 'window.paused': 'paused', 'window.closed': 'closed' };

export class WindowProjector {
  private readonly rows = new Map<number, WindowRow>();
  private readonly touched = new Set<number>();
  private readonly openMs = new Map<string, { day: string; window_no: number; staff_badge: string; open_ms: number }>();

  private constructor(private readonly hall: string) {}

  /** What the projector reads before a batch: the rows of the windows its events name (none: nothing to read). */
  static readSql(hall: string, events: readonly HallEvent[]): Sql | null {
    const numbers = [...new Set(events.map((e) => e.row?.window?.number ?? e.window).filter((n): n is number => typeof n === 'number'))];
    if (!numbers.length) return null;
    return {
      text: 'SELECT number, status, staff_badge, pause_reason, opened_at, opened_day, updated_at FROM proj_windows WHERE hall = $1 AND number = ANY($2::int[])',
      values: [hall, numbers],
    };
  }

  static fromRows(hall: string, rows: readonly (WindowRow & { opened_at: Date | null; updated_at: Date })[]): WindowProjector {
    const p = new WindowProjector(hall);
    for (const r of rows) p.rows.set(r.number, { ...r, opened_at: r.opened_at ? r.opened_at.toISOString() : null, updated_at: r.updated_at.toISOString() });
    return p;
  }

  apply(e: HallEvent): void {
    const w = e.row?.window;
    const number = w?.number ?? (e.type.startsWith('window.') || e.type.startsWith('staff.') ? e.window : null);
    if (typeof number !== 'number') return;
    const prev = this.rows.get(number) ?? { number, status: 'closed', staff_badge: null, pause_reason: null, opened_at: null, opened_day: null, updated_at: e.at };
    const status = w?.status ?? STATUS_OF[e.type] ?? prev.status;
    let staff = w ? w.staffBadge : prev.staff_badge;
    if (!w && e.type === 'window.opened' && typeof e.data.badge === 'string') staff = e.data.badge;
    if (!w && e.type === 'staff.signed_in' && typeof e.data.badge === 'string') staff = e.data.badge;
    if (!w && (e.type === 'window.closed' || e.type === 'staff.signed_out')) staff = null;
    const pauseReason = w ? w.pauseReason : status === 'paused' && typeof e.data.reason === 'string' ? e.data.reason : status === 'paused' ? prev.pause_reason : null;
    let openedAt = prev.opened_at;
    let openedDay = prev.opened_day;
    if (status === 'open' && !openedAt) (openedAt = e.at), (openedDay = e.day);
    if (status !== 'open' && openedAt) {
      const day = openedDay ?? e.day;
      const key = `${day}\u0000${number}\u0000${prev.staff_badge ?? ''}`;
      const acc = this.openMs.get(key) ?? { day, window_no: number, staff_badge: prev.staff_badge ?? '', open_ms: 0 };
      acc.open_ms += Math.max(0, Date.parse(e.at) - Date.parse(openedAt));
      this.openMs.set(key, acc);
      openedAt = null;
      openedDay = null;
    }
    this.rows.set(number, { number, status, staff_badge: staff, pause_reason: pauseReason, opened_at: openedAt, opened_day: openedDay, updated_at: e.at });
    this.touched.add(number);
  }

  flush(s: Statements): void {
    s.bulk(
      `INSERT INTO proj_windows (hall, number, status, staff_badge, pause_reason, opened_at, opened_day, updated_at)
       SELECT $2, x.number, x.status, x.staff_badge, x.pause_reason, x.opened_at, x.opened_day, x.updated_at FROM json_to_recordset($1::json)
         AS x(number integer, status text, staff_badge text, pause_reason text, opened_at timestamptz, opened_day date, updated_at timestamptz)
       ON CONFLICT (hall, number) DO UPDATE SET status = excluded.status, staff_badge = excluded.staff_badge,
         pause_reason = excluded.pause_reason, opened_at = excluded.opened_at, opened_day = excluded.opened_day, updated_at = excluded.updated_at`,
      [...this.touched].map((n) => this.rows.get(n)!),
      [this.hall],
    );
    s.bulk(
      `INSERT INTO proj_window_days (hall, day, window_no, staff_badge, open_ms)
       SELECT $2, x.* FROM json_to_recordset($1::json) AS x(day date, window_no integer, staff_badge text, open_ms bigint)
       ON CONFLICT (hall, day, window_no, staff_badge) DO UPDATE SET open_ms = proj_window_days.open_ms + excluded.open_ms`,
      [...this.openMs.values()],
      [this.hall],
    );
  }
}
