import { randomUUID } from 'node:crypto';
import type { Actor } from '../../contract/events.ts';
import type { Priority, TicketSource } from '../../contract/domain.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { EngineCore, Tx } from './core.ts';
import { QueueError } from './errors.ts';
import { localParts, localToInstant } from '../common/hall-time.ts';
import { describePeriods, queueOpenAt } from './hours.ts';
import type { ProtectedIdentity } from './identity.ts';
import type { TicketOrder } from './ordering.ts';
import type { WaitEstimator } from './estimate.ts';
import type { WaitEstimate } from '../../contract/wait-estimate.ts';
import { toTicketView, type TicketRow } from './ticket-rows.ts';
import type { CareClass } from '../../contract/remote.ts';
import { careClassAtIssue } from './care-class.ts';

export interface IssueInput {
  queue?: string;
  item?: string;
  source: TicketSource;
  priority?: Exclude<Priority, 'appointment'>;
  greenReason?: string;
  proxy?: boolean;
  /** 代办 by a village/township station: its name, shown beside the 代办 mark. */
  proxyBy?: string;
  identity?: ProtectedIdentity;
  kiosk?: string;
  /** 帮办 window: the disabled/pregnant class (or elderly for a citizen without a card). */
  careClass?: CareClass;
  actor: Actor;
}

export interface IssueResult {
  ticket: TicketView;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  /** The predictor's estimate at issue (estimatedWaitMinutes is its minutes). */
  waitEstimate?: WaitEstimate;
}

/** Internal: appointment check-in issues through the same path with its own priority and due time. */
export interface IssueExtras {
  dueAt?: string;
  appointmentId?: string;
  /** 远程取号 (server/queue/remote.ts): the ticket waits as 未到场 ('remote') with this kiosk check-in code. */
  arrivalCode?: string;
}

const LIVE = "('waiting','called','serving','suspended','remote')";

export class TicketIssuer {
  private readonly counter;
  private readonly insert;
  private readonly liveForId;
  private readonly countForId;
  private readonly countInRange;
  private readonly waitingInQueue;
  private readonly lastNumber;
  private readonly maxSortKey;
  /** The latest order base handed out on a day (see orderBase). */
  private orderHigh: { day: string; ms: number } | undefined;

  constructor(private readonly core: EngineCore, private readonly order: TicketOrder, private readonly estimator: WaitEstimator) {
    const db = core.db;
    this.counter = db.prepare(`INSERT INTO counters (day, queue, last_no) VALUES (?, ?, 1)
      ON CONFLICT(day, queue) DO UPDATE SET last_no = last_no + 1 RETURNING last_no`);
    this.insert = db.prepare(`INSERT INTO tickets (id, day, number, number_queue, serial, queue, item, source, priority, green_reason, proxy, proxy_by,
        id_hash, id_masked, name_masked, state, sort_key, due_at, issued_at, kiosk, appointment_id, care_class, arrival_code)
      VALUES (@id, @day, @number, @number_queue, @serial, @queue, @item, @source, @priority, @green_reason, @proxy, @proxy_by,
        @id_hash, @id_masked, @name_masked, @state, @sort_key, @due_at, @issued_at, @kiosk, @appointment_id, @care_class, @arrival_code)`);
    this.liveForId = db.prepare(`SELECT id, number FROM tickets WHERE day = ? AND id_hash = ? AND queue = ? AND state IN ${LIVE} LIMIT 1`);
    this.countForId = db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND id_hash = ?');
    this.countInRange = db.prepare('SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND number_queue = ? AND issued_at >= ? AND issued_at < ?');
    this.waitingInQueue = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND queue = ? AND state = 'waiting'");
    this.lastNumber = db.prepare('SELECT last_no FROM counters WHERE day = ? AND queue = ?');
    this.maxSortKey = db.prepare('SELECT MAX(sort_key) AS k FROM tickets WHERE day = ?');
  }

  /**
   * The instant a new ticket's place in line is based on: the clock, but never earlier than a ticket
   * already issued that day, so a clock stepped back (an NTP correction) cannot put a newcomer ahead
   * of people who came before the step. issued_at keeps the clock's own reading.
   */
  private orderBase(tx: Tx): number {
    if (this.orderHigh?.day !== tx.day) {
      const k = (this.maxSortKey.get(tx.day) as { k: number | null }).k;
      this.orderHigh = { day: tx.day, ms: k === null ? 0 : Math.floor(k) };
    }
    const ms = Math.max(tx.now.getTime(), this.orderHigh.ms);
    this.orderHigh.ms = ms;
    return ms;
  }

  issue(input: IssueInput, extras: IssueExtras = {}): IssueResult {
    return this.core.run((tx) => this.issueInTx(tx, input, extras));
  }

