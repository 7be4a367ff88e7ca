import type { WindowConfig } from '../../contract/config.ts';
import type { Outcome, WindowStatus } from '../../contract/domain.ts';
import type { Actor } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { EngineCore, Tx } from './core.ts';
import { QueueError } from './errors.ts';
import type { TicketOrder } from './ordering.ts';
import { announcement } from './phrase.ts';
import type { TicketRow } from './ticket-rows.ts';

export interface WindowRow {
  number: number;
  status: WindowStatus;
  pause_reason: string | null;
  staff_badge: string | null;
  priority_streak: number;
  retired: number;
}

export const STATE_LABELS: Record<string, string> = {
  waiting: '等候中',
  called: '已叫号',
  serving: '办理中',
  suspended: '挂起',
  finished: '已办结',
  no_show: '过号',
  cancelled: '已取消',
  remote: '未到场',
};

/** Window-side commands: sign-in, status, and the call-number actions on the window's current ticket. */
export class WindowCommands {
  private readonly windowRow;
  private readonly setStatus;
  private readonly setStreak;

  constructor(private readonly core: EngineCore, private readonly order: TicketOrder) {
    const db = core.db;
    this.windowRow = db.prepare('SELECT number, status, pause_reason, staff_badge, priority_streak, retired FROM windows WHERE number = ?');
    this.setStatus = db.prepare('UPDATE windows SET status = ?, pause_reason = ?, staff_badge = ? WHERE number = ?');
    this.setStreak = db.prepare('UPDATE windows SET priority_streak = ? WHERE number = ?');
  }

  window(number: number): { config: WindowConfig; row: WindowRow } {
    const config = this.core.catalog.windows.get(number);
    const row = this.windowRow.get(number) as WindowRow | undefined;
    if (!config || !row || config.retired) throw new QueueError('UNKNOWN_WINDOW');
    return { config, row };
  }

  private requireOpen(number: number): { config: WindowConfig; row: WindowRow } {
    const w = this.window(number);
    if (w.row.status === 'paused') throw new QueueError('WINDOW_PAUSED');
    if (w.row.status !== 'open') throw new QueueError('WINDOW_NOT_OPEN');
    return w;
  }

  private requireCurrent(number: number, states: readonly string[]): TicketRow {
    const current = this.core.currentRow(number);
    if (!current) throw new QueueError('NO_CURRENT_TICKET');
    if (!states.includes(current.state)) throw new QueueError('INVALID_STATE', { state: STATE_LABELS[current.state] ?? current.state });
    return current;
  }

  signIn(number: number, badge: string, actor: Actor): void {
    this.core.run((tx) => {
      const w = this.window(number);
      if (w.row.staff_badge && w.row.staff_badge !== badge) throw new QueueError('WINDOW_TAKEN', { badge: w.row.staff_badge });
      const elsewhere = this.core.db.prepare('SELECT number FROM windows WHERE staff_badge = ? AND number <> ?').all(badge, number) as { number: number }[];
      for (const other of elsewhere) this.closeInTx(tx, other.number, actor);
      if (w.row.staff_badge === badge && w.row.status !== 'closed') return;
      this.setStatus.run('open', null, badge, number);
      const staff = this.core.db.prepare('SELECT name, title FROM staff WHERE badge = ?').get(badge) as { name: string; title: string | null } | undefined;
      // Staff name and badge are public on purpose: the window screen shows them (seed clause 七).
      tx.emit({ type: 'staff.signed_in', actor, window: number, data: { badge, name: staff?.name ?? null, title: staff?.title ?? null } });
      tx.emit({ type: 'window.opened', actor, window: number, data: { badge, status: 'open' } });
    });
  }

  /** Sign-out and supervisor close both end the window's service; a ticket in hand must be settled first. */
  close(number: number, actor: Actor): void {
    this.core.run((tx) => this.closeInTx(tx, number, actor));
  }

