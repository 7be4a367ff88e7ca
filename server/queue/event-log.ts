import { EVENT_VERSION, type Actor, type EventRow, type EventType, type HallEvent } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { Db } from '../store/db.ts';

export interface NewEvent {
  type: EventType;
  actor: Actor;
  ticket?: TicketView | null;
  window?: number | null;
  data?: Record<string, unknown>;
  /** Waiting counts the command already knows, so they are not counted twice. */
  waiting?: Record<string, number>;
}

/** Appends events with the hall's next seq, and their outbox rows. Call only inside the command's transaction. */
export class EventLog {
  private readonly insert;
  private readonly maxSeq;
  private readonly since;
  private readonly waitingCount;
  private readonly ticketRow;
  private readonly windowRow;
  private readonly appointmentRow;
  private readonly outbox;

  constructor(private readonly db: Db, private readonly hallCode: () => string) {
    this.insert = db.prepare('INSERT INTO events (seq, type, v, at, day, ticket_id, window, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    this.outbox = db.prepare('INSERT INTO outbox (seq, key, type) VALUES (?, ?, ?)');
    this.maxSeq = db.prepare('SELECT COALESCE(MAX(seq), 0) AS seq FROM events');
    this.since = db.prepare('SELECT body FROM events WHERE seq > ? ORDER BY seq LIMIT ?');
    this.waitingCount = db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = ? AND queue = ? AND state = 'waiting'");
    this.ticketRow = db.prepare('SELECT serial, number_queue, sort_key, appointment_id, arrival_code FROM tickets WHERE id = ?');
    this.windowRow = db.prepare('SELECT number, status, pause_reason, staff_badge, priority_streak FROM windows WHERE number = ?');
    this.appointmentRow = db.prepare(`SELECT id, code, item, queue, date, slot_start, slot_end, state, ticket_id, id_masked, name_masked, phone_masked, created_at
      FROM appointments WHERE id = ?`);
  }

  lastSeq(): number {
    return (this.maxSeq.get() as { seq: number }).seq;
  }

  append(e: NewEvent, at: Date, day: string): HallEvent {
    const seq = this.lastSeq() + 1;
    const event: HallEvent = {
      v: EVENT_VERSION,
      seq,
      type: e.type,
      at: at.toISOString(),
      day,
      hall: this.hallCode(),
      actor: e.actor,
      ticket: e.ticket ?? null,
      window: e.window ?? e.ticket?.window ?? null,
      data: e.data ?? {},
    };
    const touched = new Set<string>();
    if (e.ticket) touched.add(e.ticket.queue);
    if (typeof e.data?.fromQueue === 'string') touched.add(e.data.fromQueue);
    if (touched.size) {
      event.waiting = {};
      for (const q of touched) event.waiting[q] = e.waiting?.[q] ?? (this.waitingCount.get(day, q) as { n: number }).n;
    }
    const row = this.rowsOf(event);
    if (row) event.row = row;
    this.insert.run(seq, event.type, EVENT_VERSION, event.at, day, event.ticket?.id ?? null, event.window, JSON.stringify(event));
    // The outbox row commits with the event or not at all: a crash after the commit loses no delivery.
    this.outbox.run(seq, `${event.hall}:${seq}`, event.type);
    return event;
  }

  /**
   * The columns of the rows this event touched that its view does not carry (numbering, order, window
   * status and streak, the appointment), read after the change, so replaying the log rebuilds them.
   */
  private rowsOf(event: HallEvent): EventRow | undefined {
    const row: EventRow = {};
    if (event.ticket) {
      const t = this.ticketRow.get(event.ticket.id) as
        | { serial: number; number_queue: string; sort_key: number; appointment_id: string | null; arrival_code: string | null }
        | undefined;
      if (t) {
        row.ticket = { serial: t.serial, numberQueue: t.number_queue, sortKey: t.sort_key, appointmentId: t.appointment_id };
        // Only remote tickets have one; other events keep the shape they always had.
        if (t.arrival_code !== null) row.ticket.arrivalCode = t.arrival_code;
      }
    }
    if (event.window !== null) {
      const w = this.windowRow.get(event.window) as
        | { number: number; status: 'open' | 'paused' | 'closed'; pause_reason: string | null; staff_badge: string | null; priority_streak: number }
        | undefined;
      if (w) row.window = { number: w.number, status: w.status, pauseReason: w.pause_reason, staffBadge: w.staff_badge, priorityStreak: w.priority_streak };
    }
    const appointmentId = event.data.appointmentId ?? row.ticket?.appointmentId;
    if (typeof appointmentId === 'string') {
      const a = this.appointmentRow.get(appointmentId) as
        | { id: string; code: string; item: string; queue: string; date: string; slot_start: string; slot_end: string; state: NonNullable<EventRow['appointment']>['state'];
            ticket_id: string | null; id_masked: string | null; name_masked: string | null; phone_masked: string | null; created_at: string }
        | undefined;
      if (a) {
        row.appointment = {
          id: a.id, code: a.code, item: a.item, queue: a.queue, date: a.date, slotStart: a.slot_start, slotEnd: a.slot_end, state: a.state,
          ticketId: a.ticket_id, idMasked: a.id_masked, nameMasked: a.name_masked, phoneMasked: a.phone_masked, createdAt: a.created_at,
        };
      }
    }
    return row.ticket || row.window || row.appointment ? row : undefined;
  }

  /** Events after `seq`, oldest first, at most `limit`. */
  after(seq: number, limit: number): HallEvent[] {
    return (this.since.all(seq, limit) as { body: string }[]).map((r) => JSON.parse(r.body) as HallEvent);
  }

  oldestSeq(): number {
    return (this.db.prepare('SELECT COALESCE(MIN(seq), 0) AS seq FROM events').get() as { seq: number }).seq;
  }
}
