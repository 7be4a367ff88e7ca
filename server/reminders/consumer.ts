import type { HallEvent } from '../../contract/events.ts';
import { PushSubscriptionJson, type ReminderRules } from '../../contract/remote.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { QueueEngine } from '../queue/engine.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { ReminderDeliveryRow, ReminderStore } from '../store/reminder-store.ts';
import type { SmsGateway } from '../sms/gateway.ts';
import type { ContactBox } from './contact-box.ts';
import { reminderPayload } from './messages.ts';
import { PushGoneError, PushRefusedError, type PushSender } from './push-sender.ts';

/** The outbox consumer name (its cursor in outbox_cursors). */
export const REMINDER_CONSUMER = 'reminders';
/** Attempts per reminder before it is given up (a reminder an hour late helps nobody). */
const MAX_ATTEMPTS = 5;

export interface ReminderConsumerOptions {
  store: ReminderStore;
  outbox: OutboxStore;
  engine: QueueEngine;
  box: ContactBox;
  /** null when the hall sends no Web Push. */
  push: PushSender | null;
  sms: SmsGateway;
  clock: Clock;
  log: Logger;
  /** The status page of a ticket (the notification opens it). */
  statusUrl(ticketId: string): string;
  /** Opens the phone a booking was sealed with (auth/contact-data.ts): a checked-in booking's ticket is reminded on it. */
  bookingPhones?: { open(sealed: string): string };
  /** How often (real time) due retries are looked for. */
  pollMs?: number;
}

/** Events after which the people ahead of some ticket may have changed. */
const MOVES_THE_LINE = (e: HallEvent) => e.waiting !== undefined && Object.keys(e.waiting).length > 0;

/**
 * Call reminders (还有 N 位, 请到 N 号窗口), an outbox consumer off the write path. It reads committed
 * events after its cursor and, in ONE transaction with moving that cursor, records what each ticket
 * with a contact is owed — at most one 'near' and one 'called' per channel (a unique row) — so a
 * restart neither loses an owed reminder nor owes it twice. Sending happens after, from those rows;
 * a row is marked sent once the push service or SMS gateway took it. The day's close erases contacts.
 */
