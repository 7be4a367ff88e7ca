import { computed, signal, type Signal } from '@preact/signals';
import { BookingCodeSent, BookingDays, BookingSlots, BookingView, type BookingSlot } from '../contract/booking.ts';
import { HallCatalogue } from '../contract/responses.ts';
import { api, ApiFailure } from '../ui-kit/api.ts';
import { checkIdNumber } from '../ui-kit/id-number.ts';
import { t, type BookKey } from './i18n/index.ts';

export type Tab = 'book' | 'lookup' | 'station';
export type Step = 'department' | 'item' | 'date' | 'slot' | 'identify' | 'done';
type Catalogue = Awaited<ReturnType<typeof loadHall>>;

const loadHall = () => api('/api/hall', HallCatalogue);

/** The message to show for a failure: the server's (Chinese, actionable) or the network's. */
export function failureText(error: unknown): string {
  if (error instanceof ApiFailure) return error.code === 'NETWORK' ? t('error.network') : error.message;
  return String(error);
}

/** One request of a screen: busy while it runs, its refusal worded for the citizen, the last error cleared first. */
export async function runBusy(state: { busy: Signal<boolean>; error: Signal<string | undefined> }, fn: () => Promise<void>): Promise<void> {
  state.busy.value = true;
  state.error.value = undefined;
  try {
    await fn();
  } catch (e) {
    state.error.value = failureText(e);
  } finally {
    state.busy.value = false;
  }
}

/** Name, ID number (GB 11643, checked here as the server will), phone and code: what is wrong with each. */
export function formProblems(f: { name: string; idNumber: string; phone: string; code?: string }): Partial<Record<'name' | 'idNumber' | 'phone' | 'code', string>> {
  const p: Partial<Record<'name' | 'idNumber' | 'phone' | 'code', string>> = {};
  if (!f.name.trim()) p.name = t('name.bad');
  const id = checkIdNumber(f.idNumber.trim());
  if (!id.ok) p.idNumber = t(`id.bad.${id.problem}` as BookKey);
  if (f.phone !== '' || f.code !== undefined) if (!/^1[3-9]\d{9}$/.test(f.phone.trim())) p.phone = t('phone.bad');
  if (f.code !== undefined && !/^\d{6}$/.test(f.code.trim())) p.code = t('code.bad');
  return p;
}

/** The booking page's state: one instance per page load. Steps are kept in history so Back works. */
export class BookModel {
  readonly tab = signal<Tab>('book');
  readonly step = signal<Step>('department');
  readonly hall = signal<Catalogue | undefined>(undefined);
  readonly department = signal<string | undefined>(undefined);
  readonly item = signal<string | undefined>(undefined);
  readonly days = signal<BookingDays | undefined>(undefined);
  readonly date = signal<string | undefined>(undefined);
  readonly slots = signal<BookingSlot[] | undefined>(undefined);
  readonly slot = signal<BookingSlot | undefined>(undefined);
  readonly form = signal({ name: '', idNumber: '', phone: '', code: '' });
  readonly touched = signal(false);
  readonly codeSent = signal<(BookingCodeSent & { phone: string }) | undefined>(undefined);
  readonly resendIn = signal(0);
  readonly busy = signal(false);
  readonly error = signal<string | undefined>(undefined);
  readonly booked = signal<BookingView | undefined>(undefined);
  /** Milliseconds of each step as the citizen met them (page load, slot list, submit): read by the e2e test. */
  readonly timings: Record<string, number> = {};
  private timer: ReturnType<typeof setInterval> | undefined;

  readonly itemView = computed(() => this.hall.value?.items.find((i) => i.code === this.item.value));
  readonly problems = computed(() => formProblems(this.form.value));

  async load(): Promise<void> {
    const started = performance.now();
    try {
      this.hall.value = await loadHall();
      this.timings.hall = Math.round(performance.now() - started);
    } catch (e) {
      this.error.value = failureText(e);
    }
  }

  go(step: Step): void {
    this.error.value = undefined;
    this.step.value = step;
    history.pushState({ step }, '');
    // Each step starts at its top: a phone keeps the scroll of the long list before it otherwise.
    window.scrollTo(0, 0);
  }

  back(): void {
    history.back();
  }

  /** popstate: the browser's Back button walks the steps. */
  restore(step: Step | undefined): void {
    this.error.value = undefined;
    this.step.value = step ?? 'department';
    window.scrollTo(0, 0);
  }

  chooseDepartment(code: string): void {
    this.department.value = code;
    this.go('item');
  }

  async chooseItem(code: string): Promise<void> {
    this.item.value = code;
    this.days.value = undefined;
    this.go('date');
    await this.run(async () => {
      this.days.value = await api(`/api/booking/days?item=${encodeURIComponent(code)}`, BookingDays);
    });
  }

  async chooseDate(date: string): Promise<void> {
    this.date.value = date;
    this.slots.value = undefined;
    this.go('slot');
    const started = performance.now();
    await this.run(async () => {
      const r = await api(`/api/booking/slots?item=${encodeURIComponent(this.item.value!)}&date=${date}`, BookingSlots);
      this.slots.value = r.slots;
      this.timings.slots = Math.round(performance.now() - started);
    });
  }

  /** Set by main.tsx: a signed-in station books for a citizen from its own section (no SMS code). */
  stationSignedIn: () => boolean = () => false;

  chooseSlot(slot: BookingSlot): void {
    this.slot.value = slot;
    if (this.stationSignedIn()) this.tab.value = 'station';
    else this.go('identify');
  }

  set(field: 'name' | 'idNumber' | 'phone' | 'code', value: string): void {
    this.form.value = { ...this.form.value, [field]: value };
  }

  async sendCode(): Promise<void> {
    const phone = this.form.value.phone.trim();
    if (!/^1[3-9]\d{9}$/.test(phone)) {
      this.touched.value = true;
      return;
    }
    await this.run(async () => {
      const sent = await api('/api/booking/code', BookingCodeSent, { method: 'POST', body: { phone } });
      this.codeSent.value = { ...sent, phone };
      this.countdown(sent.resendAfterSeconds);
    });
  }

  private countdown(seconds: number): void {
    this.resendIn.value = seconds;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.resendIn.value = Math.max(0, this.resendIn.value - 1);
      if (this.resendIn.value === 0) clearInterval(this.timer);
    }, 1000);
  }

  async submit(): Promise<void> {
    this.touched.value = true;
    if (Object.keys(this.problems.value).length) return;
    const f = this.form.value;
    const started = performance.now();
    await this.run(async () => {
      this.booked.value = await api('/api/booking', BookingView, {
        method: 'POST',
        body: { item: this.item.value, date: this.date.value, slotStart: this.slot.value!.start, name: f.name.trim(), idNumber: f.idNumber.trim().toUpperCase(), phone: f.phone.trim(), smsCode: f.code.trim() },
      });
      this.timings.submit = Math.round(performance.now() - started);
      this.form.value = { name: '', idNumber: '', phone: f.phone, code: '' };
      this.touched.value = false;
      this.go('done');
    });
  }

  /** Starts over for another booking (the phone is kept: the same citizen, most likely). */
  again(): void {
    this.item.value = undefined;
    this.slot.value = undefined;
    this.booked.value = undefined;
    this.codeSent.value = undefined;
    this.go('department');
  }

  run(fn: () => Promise<void>): Promise<void> {
    return runBusy(this, fn);
  }
}
