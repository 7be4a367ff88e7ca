import type { EvaluationLevel } from '../../contract/domain.ts';
import type { Actor } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { CaseCommands } from './cases.ts';
import type { EngineCore, Tx } from './core.ts';
import type { EvaluationCommands } from './evaluation-commands.ts';
import { QueueError } from './errors.ts';
import { STATE_LABELS } from './window-commands.ts';
import type { TicketRow } from './ticket-rows.ts';

export interface TransferTarget {
  queue?: string;
  window?: number;
  note?: string;
}

export interface EvaluationInput {
  ticketId: string;
  level: EvaluationLevel;
  dimensions?: Record<string, EvaluationLevel>;
  reason?: string;
  source: 'evaluator' | 'screen' | 'keypad' | 'phone' | 'staff';
  actor: Actor;
}

/** Commands on one ticket regardless of which window holds it (transfer, cancel, re-queue, evaluate, print). */
export class TicketCommands {
  constructor(
    private readonly core: EngineCore,
    private readonly cases: CaseCommands,
  ) {}

  private refuseState(t: TicketRow): never {
    throw new QueueError('INVALID_STATE', { state: STATE_LABELS[t.state] ?? t.state });
  }

  /** 转移 / 联动办理: the same number moves to another queue or to one window and waits again. */
  transfer(ticketId: string, target: TransferTarget, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const t = this.core.ticketRow(ticketId);
      if (!['waiting', 'called', 'serving', 'suspended'].includes(t.state) || t.day !== tx.day) this.refuseState(t);
      const { catalog } = this.core;
      if (target.queue === undefined && target.window === undefined) throw new QueueError('TRANSFER_TARGET_INVALID');
      if (target.queue !== undefined) {
        const q = catalog.queues.get(target.queue);
        if (!q) throw new QueueError('UNKNOWN_QUEUE');
        if (!q.active) throw new QueueError('QUEUE_CLOSED');
      }
      if (target.window !== undefined) {
        const w = catalog.windows.get(target.window);
        if (!w || w.retired) throw new QueueError('UNKNOWN_WINDOW');
      }
      const queue = target.queue ?? t.queue;
      const sortKey = this.placement(tx, queue, t.sort_key);
      const ticket = this.core.patch(t.id, {
        state: 'waiting',
        queue,
        target_window: target.window ?? null,
        window: null,
        staff_badge: null,
        called_at: null,
        started_at: null,
        sort_key: sortKey,
        note: target.note ?? t.note,
      });
      tx.emit({
        type: 'ticket.transferred',
        actor,
        ticket,
        window: t.window,
        data: { fromQueue: t.queue, toQueue: queue, toWindow: target.window ?? null, fromWindow: t.window, note: target.note ?? null },
      });
      return ticket;
    });
  }

  private placement(tx: Tx, queue: string, original: number): number {
    if (this.core.catalog.rules.transferPlacement === 'arrival') return original;
    const first = this.core.db
      .prepare("SELECT MIN(sort_key) AS k FROM tickets WHERE day = ? AND queue = ? AND state = 'waiting' AND priority <> 'green'")
      .get(tx.day, queue) as { k: number | null };
    return first.k === null ? tx.now.getTime() : Math.min(first.k - 1, original);
  }

  cancel(ticketId: string, reason: string, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const t = this.core.ticketRow(ticketId);
      if (!['waiting', 'called', 'suspended', 'remote'].includes(t.state)) this.refuseState(t);
      const ticket = this.core.patch(t.id, { state: 'cancelled', close_reason: reason, finished_at: tx.now.toISOString() });
      tx.emit({ type: 'ticket.cancelled', actor, ticket, window: t.window, data: { reason } });
      return ticket;
    });
  }

  /** A late arrival after 过号 goes back to waiting behind the next K waiting tickets of its queue. */
  reactivate(ticketId: string, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const t = this.core.ticketRow(ticketId);
      if (t.state !== 'no_show' || t.day !== tx.day) this.refuseState(t);
      const { rules } = this.core.catalog;
      const since = t.finished_at ? (tx.now.getTime() - new Date(t.finished_at).getTime()) / 60_000 : 0;
      if (since > rules.reactivateWithinMinutes) throw new QueueError('REACTIVATE_TOO_LATE', { minutes: rules.reactivateWithinMinutes });
      const keys = (this.core.db
        .prepare("SELECT sort_key FROM tickets WHERE day = ? AND queue = ? AND state = 'waiting' AND priority = 'normal' ORDER BY sort_key, rowid LIMIT ?")
        .all(tx.day, t.queue, rules.reactivateBehind + 1) as { sort_key: number }[]).map((r) => r.sort_key);
      const k = rules.reactivateBehind;
      let sortKey: number;
      if (keys.length === 0) sortKey = tx.now.getTime();
      else if (k === 0) sortKey = keys[0]! - 1;
      else if (keys.length > k) sortKey = (keys[k - 1]! + keys[k]!) / 2;
      else sortKey = Math.max(keys[keys.length - 1]! + 1, tx.now.getTime());
      const ticket = this.core.patch(t.id, {
        state: 'waiting',
        sort_key: sortKey,
        window: null,
        staff_badge: null,
        called_at: null,
        finished_at: null,
        recall_count: 0,
      });
      tx.emit({ type: 'ticket.reactivated', actor, ticket, window: t.window });
      return ticket;
    });
  }

  /** Set by the engine: the evaluation records (one per visit), which this delegates to. */
  evaluations: EvaluationCommands | undefined;

  /** 好差评: one evaluation per visit (called, serving or finished); a 差评 opens a follow-up case. */
  evaluate(input: EvaluationInput): TicketView {
    return this.evaluations!.rate({
      ticketId: input.ticketId,
      level: input.level,
      channel: input.source,
      reasons: input.reason ? [input.reason] : [],
      dimensions: input.dimensions,
      actor: input.actor,
    }).ticket;
  }

  /** 补打: asks the ticket's printer for another copy; the device side listens for this event. */
  /** Who may reprint a ticket: the kiosk that issued it, or the holder of the same ID card (by its keyed hash). */
  ownerOf(ticketId: string): { kiosk: string | null; idHash: string | null } {
    const row = this.core.ticketRow(ticketId);
    return { kiosk: row.kiosk, idHash: row.id_hash };
  }

  requestReprint(ticketId: string, kiosk: string | null, actor: Actor): TicketView {
    return this.core.run((tx) => {
      const t = this.core.ticketRow(ticketId);
      if (t.day !== tx.day || !['waiting', 'called', 'serving', 'suspended'].includes(t.state)) this.refuseState(t);
      const ticket = this.core.ticket(ticketId);
      tx.emit({ type: 'ticket.reprint_requested', actor, ticket, data: { kiosk } });
      return ticket;
    });
  }

  /** The printer's verdict on a ticket; an unprinted ticket is shown electronically and can be reprinted. */
  recordPrint(ticketId: string, printed: boolean, reason: string | null, actor: Actor): TicketView {
    return this.core.run((tx) => {
      this.core.ticketRow(ticketId);
      const ticket = this.core.patch(ticketId, { printed: printed ? 1 : 0 });
      tx.emit({ type: 'ticket.print_result', actor, ticket, data: { printed, reason } });
      return ticket;
    });
  }
}
