import { randomInt, randomUUID } from 'node:crypto';
import type { Actor } from '../../contract/events.ts';
import type { EngineCore } from './core.ts';
import { QueueError } from './errors.ts';
import { DomainError } from '../common/errors.ts';
import { slotGrid } from './booking-grid.ts';
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
  /** The station that booked on the citizen's behalf (代办), or null. */
  station: string | null;
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
  station: string | null;
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
  station: r.station ?? null,
});

export interface BookInput {
  item: string;
  date: string;
  slotStart: string;
  identity?: ProtectedIdentity;
  phoneMasked?: string;
  /** Contact data kept for the booking's day only (server/auth/contact-data.ts): keyed hash and sealed number. */
  phone?: { hash: string; sealed: string };
  /** Booked by a station on the citizen's behalf (代办). */
  station?: string;
  /** Per-phone cap on live bookings (booked, today or later); absent: no cap (a kiosk-era API caller). */
  perPhoneMax?: number;
  /** Per-ID cap on live bookings over all days. */
  perIdOpenMax?: number;
  actor: Actor;
}

/** The refusals of booking that are not engine refusals: Chinese, and never about another person's booking. */
export const bookingRefusal = {
  offGrid: (slots: string[]) =>
    new DomainError('invalid', 'APPOINTMENT_SLOT_OFF_GRID', `预约只能选择整点时段（如 ${slots.slice(0, 3).join('、')}），请从时段列表中选择。`),
  // No slot, date or item of the existing booking: the ID number may be someone else's.
  duplicate: () => new DomainError('conflict', 'APPOINTMENT_DUPLICATE', '该身份证号当天已预约过此事项，无需重复预约；如需改约，请先用预约码和手机号取消原预约。'),
  perId: (max: number) => new DomainError('conflict', 'BOOKING_ID_LIMIT', `同一身份证号最多同时保留 ${max} 个未办理的预约，请先办理或取消已有预约。`, { max }),
  perPhone: (max: number) => new DomainError('conflict', 'BOOKING_PHONE_LIMIT', `同一手机号最多同时保留 ${max} 个未办理的预约，请先办理或取消已有预约。`, { max }),
};

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
      // Only the configured grid: an off-grid start (10:07) would open a slot of its own with a fresh cap.
      const grid = slotGrid(regular, queue.appointmentSlotMinutes);
      if (!grid.some((g) => g.start === input.slotStart)) throw bookingRefusal.offGrid(grid.map((g) => g.start));
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
        if (same) throw bookingRefusal.duplicate();
        if (mine.length >= catalog.rules.perIdDailyMax) throw new QueueError('ID_DAILY_LIMIT', { max: catalog.rules.perIdDailyMax });
        if (input.perIdOpenMax !== undefined) {
          const open = (this.core.db
            .prepare("SELECT COUNT(*) AS n FROM appointments WHERE id_hash = ? AND date >= ? AND state = 'booked'")
            .get(input.identity.idHash, tx.day) as { n: number }).n;
          if (open >= input.perIdOpenMax) throw bookingRefusal.perId(input.perIdOpenMax);
        }
      }
      if (input.phone && input.perPhoneMax !== undefined) {
        const open = (this.core.db
          .prepare("SELECT COUNT(*) AS n FROM appointments WHERE phone_hash = ? AND date >= ? AND state = 'booked'")
          .get(input.phone.hash, tx.day) as { n: number }).n;
        if (open >= input.perPhoneMax) throw bookingRefusal.perPhone(input.perPhoneMax);
      }

      const code = this.freshCode(input.date);
      const id = randomUUID();
      this.core.db
        .prepare(`INSERT INTO appointments (id, code, item, queue, date, slot_start, slot_end, id_hash, id_masked, name_masked, phone_masked, phone_hash, phone_sealed, station, state, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', ?)`)
        .run(id, code, item.code, queue.code, input.date, input.slotStart, slotEnd, input.identity?.idHash ?? null,
          input.identity?.idMasked ?? null, input.identity?.nameMasked ?? null, input.phoneMasked ?? null,
          input.phone?.hash ?? null, input.phone?.sealed ?? null, input.station ?? null, tx.now.toISOString());
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

  /**
   * A citizen's own booking, found by its code and the phone it was booked with (keyed hash), on the
   * hall's business day or later. Without the matching phone nothing is found: a code alone (6 digits)
   * would let anyone read or cancel someone else's booking.
   */
  findByCodeAndPhone(code: string, phoneHash: string): AppointmentView | undefined {
    const row = this.core.db
      .prepare("SELECT * FROM appointments WHERE code = ? AND phone_hash = ? AND date >= ? ORDER BY CASE state WHEN 'booked' THEN 0 ELSE 1 END, date, slot_start LIMIT 1")
      .get(code, phoneHash, this.core.today()) as AppointmentRow | undefined;
    return row ? toView(row) : undefined;
  }

  /** The sealed phone of a live booking (for its confirmation and reminders), or null once erased. */
  sealedPhone(id: string): string | null {
    const row = this.core.db.prepare('SELECT phone_sealed FROM appointments WHERE id = ?').get(id) as { phone_sealed: string | null } | undefined;
    return row?.phone_sealed ?? null;
  }

  /** A station's booking checks in as a 代办 ticket carrying the station's name. */
  private proxyOf(station: string | null): { proxy?: true; proxyBy?: string } {
    if (!station) return {};
    const row = this.core.db.prepare('SELECT name FROM stations WHERE code = ?').get(station) as { name: string } | undefined;
    return { proxy: true, ...(row ? { proxyBy: row.name } : {}) };
  }

  /** The masked phone of a booking (138****5678), or null once erased or never given. */
  maskedPhone(id: string): string | null {
    const row = this.core.db.prepare('SELECT phone_masked FROM appointments WHERE id = ?').get(id) as { phone_masked: string | null } | undefined;
    return row?.phone_masked ?? null;
  }

  /** What a station booked, newest day first (its own bookings only). */
  listForStation(station: string, fromDate: string, limit = 100): AppointmentView[] {
    return (this.core.db
      .prepare('SELECT * FROM appointments WHERE station = ? AND date >= ? ORDER BY date DESC, slot_start DESC LIMIT ?')
      .all(station, fromDate, limit) as AppointmentRow[]).map(toView);
  }

  /** Live bookings per slot of a queue on a date (for the slot list's remaining capacity). */
  takenPerSlot(queue: string, date: string): Map<string, number> {
    const rows = this.core.db
      .prepare("SELECT slot_start, COUNT(*) AS n FROM appointments WHERE queue = ? AND date = ? AND state IN ('booked','checked_in') GROUP BY slot_start")
      .all(queue, date) as { slot_start: string; n: number }[];
    return new Map(rows.map((r) => [r.slot_start, r.n]));
  }

  /**
   * Erases contact data once a booking's day has passed (DESIGN.md §6: kept only while needed). Returns
   * how many bookings lost their phone. Not an event: the phone was never in the event log either.
   */
  eraseContactsBefore(date: string): number {
    return this.core.db
      .prepare('UPDATE appointments SET phone_sealed = NULL, phone_hash = NULL, phone_masked = NULL WHERE date < ? AND (phone_sealed IS NOT NULL OR phone_hash IS NOT NULL OR phone_masked IS NOT NULL)')
      .run(date).changes;
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
        { item: row.item, source: 'appointment', kiosk, actor, ...(identity ? { identity } : {}), ...this.proxyOf(row.station) },
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
