import type { Db } from './db.ts';

/** A ticket's reminder contacts as stored: both values sealed (server/reminders/contact-box.ts). */
export interface ContactRow {
  ticket_id: string;
  day: string;
  phone: string | null;
  push: string | null;
}

export interface ReminderDeliveryRow {
  id: number;
  ticket_id: string;
  day: string;
  kind: 'near' | 'called';
  channel: 'push' | 'sms';
  params: string;
  state: 'pending' | 'sent' | 'failed' | 'dropped';
  attempts: number;
  next_at: string;
}

/** A contact's ticket as the reminder consumer needs it (migration 011). */
export interface ContactTicketRow {
  ticket_id: string;
  state: string;
  queue: string;
  number: string;
}

/** The reminder consumer's tables: contacts (sealed), deliveries owed, and the day's erasure. */
export class ReminderStore {
  private readonly getContact;
  private readonly upsertContact;
  private readonly deleteContact;
  private readonly contactsInQueue;
  private readonly hasNear;
  private readonly insertDelivery;
  private readonly due;
  private readonly markSent;
  private readonly markRetry;
  private readonly markEnd;
  private readonly eraseContacts;
  private readonly eraseDeliveries;
  private readonly countSent;
  private readonly anything;
  private readonly bookedPhone;

  constructor(readonly db: Db) {
    this.getContact = db.prepare('SELECT ticket_id, day, phone, push FROM reminder_contacts WHERE ticket_id = ?');
    this.upsertContact = db.prepare(`INSERT INTO reminder_contacts (ticket_id, day, phone, push, created_at, updated_at) VALUES (@ticket_id, @day, @phone, @push, @at, @at)
      ON CONFLICT(ticket_id) DO UPDATE SET phone = excluded.phone, push = excluded.push, updated_at = excluded.updated_at`);
    this.deleteContact = db.prepare('DELETE FROM reminder_contacts WHERE ticket_id = ?');
    this.contactsInQueue = db.prepare(`SELECT c.ticket_id, t.state, t.queue, t.number FROM reminder_contacts c JOIN tickets t ON t.id = c.ticket_id
      WHERE c.day = ? AND t.queue = ? AND t.state IN ('waiting','remote')`);
    this.hasNear = db.prepare("SELECT 1 FROM reminder_deliveries WHERE ticket_id = ? AND kind = 'near' LIMIT 1");
    this.insertDelivery = db.prepare(`INSERT INTO reminder_deliveries (ticket_id, day, kind, channel, params, next_at, created_at)
      VALUES (@ticket_id, @day, @kind, @channel, @params, @at, @at) ON CONFLICT(ticket_id, kind, channel) DO NOTHING`);
    this.due = db.prepare("SELECT id, ticket_id, day, kind, channel, params, state, attempts, next_at FROM reminder_deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY id LIMIT ?");
    this.markSent = db.prepare("UPDATE reminder_deliveries SET state = 'sent', attempts = attempts + 1, sent_at = ?, last_error = NULL WHERE id = ?");
    this.markRetry = db.prepare('UPDATE reminder_deliveries SET attempts = attempts + 1, next_at = ?, last_error = ? WHERE id = ?');
    this.markEnd = db.prepare('UPDATE reminder_deliveries SET state = ?, attempts = attempts + ?, last_error = ? WHERE id = ?');
    this.eraseContacts = db.prepare('DELETE FROM reminder_contacts WHERE day < ?');
    this.eraseDeliveries = db.prepare('DELETE FROM reminder_deliveries WHERE day < ?');
    this.anything = db.prepare(`SELECT EXISTS (SELECT 1 FROM reminder_contacts) OR EXISTS (SELECT 1 FROM reminder_deliveries)
      OR EXISTS (SELECT 1 FROM appointments WHERE date = ? AND state IN ('booked','checked_in') AND phone_sealed IS NOT NULL) AS n`);
    this.bookedPhone = db.prepare('SELECT phone_sealed FROM appointments WHERE id = ?');
    this.countSent = db.prepare("SELECT kind, channel, COUNT(*) AS n FROM reminder_deliveries WHERE ticket_id = ? AND state = 'sent' GROUP BY kind, channel");
  }

  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  contact(ticketId: string): ContactRow | undefined {
    return this.getContact.get(ticketId) as ContactRow | undefined;
  }

  /** Both values null removes the row: nothing is kept for a ticket without reminders. */
  saveContact(ticketId: string, day: string, phone: string | null, push: string | null, at: Date): void {
    if (phone === null && push === null) this.deleteContact.run(ticketId);
    else this.upsertContact.run({ ticket_id: ticketId, day, phone, push, at: at.toISOString() });
  }

  /** Tickets of a queue with a contact, still waiting or 未到场. */
  contactsWaitingIn(day: string, queue: string): ContactTicketRow[] {
    return this.contactsInQueue.all(day, queue) as ContactTicketRow[];
  }

  nearOwed(ticketId: string): boolean {
    return this.hasNear.get(ticketId) !== undefined;
  }

  /** Owes a reminder once: a second insert for the same ticket, kind and channel is ignored. */
  owe(ticketId: string, day: string, kind: 'near' | 'called', channel: 'push' | 'sms', params: Record<string, unknown>, at: Date): void {
    this.insertDelivery.run({ ticket_id: ticketId, day, kind, channel, params: JSON.stringify(params), at: at.toISOString() });
  }

  dueDeliveries(at: Date, limit = 50): ReminderDeliveryRow[] {
    return this.due.all(at.toISOString(), limit) as ReminderDeliveryRow[];
  }

  sent(id: number, at: Date): void {
    this.markSent.run(at.toISOString(), id);
  }

  retryAt(id: number, next: Date, error: string): void {
    this.markRetry.run(next.toISOString(), error, id);
  }

  /** 'failed' after the last attempt, 'dropped' when there is nobody to send to any more. */
  end(id: number, state: 'failed' | 'dropped', error: string, attempted: boolean): void {
    this.markEnd.run(state, attempted ? 1 : 0, error, id);
  }

  /** The day closed: every contact and delivery of earlier days goes. */
  eraseBefore(day: string): { contacts: number; deliveries: number } {
    return this.atomically(() => ({ contacts: this.eraseContacts.run(day).changes, deliveries: this.eraseDeliveries.run(day).changes }));
  }

  /**
   * No contact, no delivery and no booking of the day with a phone: nothing can be owed, so the consumer
   * need not read or write.
   */
  idle(day: string): boolean {
    return (this.anything.get(day) as { n: number }).n === 0;
  }

  /** The phone a booking was made with, as the booking sealed it (auth/contact-data.ts), or null. */
  bookingPhone(appointmentId: string): string | null {
    return (this.bookedPhone.get(appointmentId) as { phone_sealed: string | null } | undefined)?.phone_sealed ?? null;
  }

  sentFor(ticketId: string): { kind: string; channel: string; n: number }[] {
    return this.countSent.all(ticketId) as { kind: string; channel: string; n: number }[];
  }
}