  issueInTx(tx: Tx, input: IssueInput, extras: IssueExtras = {}): IssueResult {
    const { catalog } = this.core;
    const item = input.item !== undefined ? catalog.items.get(input.item) : undefined;
    if (input.item !== undefined && (!item || item.retired)) throw new QueueError('UNKNOWN_ITEM');
    const queueCode = item?.queue ?? input.queue;
    const queue = queueCode !== undefined ? catalog.queues.get(queueCode) : undefined;
    if (!queue) throw new QueueError('UNKNOWN_QUEUE');
    if (!queue.active) throw new QueueError('QUEUE_CLOSED');

    const public_ = input.source === 'kiosk' || input.source === 'api' || input.source === 'remote';
    const tz = catalog.hall.timezone;
    if (public_ && !extras.appointmentId) {
      const hours = queueOpenAt(tx.now, tz, catalog.hall.hours, queue);
      if (!hours.open) {
        throw hours.today.length ? new QueueError('OUTSIDE_HOURS', { hours: describePeriods(hours.today) }) : new QueueError('CLOSED_TODAY');
      }
    }
    if (input.source === 'kiosk' && queue.idRequirement === 'required' && !input.identity) throw new QueueError('ID_REQUIRED');

    if (input.identity) {
      const live = this.liveForId.get(tx.day, input.identity.idHash, queue.code) as { id: string; number: string } | undefined;
      if (live) throw new QueueError('ID_HAS_LIVE_TICKET', { number: live.number, ticketId: live.id });
      const count = (this.countForId.get(tx.day, input.identity.idHash) as { n: number }).n;
      if (count >= catalog.rules.perIdDailyMax) throw new QueueError('ID_DAILY_LIMIT', { max: catalog.rules.perIdDailyMax });
    }

    if (public_ && !extras.appointmentId) this.checkCaps(tx, queue.code, queue.dailyCap, queue.slotCaps);

    const serial = (this.counter.get(tx.day, queue.code) as { last_no: number }).last_no;
    // Past the width (999 for 3 digits) a queue refuses unless it is set to widen; the refusal rolls
    // the counter back with the rest of the transaction.
    const last = 10 ** queue.numberWidth - 1;
    if (serial > last && queue.numberOverflow === 'refuse') throw new QueueError('NUMBERS_EXHAUSTED', { prefix: queue.prefix, last: `${queue.prefix}${last}` });
    const number = `${queue.prefix}${String(serial).padStart(queue.numberWidth, '0')}`;
    const id = randomUUID();
    const priority: Priority = extras.appointmentId ? 'appointment' : (input.priority ?? 'normal');
    // The new row as a read of it would return it: the inserted values, the column defaults and NULLs
    // (tests/unit/queue/issue-row.test.ts compares the two), so the ticket is not read back.
    const row: TicketRow = {
      id,
      day: tx.day,
      number,
      number_queue: queue.code,
      serial,
      queue: queue.code,
      item: item?.code ?? null,
      source: input.source,
      priority,
      green_reason: priority === 'green' ? (input.greenReason ?? null) : null,
      proxy: input.proxy ? 1 : 0,
      proxy_by: input.proxy ? (input.proxyBy ?? null) : null,
      id_hash: input.identity?.idHash ?? null,
      id_masked: input.identity?.idMasked ?? null,
      name_masked: input.identity?.nameMasked ?? null,
      state: extras.arrivalCode !== undefined ? 'remote' : 'waiting',
      // Strictly increasing within a queue even for tickets issued in the same millisecond, so a
      // re-queued late arrival always has room to sit between two neighbours.
      sort_key: this.orderBase(tx) + serial / 1000,
      due_at: extras.dueAt ?? null,
      target_window: null,
      issued_at: tx.now.toISOString(),
      called_at: null,
      started_at: null,
      finished_at: null,
      window: null,
      staff_badge: null,
      recall_count: 0,
      outcome: null,
      evaluation: null,
      close_reason: null,
      note: null,
      kiosk: input.kiosk ?? null,
      printed: null,
      appointment_id: extras.appointmentId ?? null,
      care_class: careClassAtIssue(input.careClass, input.identity?.birthDate, tx.day, catalog.rules.priorityClasses),
      arrival_code: extras.arrivalCode ?? null,
    };
    const rid = Number(this.insert.run(row).lastInsertRowid);
    // A new ordinary ticket is last in its queue's order, so everyone waiting is ahead of it: an
    // index-only count instead of ranking the whole queue on every issue.
    const waiting = (this.waitingInQueue.get(tx.day, queue.code) as { n: number }).n;
    const peopleAhead = priority === 'normal' && row.care_class === null && row.state === 'waiting' ? waiting - 1 : this.order.peopleAhead(row, rid, tx.now);
    const waitEstimate = this.estimator.forTicketInTx(id, tx.day, tx.now);
    const estimatedWaitMinutes = waitEstimate.minutes;
    const ticket = toTicketView(row);
    tx.emit({ type: 'ticket.issued', actor: input.actor, ticket, data: { peopleAhead, estimatedWaitMinutes }, waiting: { [queue.code]: waiting } });
    return { ticket, peopleAhead, estimatedWaitMinutes, waitEstimate };
  }

  private checkCaps(tx: Tx, queue: string, dailyCap: number | undefined, slotCaps: { start: string; end: string; cap: number }[]): void {
    const tz = this.core.catalog.hall.timezone;
    if (dailyCap !== undefined) {
      const issued = (this.lastNumber.get(tx.day, queue) as
        | { last_no: number }
        | undefined)?.last_no ?? 0;
      if (issued >= dailyCap) throw new QueueError('DAILY_CAP_REACHED');
    }
    const { time } = localParts(tx.now, tz);
    const slot = slotCaps.find((s) => time >= s.start && time < s.end);
    if (slot) {
      const from = localToInstant(tx.day, slot.start, tz).toISOString();
      const to = localToInstant(tx.day, slot.end, tz).toISOString();
      const n = (this.countInRange.get(tx.day, queue, from, to) as { n: number }).n;
      if (n >= slot.cap) throw new QueueError('SLOT_CAP_REACHED', { next: slot.end });
    }
  }
}
