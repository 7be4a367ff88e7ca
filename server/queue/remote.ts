import { randomInt } from 'node:crypto';
import type { Actor } from '../../contract/events.ts';
import type { EngineCore, Tx } from './core.ts';
import { QueueError } from './errors.ts';
import type { WaitEstimator } from './estimate.ts';
import type { ProtectedIdentity } from './identity.ts';
import type { IssueResult, TicketIssuer } from './issue.ts';
import type { TicketOrder } from './ordering.ts';
import type { TicketRow } from './ticket-rows.ts';

export interface RemoteIssueInput {
  queue?: string;
  item?: string;
  identity: ProtectedIdentity;
  actor: Actor;
}

export type ArrivalVia = 'kiosk_code' | 'kiosk_card' | 'hall_code';

/**
 * 远程取号: a number taken from a phone waits as 未到场 (state 'remote'), outside the call order and the
 * waiting counts, and keeps the place in line of the moment it was taken (its sort key). It enters the
 * order when the citizen arrives: checked in at a kiosk (its code, or the ID card it was taken with),
 * or 我已到达 on the phone where the hall allows it. The day's close cancels what never arrived.
 */
export class RemoteTickets {
  private readonly remoteIssued;
  private readonly byCode;
  private readonly byIdHash;
  private readonly codeTaken;

  constructor(
    private readonly core: EngineCore,
    private readonly issuer: TicketIssuer,
    private readonly order: TicketOrder,
    private readonly estimator: WaitEstimator,
  ) {
    const db = core.db;
    this.remoteIssued = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND number_queue = ? AND source = 'remote'");
    this.byCode = db.prepare('SELECT * FROM tickets WHERE day = ? AND arrival_code = ?');
    this.byIdHash = db.prepare("SELECT * FROM tickets WHERE day = ? AND id_hash = ? AND state = 'remote' ORDER BY sort_key LIMIT 1");
    // An arrival code must not be mistaken for an appointment code of the same day at the kiosk.
    this.codeTaken = db.prepare('SELECT 1 FROM tickets WHERE day = @day AND arrival_code = @code UNION ALL SELECT 1 FROM appointments WHERE date = @day AND code = @code');
  }

  /** How many remote numbers a queue has left today. */
  quotaLeft(queueCode: string): number {
    const queue = this.core.catalog.queues.get(queueCode);
    if (!queue?.remote?.enabled) return 0;
    const used = (this.remoteIssued.get(this.core.today(), queueCode) as { n: number }).n;
    return Math.max(0, queue.remote.dailyQuota - used);
  }

  issue(input: RemoteIssueInput): IssueResult & { arrivalCode: string } {
    return this.core.run((tx) => {
      const { catalog } = this.core;
      const item = input.item !== undefined ? catalog.items.get(input.item) : undefined;
      const queue = catalog.queues.get(item?.queue ?? input.queue ?? '');
      // Unknown items and queues are refused by the issuer with their own messages.
      if (queue && !queue.remote?.enabled) throw new QueueError('REMOTE_NOT_OFFERED');
      if (queue?.remote) {
        const used = (this.remoteIssued.get(tx.day, queue.code) as { n: number }).n;
        if (used >= queue.remote.dailyQuota) throw new QueueError('REMOTE_QUOTA_REACHED', { quota: queue.remote.dailyQuota });
      }
      const arrivalCode = this.freshCode(tx.day);
      const issued = this.issuer.issueInTx(
        tx,
        { source: 'remote', identity: input.identity, actor: input.actor, ...(input.item !== undefined ? { item: input.item } : {}), ...(input.queue !== undefined ? { queue: input.queue } : {}) },
        { arrivalCode },
      );
      return { ...issued, arrivalCode };
    });
  }

  /**
   * The remote ticket a kiosk check-in means, if any: by its arrival code, or by the ID card it was
   * taken with. undefined lets the kiosk try an appointment instead.
   */
  arriveAtKiosk(by: { code: string } | { idHash: string }, kiosk: string, actor: Actor): IssueResult | undefined {
    return this.core.run((tx) => {
      const row = ('code' in by ? this.byCode.get(tx.day, by.code) : this.byIdHash.get(tx.day, by.idHash)) as TicketRow | undefined;
      if (!row) return undefined;
      return this.arriveInTx(tx, row, 'code' in by ? 'kiosk_code' : 'kiosk_card', kiosk, actor);
    });
  }

  /** 我已到达 on the phone; the hall code was checked by the caller (server/reminders/hall-code.ts). */
  arriveFromPhone(ticketId: string, actor: Actor): IssueResult {
    return this.core.run((tx) => this.arriveInTx(tx, this.core.ticketRow(ticketId), 'hall_code', null, actor));
  }

  private arriveInTx(tx: Tx, row: TicketRow, via: ArrivalVia, kiosk: string | null, actor: Actor): IssueResult {
    if (row.day !== tx.day || row.source !== 'remote') throw new QueueError('UNKNOWN_TICKET');
    if (row.state !== 'remote') throw new QueueError('REMOTE_ARRIVED_ALREADY', { number: row.number });
    // The place in line is the one held since the number was taken; the kiosk of arrival may reprint it.
    const ticket = this.core.patch(row.id, { state: 'waiting', ...(kiosk !== null ? { kiosk } : {}) });
    const rid = (this.core.db.prepare('SELECT rowid AS rid FROM tickets WHERE id = ?').get(row.id) as { rid: number }).rid;
    const peopleAhead = this.order.peopleAhead({ ...row, state: 'waiting' }, rid, tx.now);
    const estimatedWaitMinutes = this.estimator.minutesFor(row.queue, peopleAhead);
    tx.emit({ type: 'ticket.arrived', actor, ticket, data: { via, peopleAhead, estimatedWaitMinutes } });
    return { ticket, peopleAhead, estimatedWaitMinutes };
  }

  private freshCode(day: string): string {
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!this.codeTaken.get({ day, code })) return code;
    }
  }
}
