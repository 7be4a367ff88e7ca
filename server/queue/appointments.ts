import { randomInt, randomUUID } from 'node:crypto';
import type { Actor } from '../../contract/events.ts';
import type { EngineCore } from './core.ts';
import { QueueError } from './errors.ts';
import { localParts, localToInstant } from '../common/hall-time.ts';
import { periodsOn } from './hours.ts';
import type { ProtectedIdentity } from './identity.ts';
import type { IssueResult, TicketIssuer } from './issue.ts';

export interface AppointmentView {
  id: string;
  code: string;
  item: string;
  queue: string;
  date: string;
  slotStart: string;
  slotEnd: string;
  state: 'booked' | 'checked_in' | 'cancelled' | 'expired';
  ticketId: string | null;
  idMasked: string | null;
  nameMasked: string | null;
}

interface AppointmentRow {
  id: string;
  code: string;
  item: string;
  queue: string;
  date: string;
  slot_start: string;
  slot_end: string;
  state: AppointmentView['state'];
  ticket_id: string | null;
  id_masked: string | null;
  name_masked: string | null;
  id_hash: string | null;
}

const toView = (r: AppointmentRow): AppointmentView => ({
  id: r.id,
  code: r.code,
  item: r.item,
  queue: r.queue,
  date: r.date,
  slotStart: r.slot_start,
  slotEnd: r.slot_end,
  state: r.state,
  ticketId: r.ticket_id,
  idMasked: r.id_masked,
  nameMasked: r.name_masked,
});

export interface BookInput {
  item: string;
  date: string;
  slotStart: string;
  identity?: ProtectedIdentity;
  phoneMasked?: string;
  actor: Actor;
}

/** 预约办理: booking a slot, and kiosk check-in that turns it into an appointment ticket. */
export class Appointments {
  constructor(private readonly core: EngineCore, private readonly issuer: TicketIssuer) {}

  book(input: BookInput): AppointmentView {
    return this.core.run((tx) => {
      const { catalog } = this.core;
      const item = catalog.items.get(input.item);
      if (!item || item.retired) throw new QueueError('UNKNOWN_ITEM');
      const queue = catalog.queues.get(item.queue);
      if (!queue || !queue.active) throw new QueueError('QUEUE_CLOSED');
      const tz = catalog.hall.timezone;
      const weekday = localParts(localToInstant(input.date, '12:00', tz), tz).weekday;
      const { regular } = periodsOn(input.date, weekday, catalog.hall.hours, queue);
      const slotEnd = addMinutes(input.slotStart, queue.appointmentSlotMinutes);
      const fits = regular.some((p) => input.slotStart >= p.start && slotEnd <= p.end);
      const start = localToInstant(input.date, input.slotStart, tz);
      if (!fits || start.getTime() < tx.now.getTime()) throw new QueueError('APPOINTMENT_SLOT_INVALID');
      const taken = (this.core.db
        .prepare("SELECT COUNT(*) AS n FROM appointments WHERE queue = ? AND date = ? AND slot_start = ? AND state IN ('booked','checked_in')")
        .get(queue.code, input.date, input.slotStart) as { n: number }).n;
      if (taken >= queue.appointmentSlotCap) throw new QueueError('APPOINTMENT_SLOT_FULL');
      if (input.identity) {
        // One booking per person, item and day; and no more bookings a day than tickets a person may take.
        const mine = this.core.db
          .prepare("SELECT item, slot_start FROM appointments WHERE id_hash = ? AND date = ? AND state IN ('booked','checked_in')")
          .all(input.identity.idHash, input.date) as { item: string; slot_start: string }[];
        const same = mine.find((a) => a.item === item.code);
        if (same) throw new QueueError('APPOINTMENT_DUPLICATE', { slot: same.slot_start });
        if (mine.length >= catalog.rules.perIdDailyMax) throw new QueueError('ID_DAILY_LIMIT', { max: catalog.rules.perIdDailyMax });
      }

      const code = this.freshCode(input.date);
      const id = randomUUID();
      this.core.db
        .prepare(`INSERT INTO appointments (id, code, item, queue, date, slot_start, slot_end, id_hash, id_masked, name_masked, phone_masked, state, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)`)
        .run(id, code, item.code, queue.code, input.date, input.slotStart, slotEnd, input.identity?.idHash ?? null,
          input.identity?.idMasked ?? null, input.identity?.nameMasked ?? null, input.phoneMasked ?? null, tx.now.toISOString());
      const view = this.get(id);
      tx.emit({ type: 'appointment.booked', actor: input.actor, data: { appointmentId: id, item: item.code, queue: queue.code, date: input.date, slotStart: input.slotStart, slotEnd, code } });
      return view;
    });
  }