  private closeInTx(tx: Tx, number: number, actor: Actor): void {
    const w = this.window(number);
    if (this.core.currentRow(number)) throw new QueueError('WINDOW_BUSY');
    if (w.row.status === 'closed' && !w.row.staff_badge) return;
    this.setStatus.run('closed', null, null, number);
    this.setStreak.run(0, number);
    if (w.row.staff_badge) tx.emit({ type: 'staff.signed_out', actor, window: number, data: { badge: w.row.staff_badge } });
    tx.emit({ type: 'window.closed', actor, window: number, data: { status: 'closed' } });
  }

  pause(number: number, reason: string, actor: Actor): void {
    this.core.run((tx) => {
      const w = this.window(number);
      if (w.row.status === 'closed') throw new QueueError('WINDOW_NOT_OPEN');
      this.setStatus.run('paused', reason, w.row.staff_badge, number);
      tx.emit({ type: 'window.paused', actor, window: number, data: { status: 'paused', reason } });
    });
  }

  resumeService(number: number, actor: Actor): void {
    this.core.run((tx) => {
      const w = this.window(number);
      if (w.row.status === 'closed') throw new QueueError('WINDOW_NOT_OPEN');
      if (w.row.status === 'open') return;
      this.setStatus.run('open', null, w.row.staff_badge, number);
      tx.emit({ type: 'window.opened', actor, window: number, data: { badge: w.row.staff_badge, status: 'open' } });
    });
  }

