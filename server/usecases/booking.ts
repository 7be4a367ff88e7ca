import type { BookBody, BookingCodeSent, BookingDays, BookingLookupBody, BookingSlots, BookingView, StationBookBody } from '../../contract/booking.ts';
import type { BookAppointmentBody } from '../../contract/api.ts';
import type { ContactProtector } from '../auth/contact-data.ts';
import { DomainError } from '../common/errors.ts';
import { localToInstant } from '../common/hall-time.ts';
import type { HallContext } from '../context.ts';
import type { AppointmentView } from '../queue/appointments.ts';
import { slotGrid, type GridSlot } from '../queue/booking-grid.ts';
import { QueueError } from '../queue/errors.ts';
import { periodsOn } from '../queue/hours.ts';
import { maskPhone, SmsUnavailableError } from '../sms/gateway.ts';
import { audited } from './audited.ts';
import { BookingCodes } from './booking-codes.ts';
import { BookingRateLimits, DEFAULT_BOOKING_LIMITS, type BookingLimits } from './booking-limits.ts';
import { actorOf, type Caller } from './caller.ts';

export const bookingRefusal = {
  dateOutOfRange: (days: number) => new DomainError('invalid', 'BOOKING_DATE_OUT_OF_RANGE', `只能预约今天起 ${days} 天内的办公日，请重新选择日期。`, { days }),
  notFound: () => new DomainError('not_found', 'BOOKING_NOT_FOUND', '没有找到该预约，请核对预约码和预约时填写的手机号。'),
  notCancellable: (state: string) =>
    new DomainError('conflict', 'BOOKING_NOT_CANCELLABLE', state === 'checked_in' ? '该预约已签到取号，不能取消；如不再办理，请告知窗口工作人员。' : '该预约已取消或已过期，无需再取消。'),
  smsUnavailable: () => new DomainError('unavailable', 'SMS_UNAVAILABLE', '短信验证码暂时无法发送，请稍后再试，或到大厅现场取号办理。'),
};

interface Day {
  date: string;
  weekday: number;
  makeupDay: boolean;
}

