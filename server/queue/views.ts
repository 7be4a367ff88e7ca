import type { TicketView } from '../../contract/ticket.ts';
import type { QueueStatusView, WindowStateView } from '../../contract/snapshot.ts';
import type { WindowStatus } from '../../contract/domain.ts';
import type { EngineCore } from './core.ts';
import type { WaitEstimator } from './estimate.ts';
import type { WaitEstimate } from '../../contract/wait-estimate.ts';
import { queueOpenAt } from './hours.ts';
import type { TicketOrder } from './ordering.ts';
import { toTicketView, type TicketRow } from './ticket-rows.ts';

export type QueueStatus = QueueStatusView;
export type WindowState = WindowStateView<TicketView>;

/** Read models for snapshots, status pages and the window terminal. Read-only. */
export class HallViews {
  private readonly waitingByQueue;
  private readonly countersOfDay;
  private readonly windowRows;

  constructor(private readonly core: EngineCore, private readonly order: TicketOrder, private readonly estimator: WaitEstimator) {
    const db = core.db;
    this.waitingByQueue = db.prepare("SELECT queue, COUNT(*) AS n, MIN(issued_at) AS oldest FROM tickets WHERE day = ? AND state = 'waiting' GROUP BY queue");
    this.countersOfDay = db.prepare('SELECT queue, last_no FROM counters WHERE day = ?');
    this.windowRows = db.prepare(`SELECT w.number, w.status, w.pause_reason, w.staff_badge, s.name AS staff_name, s.title AS staff_title
        FROM windows w LEFT JOIN staff s ON s.badge = w.staff_badge WHERE w.retired = 0 ORDER BY w.number`);
  }

  queueStatus(): QueueStatus[] {
    const { catalog } = this.core;
    const now = this.core.clock.now();
    const day = this.core.today(now);
    const rows = this.waitingByQueue.all(day) as { queue: string; n: number; oldest: string }[];
    const byQueue = new Map(rows.map((r) => [r.queue, r]));
    const counters = new Map(
      (this.countersOfDay.all(day) as { queue: string; last_no: number }[]).map((c) => [c.queue, c.last_no]),
    );
    return [...catalog.queues.values()].map((q) => {
      const r = byQueue.get(q.code);
      const waiting = r?.n ?? 0;
      return {
        code: q.code,
        name: q.name,
        prefix: q.prefix,
        waiting,
        longestWaitMinutes: r ? Math.max(0, Math.floor((now.getTime() - new Date(r.oldest).getTime()) / 60_000)) : 0,
        estimatedWaitMinutes: this.estimator.forQueue(q.code).minutes,
        waitEstimate: this.estimator.forQueue(q.code),
        issuedToday: counters.get(q.code) ?? 0,
        open: q.active && queueOpenAt(now, catalog.hall.timezone, catalog.hall.hours, q).open,
        active: q.active,
      };
    });
  }

  windowStates(): WindowState[] {
    const { catalog } = this.core;
    const rows = this.windowRows.all() as { number: number; status: WindowStatus; pause_reason: string | null; staff_badge: string | null; staff_name: string | null; staff_title: string | null }[];
    return rows.flatMap((r) => {
      const cfg = catalog.windows.get(r.number);
      if (!cfg) return [];
      const current = this.core.currentRow(r.number);
      return [{
        number: r.number,
        name: cfg.name,
        department: cfg.department ?? null,
        status: r.status,
        pauseReason: r.pause_reason,
        staff: r.staff_badge ? { badge: r.staff_badge, name: r.staff_name ?? '', title: r.staff_title } : null,
        current: current ? toTicketView(current) : null,
        queues: cfg.queues,
        honours: cfg.honours,
        comprehensive: cfg.comprehensive,
      }];
    });
  }

  /** The waiting list a window would call from, in calling order. */
  waitingFor(window: number, limit = 200): TicketView[] {
    const cfg = this.core.catalog.windows.get(window);
    if (!cfg) return [];
    const now = this.core.clock.now();
    return this.order.waitingFor(this.core.today(now), cfg, now, limit).map(toTicketView);
  }

  suspendedAt(window: number): TicketView[] {
    return (this.core.db
      .prepare("SELECT * FROM tickets WHERE window = ? AND state = 'suspended' AND day = ? ORDER BY called_at")
      .all(window, this.core.today()) as TicketRow[]).map(toTicketView);
  }

  /** The ticket a window put on hold last today (the keypad's 回呼 takes it back). */
  lastSuspendedAt(window: number): TicketView | undefined {
    const row = this.core.db
      .prepare("SELECT * FROM tickets WHERE window = ? AND state = 'suspended' AND day = ? ORDER BY called_at DESC, rowid DESC LIMIT 1")
      .get(window, this.core.today()) as TicketRow | undefined;
    return row ? toTicketView(row) : undefined;
  }

  /** The scope an agent device is limited to (its PC's kiosks and windows), or null for none. */
  deviceScope(code: string): unknown {
    const row = this.core.db.prepare('SELECT scope FROM devices WHERE code = ?').get(code) as { scope: string | null } | undefined;
    return row?.scope ? (JSON.parse(row.scope) as unknown) : null;
  }

  /** A device's name as configured (e.g. 一楼1号自助机), or null for an unknown code. */
  deviceName(code: string): string | null {
    const row = this.core.db.prepare('SELECT name FROM devices WHERE code = ?').get(code) as { name: string } | undefined;
    return row?.name ?? null;
  }

  /** The ticket a window finished last today (an evaluator press rates it). */
  lastFinishedAt(window: number): TicketView | undefined {
    const row = this.core.db
      .prepare("SELECT * FROM tickets WHERE window = ? AND state = 'finished' AND day = ? ORDER BY finished_at DESC, rowid DESC LIMIT 1")
      .get(window, this.core.today()) as TicketRow | undefined;
    return row ? toTicketView(row) : undefined;
  }

  /** People ahead of a ticket still waiting, or of a remote one (未到场) in the place it holds (0 once called). */
  peopleAhead(ticketId: string): number {
    const row = this.core.ticketRow(ticketId);
    if (row.state !== 'waiting' && row.state !== 'remote') return 0;
    const rid = (this.core.db.prepare('SELECT rowid AS rid FROM tickets WHERE id = ?').get(ticketId) as { rid: number }).rid;
    return this.order.peopleAhead(row, rid, this.core.clock.now());
  }

  /** A queue newcomer's wait in minutes (compatibility; see waitEstimateFor). */
  estimateFor(queue: string, _peopleAhead?: number): number {
    return this.estimator.forQueue(queue).minutes;
  }

  /** A waiting ticket's predicted wait (null once it is no longer waiting). */
  waitEstimateFor(ticketId: string): WaitEstimate | null {
    return this.estimator.forTicket(ticketId);
  }

  /** Predicted waits of a window's waiting list, by ticket id. */
  waitEstimatesFor(ticketIds: readonly string[]): Record<string, WaitEstimate> {
    return this.estimator.forTickets(ticketIds);
  }
}