export class ReminderConsumer {
  private timer: NodeJS.Timeout | undefined;
  private kick: NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly o: ReminderConsumerOptions) {}

  private rules(): ReminderRules {
    return this.o.engine.catalog.rules.reminders;
  }

  start(subscribe: (listener: () => void) => () => void): () => void {
    const unsubscribe = subscribe(() => this.wake());
    this.timer = setInterval(() => this.wake(), this.o.pollMs ?? 5000);
    this.timer.unref();
    this.wake();
    return () => {
      this.stopped = true;
      unsubscribe();
      clearInterval(this.timer);
      if (this.kick) clearImmediate(this.kick);
    };
  }

  /** Runs a pass soon; passes never overlap (one more follows if woken during one). */
  wake(): void {
    if (this.stopped || this.kick) return;
    this.kick = setImmediate(() => {
      this.kick = undefined;
      void this.pass();
    });
  }

  /** One pass: take in new events, then send what is due. Resolves when both are done (tests await it). */
  pass(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        try {
          this.takeIn();
          await this.deliverDue();
        } catch (error) {
          this.o.log.error({ err: error }, 'reminder pass failed');
        }
      } while (this.again && !this.stopped);
      this.running = undefined;
    })();
    return this.running;
  }

  /**
   * Reads the outbox after the cursor and records the reminders owed, with the cursor, in one transaction.
   * While no citizen has a contact nothing can be owed, so a quiet hall pays no write (no fsync) per call
   * for reminders; the first contact moves the cursor up first (`beforeFirstContact`).
   */
  private takeIn(): void {
    const { store, outbox, clock } = this.o;
    if (store.idle(this.o.engine.core.today())) return;
    for (;;) {
      const now = clock.now();
      const from = outbox.cursorOf(REMINDER_CONSUMER, () => outbox.lastSeq(), now);
      const entries = outbox.entriesAfter(from, 200);
      if (!entries.length) return;
      store.atomically(() => {
        for (const { event } of entries) this.owedBy(event, now);
        outbox.advance(REMINDER_CONSUMER, entries[entries.length - 1]!.seq, now);
      });
    }
  }

  private owedBy(e: HallEvent, now: Date): void {
    if (e.type === 'day.rolled_over' && typeof e.data.to === 'string') {
      const erased = this.o.store.eraseBefore(e.data.to);
      if (erased.contacts || erased.deliveries) this.o.log.info(erased, 'reminder contacts of closed days erased');
      return;
    }
    if (e.type === 'appointment.checked_in' && e.ticket && typeof e.data.appointmentId === 'string') this.fromBooking(e.ticket.id, e.day, e.data.appointmentId, now);
    if (e.type === 'ticket.called' && e.ticket) {
      this.owe(e.ticket.id, e.day, 'called', { number: e.ticket.number, window: e.ticket.window }, now);
    }
    if (MOVES_THE_LINE(e)) for (const queue of Object.keys(e.waiting!)) this.checkQueue(e.day, queue, now);
  }

  /** A booking made with a phone (预约): its ticket is reminded on that phone, sealed again for the ticket. */
  private fromBooking(ticketId: string, day: string, appointmentId: string, now: Date): void {
    const sealed = this.o.bookingPhones ? this.o.store.bookingPhone(appointmentId) : null;
    if (!sealed || this.o.store.contact(ticketId)?.phone) return;
    let phone: string;
    try {
      phone = this.o.bookingPhones!.open(sealed);
    } catch {
      return; // sealed under another key (a restored database): no reminder rather than a failed pass
    }
    const push = this.o.store.contact(ticketId)?.push ?? null;
    this.o.store.saveContact(ticketId, day, this.o.box.seal(phone, ticketId, 'phone'), push, now);
  }

  /** Each ticket of a queue with a contact that has come within the configured position is owed 'near' once. */
  private checkQueue(day: string, queue: string, now: Date): void {
    const near = this.rules().nearPosition;
    for (const c of this.o.store.contactsWaitingIn(day, queue)) {
      if (this.o.store.nearOwed(c.ticket_id)) continue;
      const ahead = this.o.engine.views.peopleAhead(c.ticket_id);
      if (ahead <= near) this.owe(c.ticket_id, day, 'near', { number: c.number, ahead }, now);
    }
  }

  /**
   * Call in the transaction that saves a contact: when none existed, the events before it owe nothing
   * (nobody had a contact), so the cursor moves past them instead of reading them later.
   */
  beforeFirstContact(): void {
    if (this.o.store.idle(this.o.engine.core.today())) this.o.outbox.advance(REMINDER_CONSUMER, this.o.outbox.lastSeq(), this.o.clock.now());
  }

  /** After a citizen switches reminders on: a ticket already close enough is owed 'near' at once. */
  checkTicket(ticketId: string): void {
    const t = this.o.engine.core.ticketRow(ticketId);
    this.o.store.atomically(() => this.checkQueue(t.day, t.queue, this.o.clock.now()));
    this.wake();
  }

  private owe(ticketId: string, day: string, kind: 'near' | 'called', params: Record<string, unknown>, now: Date): void {
    const contact = this.o.store.contact(ticketId);
    if (!contact) return;
    const rules = this.rules();
    if (contact.push !== null && rules.push && this.o.push) this.o.store.owe(ticketId, day, kind, 'push', params, now);
    if (contact.phone !== null && rules.sms) this.o.store.owe(ticketId, day, kind, 'sms', params, now);
  }

  private async deliverDue(): Promise<void> {
    for (;;) {
      const due = this.o.store.dueDeliveries(this.o.clock.now());
      if (!due.length || this.stopped) return;
      for (const d of due) await this.deliver(d);
    }
  }

  private async deliver(d: ReminderDeliveryRow): Promise<void> {
    const { store, box, clock } = this.o;
    const params = JSON.parse(d.params) as { number: string; window?: number | null; ahead?: number };
    // A 'near' that comes after the ticket was called (or left) would only confuse.
    if (d.kind === 'near') {
      const state = this.o.engine.core.ticketRow(d.ticket_id).state;
      if (state !== 'waiting' && state !== 'remote') return store.end(d.id, 'dropped', 'ticket no longer waiting', false);
    }
    const contact = store.contact(d.ticket_id);
    const sealed = d.channel === 'push' ? contact?.push : contact?.phone;
    const plain = sealed ? box.open(sealed, d.ticket_id, d.channel === 'push' ? 'push' : 'phone') : null;
    if (plain === null) return store.end(d.id, 'dropped', 'no contact', false);
    const hall = this.o.engine.catalog.hall.name;
    try {
      if (d.channel === 'push') {
        if (!this.o.push) return store.end(d.id, 'dropped', 'push off', false);
        const subscription = PushSubscriptionJson.parse(JSON.parse(plain));
        const payload = reminderPayload({ kind: d.kind, hall, number: params.number, ahead: params.ahead ?? null, window: params.window ?? null, url: this.o.statusUrl(d.ticket_id), ticketId: d.ticket_id });
        await this.o.push.send(subscription, payload, `${d.kind[0]}${d.ticket_id.replace(/-/g, '').slice(0, 30)}`);
      } else {
        await this.o.sms.send(
          d.kind === 'called'
            ? { phone: plain, template: 'queue-called', params: { hall, number: params.number, window: String(params.window ?? '') } }
            : { phone: plain, template: 'queue-near', params: { hall, number: params.number, ahead: String(params.ahead ?? '') } },
        );
      }
      store.sent(d.id, clock.now());
    } catch (error) {
      if (error instanceof PushGoneError) {
        // The browser let the subscription go: forget it, keep the phone.
        store.atomically(() => {
          store.saveContact(d.ticket_id, d.day, contact?.phone ?? null, null, clock.now());
          store.end(d.id, 'dropped', `push subscription gone (${error.status})`, true);
        });
        return;
      }
      const reason = error instanceof PushRefusedError ? `${error.name} ${error.status ?? 'unreachable'}` : error instanceof Error ? error.name : 'error';
      if (d.attempts + 1 >= MAX_ATTEMPTS) store.end(d.id, 'failed', reason, true);
      else store.retryAt(d.id, new Date(clock.now().getTime() + 2 ** d.attempts * 5000), reason);
      this.o.log.warn({ delivery: d.id, channel: d.channel, kind: d.kind, attempt: d.attempts + 1, reason }, 'reminder not delivered, will retry');
    }
  }
}