const addDays = (date: string, n: number) => {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};
const isoWeekday = (date: string) => {
  const d = new Date(`${date}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
};

/**
 * Booking for citizens (/book) and stations: the hall's bookable days and slots, SMS verification,
 * the booking itself, look-up and cancellation by code + phone, and the erasure of phone numbers after
 * a booking's day. Every write goes through the engine (Appointments) with its audit entry.
 */
export class BookingService {
  readonly limits: BookingLimits;
  private readonly rates: BookingRateLimits;
  private readonly codes: BookingCodes;
  private eraseTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ctx: HallContext,
    private readonly contacts: ContactProtector,
    limits: Partial<BookingLimits> = {},
  ) {
    this.limits = { ...DEFAULT_BOOKING_LIMITS, ...limits };
    this.rates = new BookingRateLimits(this.limits);
    this.codes = new BookingCodes(ctx.clock, this.limits.codeTtlSeconds, this.limits.codeMaxTries);
  }

  /** Erases past bookings' phones now and then hourly (the hall may run for weeks without a restart). */
  start(): void {
    this.eraseContacts();
    this.eraseTimer = setInterval(() => this.eraseContacts(), 3600_000);
    this.eraseTimer.unref();
  }

  stop(): void {
    if (this.eraseTimer) clearInterval(this.eraseTimer);
  }

  /** Phones of bookings whose day has passed are erased; returns how many. */
  eraseContacts(): number {
    const today = this.ctx.engine.core.today();
    this.erasedFor = today;
    return this.ctx.engine.appointments.eraseContactsBefore(today);
  }

  private erasedFor: string | undefined;

  /** Every booking request first erases what a new business day made stale (the timer may lag a day change). */
  private eraseIfNewDay(): void {
    if (this.erasedFor !== this.ctx.engine.core.today()) this.eraseContacts();
  }

  private itemAndQueue(itemCode: string) {
    const c = this.ctx.engine.catalog;
    const item = c.items.get(itemCode);
    if (!item || item.retired) throw new QueueError('UNKNOWN_ITEM');
    const queue = c.queues.get(item.queue);
    if (!queue || !queue.active) throw new QueueError('QUEUE_CLOSED');
    return { item, queue };
  }

  /** The dates from today within the bookable window (holidays and 调休 judged per date by periodsOn). */
  private window(): Day[] {
    const today = this.ctx.engine.core.today();
    const makeup = this.ctx.engine.catalog.hall.hours.makeupDays;
    return Array.from({ length: this.limits.bookableDays }, (_, i) => {
      const date = addDays(today, i);
      return { date, weekday: isoWeekday(date), makeupDay: makeup.includes(date) };
    });
  }

  private gridOn(itemCode: string, date: string): { grid: GridSlot[]; queueCode: string; cap: number } {
    const { queue } = this.itemAndQueue(itemCode);
    const c = this.ctx.engine.catalog;
    const { regular } = periodsOn(date, isoWeekday(date), c.hall.hours, queue);
    const now = this.ctx.clock.now().getTime();
    const tz = c.hall.timezone;
    const grid = slotGrid(regular, queue.appointmentSlotMinutes).filter((s) => localToInstant(date, s.start, tz).getTime() >= now);
    return { grid, queueCode: queue.code, cap: queue.appointmentSlotCap };
  }

  slots(itemCode: string, date: string): BookingSlots {
    this.eraseIfNewDay();
    if (!this.window().some((d) => d.date === date)) throw bookingRefusal.dateOutOfRange(this.limits.bookableDays);
    const { grid, queueCode, cap } = this.gridOn(itemCode, date);
    const taken = this.ctx.engine.appointments.takenPerSlot(queueCode, date);
    return { item: itemCode, date, slots: grid.map((s) => ({ start: s.start, end: s.end, capacity: cap, remaining: Math.max(0, cap - (taken.get(s.start) ?? 0)) })) };
  }

  days(itemCode: string): BookingDays {
    const { queue } = this.itemAndQueue(itemCode);
    const days = this.window().flatMap((d) => {
      const s = this.slots(itemCode, d.date).slots;
      return s.length ? [{ ...d, remaining: s.reduce((n, x) => n + x.remaining, 0) }] : [];
    });
    return { item: itemCode, slotMinutes: queue.appointmentSlotMinutes, days };
  }

  async sendCode(phone: string, address: string): Promise<BookingCodeSent> {
    const phoneHash = this.contacts.hash(phone);
    await this.rates.code(address, phoneHash);
    const code = this.codes.issue(phoneHash);
    try {
      await this.ctx.sms.gateway.send({ phone, template: 'booking-code', params: { hall: this.ctx.engine.catalog.hall.name, code, minutes: String(Math.round(this.limits.codeTtlSeconds / 60)) } });
    } catch (error) {
      this.codes.consume(phoneHash);
      if (error instanceof SmsUnavailableError) throw bookingRefusal.smsUnavailable();
      throw error;
    }
    return { sent: true, expiresInSeconds: this.limits.codeTtlSeconds, resendAfterSeconds: this.limits.codeResendSeconds, demo: this.ctx.sms.gateway.kind === 'fake' };
  }

  /**
   * Another flow identified like a booking (远程取号): the SMS code sent to `phone` is checked, `then`
   * runs, and the code is used up only once `then` succeeded (a refusal leaves it for a retry).
   */
  async withVerifiedPhone<T>(phone: string, smsCode: string, then: () => T | Promise<T>): Promise<T> {
    const phoneHash = this.contacts.hash(phone);
    this.codes.verify(phoneHash, smsCode);
    const result = await then();
    this.codes.consume(phoneHash);
    return result;
  }

  /** /book: the citizen's booking, verified by the SMS code sent to the phone it names. */
  async book(body: BookBody, caller: Caller): Promise<BookingView> {
    await this.rates.booking(caller.place ?? 'unknown');
    const phoneHash = this.contacts.hash(body.phone);
    this.codes.verify(phoneHash, body.smsCode);
    const a = this.bookInEngine(body, caller, body.phone, undefined);
    this.codes.consume(phoneHash);
    this.confirm(a, body.phone);
    return this.view(a);
  }

  /** POST /api/appointments (the API route kept for integrations): the same grid and limits, no SMS code. */
  async bookByApi(body: BookAppointmentBody, caller: Caller): Promise<AppointmentView> {
    await this.rates.booking(caller.place ?? 'unknown');
    return this.bookInEngine(body, caller, body.phone, undefined);
  }

  /** A signed-in station books for a citizen (代办); the citizen's phone, when given, gets the confirmation. */
  bookForStation(station: { code: string }, body: StationBookBody, caller: Caller): BookingView {
    const a = this.bookInEngine(body, caller, body.phone, station.code);
    if (body.phone) this.confirm(a, body.phone);
    return this.view(a);
  }

  private bookInEngine(
    body: { item: string; date: string; slotStart: string; idNumber: string; name: string },
    caller: Caller,
    phone: string | undefined,
    station: string | undefined,
  ): AppointmentView {
    if (!this.window().some((d) => d.date === body.date)) throw bookingRefusal.dateOutOfRange(this.limits.bookableDays);
    const identity = this.ctx.identity.protect(body.idNumber, body.name, this.ctx.clock.now());
    return audited(this.ctx, caller, { action: station ? 'appointment.book-for' : 'appointment.book', target: (a: AppointmentView) => a.code, detail: station ? { station } : null }, () =>
      this.ctx.engine.appointments.book({
        item: body.item,
        date: body.date,
        slotStart: body.slotStart,
        identity,
        actor: actorOf(caller.principal),
        perIdOpenMax: this.limits.perIdOpen,
        perPhoneMax: this.limits.perPhoneOpen,
        ...(phone ? { phoneMasked: maskPhone(phone), phone: { hash: this.contacts.hash(phone), sealed: this.contacts.seal(phone) } } : {}),
        ...(station ? { station } : {}),
      }),
    );
  }

  /** The confirmation SMS; a gateway failure does not undo the booking (the page showed the code). */
  private confirm(a: AppointmentView, phone: string): void {
    const c = this.ctx.engine.catalog;
    void this.ctx.sms.gateway
      .send({ phone, template: 'booking-confirmed', params: { hall: c.hall.name, date: a.date, slot: `${a.slotStart}-${a.slotEnd}`, item: c.items.get(a.item)?.name ?? a.item, code: a.code } })
      .catch(() => undefined); // the HTTP gateway has logged the failure (without the phone)
  }

  async lookup(body: BookingLookupBody, address: string): Promise<BookingView> {
    await this.rates.lookup(address);
    this.eraseIfNewDay();
    const a = this.ctx.engine.appointments.findByCodeAndPhone(body.code, this.contacts.hash(body.phone));
    if (!a) throw bookingRefusal.notFound();
    return this.view(a);
  }

  async cancel(body: BookingLookupBody, caller: Caller): Promise<BookingView> {
    await this.rates.lookup(caller.place ?? 'unknown');
    const a = this.ctx.engine.appointments.findByCodeAndPhone(body.code, this.contacts.hash(body.phone));
    if (!a) throw bookingRefusal.notFound();
    if (a.state !== 'booked') throw bookingRefusal.notCancellable(a.state);
    const cancelled = audited(this.ctx, caller, { action: 'appointment.cancel', target: a.code }, () => this.ctx.engine.appointments.cancel(a.id, actorOf(caller.principal)));
    const c = this.ctx.engine.catalog;
    void this.ctx.sms.gateway.send({ phone: body.phone, template: 'booking-cancelled', params: { hall: c.hall.name, date: a.date, slot: `${a.slotStart}-${a.slotEnd}`, code: a.code } }).catch(() => undefined);
    return this.view(cancelled);
  }

  /** A station cancels one of its own bookings. */
  cancelForStation(station: { code: string }, code: string, date: string, caller: Caller): BookingView {
    const a = this.ctx.engine.appointments.listForStation(station.code, date, 500).find((x) => x.code === code && x.date === date);
    if (!a) throw bookingRefusal.notFound();
    if (a.state !== 'booked') throw bookingRefusal.notCancellable(a.state);
    return this.view(audited(this.ctx, caller, { action: 'appointment.cancel', target: a.code, detail: { station: station.code } }, () => this.ctx.engine.appointments.cancel(a.id, actorOf(caller.principal))));
  }

  stationBookings(station: string): BookingView[] {
    return this.ctx.engine.appointments.listForStation(station, addDays(this.ctx.engine.core.today(), -7)).map((a) => this.view(a));
  }

  /** Station names by code, for views (set by the station accounts). */
  stationName: (code: string) => string | null = () => null;

  view(a: AppointmentView): BookingView {
    const c = this.ctx.engine.catalog;
    const item = c.items.get(a.item);
    const queue = c.queues.get(a.queue);
    let ticketNumber: string | null = null;
    if (a.ticketId) {
      try {
        ticketNumber = this.ctx.engine.core.ticket(a.ticketId).number;
      } catch {
        ticketNumber = null;
      }
    }
    return {
      code: a.code,
      item: a.item,
      itemName: item?.name ?? a.item,
      queueName: queue?.name ?? a.queue,
      date: a.date,
      slotStart: a.slotStart,
      slotEnd: a.slotEnd,
      state: a.state,
      nameMasked: a.nameMasked,
      idMasked: a.idMasked,
      phoneMasked: this.ctx.engine.appointments.maskedPhone(a.id),
      stationName: a.station ? (this.stationName(a.station) ?? a.station) : null,
      ticketNumber,
    };
  }
}