  /** 叫号: settle the ticket in hand per the hall's rule, then call the next one in service order. */
  callNext(number: number, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const w = this.requireOpen(number);
      this.settleCurrent(tx, number, actor);
      const { rules } = this.core.catalog;
      let next = this.order.next(tx.day, w.config, tx.now);
      if (next && next.tier < 2 && w.row.priority_streak >= rules.antiStarvationAfter) {
        next = this.order.next(tx.day, w.config, tx.now, true) ?? next;
      }
      if (!next) throw new QueueError('NO_WAITING');
      this.setStreak.run(next.tier < 2 ? w.row.priority_streak + 1 : 0, number);
      return this.callInTx(tx, next, number, w.row.staff_badge, actor, 'ticket.called');
    });
  }

  /** Calls one chosen waiting ticket (from the window's waiting list). */
  callTicket(number: number, ticketId: string, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const w = this.requireOpen(number);
      const t = this.core.ticketRow(ticketId);
      if (t.state !== 'waiting' || t.day !== tx.day) throw new QueueError('INVALID_STATE', { state: STATE_LABELS[t.state] ?? t.state });
      const servable = t.target_window === number || (t.target_window === null && w.config.queues.includes(t.queue));
      if (!servable) throw new QueueError('NOT_SERVED_HERE');
      this.settleCurrent(tx, number, actor);
      return this.callInTx(tx, t, number, w.row.staff_badge, actor, 'ticket.called');
    });
  }

  private settleCurrent(tx: Tx, number: number, actor: Actor): void {
    const current = this.core.currentRow(number);
    if (!current) return;
    if (this.core.catalog.rules.callNextWithCurrent === 'refuse') throw new QueueError('WINDOW_BUSY');
    this.finishInTx(tx, current, 'done', null, actor);
  }

  private callInTx(tx: Tx, t: TicketRow, number: number, badge: string | null, actor: Actor, type: 'ticket.called' | 'ticket.resumed'): TicketView {
    const ticket = this.core.patch(t.id, {
      state: 'called',
      window: number,
      staff_badge: badge,
      called_at: tx.now.toISOString(),
      target_window: null,
    });
    tx.emit({ type, actor, ticket, window: number, data: this.phraseData(ticket.number, number) });
    return ticket;
  }

  private phraseData(ticketNumber: string, window: number): Record<string, unknown> {
    const { rules } = this.core.catalog;
    const phrase = announcement(rules.voiceTemplate, rules.voiceTemplateEn, ticketNumber, window, { digitByDigit: rules.voiceDigitByDigit, oneAsYao: rules.voiceOneAsYao });
    return { phrase: phrase.zh, phraseEn: phrase.en };
  }

  recall(number: number, actor: Actor): TicketView {
    return this.core.run((tx) => {
      this.requireOpen(number);
      const current = this.requireCurrent(number, ['called']);
      const max = this.core.catalog.rules.maxRecalls;
      if (current.recall_count >= max) throw new QueueError('RECALL_LIMIT', { max });
      const ticket = this.core.patch(current.id, { recall_count: current.recall_count + 1 });
      tx.emit({ type: 'ticket.recalled', actor, ticket, window: number, data: { ...this.phraseData(ticket.number, number), recallCount: ticket.recallCount } });
      return ticket;
    });
  }

  start(number: number, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const current = this.requireCurrent(number, ['called']);
      const ticket = this.core.patch(current.id, { state: 'serving', started_at: tx.now.toISOString() });
      tx.emit({ type: 'ticket.started', actor, ticket, window: number });
      return ticket;
    });
  }

  finish(number: number, outcome: Outcome, note: string | null, actor: Actor): TicketView {
    return this.core.run((tx) => this.finishInTx(tx, this.requireCurrent(number, ['called', 'serving']), outcome, note, actor));
  }

  /** Set by the engine: called inside the transaction of every 办结 (the evaluation records follow it). */
  onFinished: ((tx: Tx, ticketId: string) => void) | undefined;

  private finishInTx(tx: Tx, t: TicketRow, outcome: Outcome, note: string | null, actor: Actor): TicketView {
    const ticket = this.core.patch(t.id, {
      state: 'finished',
      outcome,
      note: note ?? t.note,
      started_at: t.started_at ?? t.called_at,
      finished_at: tx.now.toISOString(),
    });
    tx.emit({ type: 'ticket.finished', actor, ticket, window: t.window, data: { outcome } });
    // A visit rated before 办结 gets a new revision of its evaluation record, now with its finish time.
    this.onFinished?.(tx, t.id);
    return ticket;
  }

  noShow(number: number, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const current = this.requireCurrent(number, ['called']);
      const ticket = this.core.patch(current.id, { state: 'no_show', finished_at: tx.now.toISOString() });
      tx.emit({ type: 'ticket.no_show', actor, ticket, window: number });
      return ticket;
    });
  }

  /** 挂起: the citizen steps away (e.g. to copy a document); the ticket stays with this window. */
  suspend(number: number, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const current = this.requireCurrent(number, ['called', 'serving']);
      const ticket = this.core.patch(current.id, { state: 'suspended' });
      tx.emit({ type: 'ticket.suspended', actor, ticket, window: number });
      return ticket;
    });
  }

  /** 回呼: call a held ticket back to this window. */
  resume(number: number, ticketId: string, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const w = this.requireOpen(number);
      const t = this.core.ticketRow(ticketId);
      if (t.state !== 'suspended') throw new QueueError('INVALID_STATE', { state: STATE_LABELS[t.state] ?? t.state });
      if (t.window !== number) throw new QueueError('NOT_SERVED_HERE');
      this.settleCurrent(tx, number, actor);
      return this.callInTx(tx, t, number, w.row.staff_badge, actor, 'ticket.resumed');
    });
  }

  requestEvaluation(number: number, actor: Actor): TicketView {
    return this.core.run((tx) => {
      this.window(number);
      const t =
        this.core.currentRow(number) ??
        (this.core.db
          .prepare("SELECT * FROM tickets WHERE window = ? AND state = 'finished' AND day = ? ORDER BY finished_at DESC, rowid DESC LIMIT 1")
          .get(number, tx.day) as TicketRow | undefined);
      if (!t) throw new QueueError('NO_CURRENT_TICKET');
      if (t.evaluation) throw new QueueError('ALREADY_EVALUATED');
      const ticket = this.core.ticket(t.id);
      tx.emit({ type: 'ticket.evaluation_requested', actor, ticket, window: number });
      return ticket;
    });
  }

  /** Staff of the window or a supervisor may act; used by the HTTP layer for the current ticket id. */
  current(number: number): TicketView | null {
    const row = this.core.currentRow(number);
    return row ? this.core.ticket(row.id) : null;
  }
}