  get(id: string): AppointmentView {
    const row = this.core.db.prepare('SELECT * FROM appointments WHERE id = ?').get(id) as AppointmentRow | undefined;
    if (!row) throw new QueueError('UNKNOWN_APPOINTMENT');
    return toView(row);
  }

  private freshCode(date: string): string {
    const exists = this.core.db.prepare('SELECT 1 FROM appointments WHERE date = ? AND code = ?');
    for (;;) {
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      if (!exists.get(date, code)) return code;
    }
  }

  /** Check-in by the appointment code or by the ID swiped at the kiosk. */
  checkIn(by: { code: string } | { idHash: string }, kiosk: string | undefined, actor: Actor): IssueResult & { appointment: AppointmentView } {
    return this.core.run((tx) => {
      const { catalog } = this.core;
      const tz = catalog.hall.timezone;
      const rows = ('code' in by
        ? this.core.db.prepare('SELECT * FROM appointments WHERE date = ? AND code = ?').all(tx.day, by.code)
        : this.core.db.prepare("SELECT * FROM appointments WHERE date = ? AND id_hash = ? ORDER BY CASE state WHEN 'booked' THEN 0 ELSE 1 END, slot_start").all(tx.day, by.idHash)) as AppointmentRow[];
      const row = rows[0];
      if (!row || row.state === 'cancelled' || row.state === 'expired') throw new QueueError('UNKNOWN_APPOINTMENT');
      if (row.state === 'checked_in') {
        const number = row.ticket_id ? this.core.ticket(row.ticket_id).number : '';
        throw new QueueError('APPOINTMENT_USED', { number });
      }
      const start = localToInstant(row.date, row.slot_start, tz);
      const end = localToInstant(row.date, row.slot_end, tz);
      const opens = start.getTime() - catalog.rules.checkInEarlyMinutes * 60_000;
      const closes = end.getTime() + catalog.rules.checkInLateMinutes * 60_000;
      if (tx.now.getTime() < opens) throw new QueueError('APPOINTMENT_NOT_YET', { from: localParts(new Date(opens), tz).time });
      if (tx.now.getTime() > closes) throw new QueueError('APPOINTMENT_EXPIRED');
      const identity = row.id_hash && row.id_masked ? { idHash: row.id_hash, idMasked: row.id_masked, nameMasked: row.name_masked } : undefined;
      const issued = this.issuer.issueInTx(
        tx,
        { item: row.item, source: 'appointment', kiosk, actor, ...(identity ? { identity } : {}) },
        { appointmentId: row.id, dueAt: start.toISOString() },
      );
      this.core.db.prepare("UPDATE appointments SET state = 'checked_in', ticket_id = ? WHERE id = ?").run(issued.ticket.id, row.id);
      const appointment = this.get(row.id);
      tx.emit({ type: 'appointment.checked_in', actor, ticket: issued.ticket, data: { appointmentId: row.id } });
      return { ...issued, appointment };
    });
  }

  cancel(id: string, actor: Actor): AppointmentView {
    return this.core.run((tx) => {
      const view = this.get(id);
      if (view.state !== 'booked') throw new QueueError('INVALID_STATE', { state: view.state });
      this.core.db.prepare("UPDATE appointments SET state = 'cancelled' WHERE id = ?").run(id);
      tx.emit({ type: 'appointment.cancelled', actor, data: { appointmentId: id } });
      return this.get(id);
    });
  }
}

function addMinutes(hhmm: string, minutes: number): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const total = h * 60 + m + minutes;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
