import { batch, signal } from '@preact/signals';
import type { KioskAccess, KioskScanRefused } from '../contract/kiosk-access.ts';
import type { KioskPrinterState } from '../contract/kiosk-printer.ts';
import type { QueueStatusView } from '../contract/snapshot.ts';
import type { KioskIdentity } from '../contract/socket.ts';
import { ApiFailure } from '../ui-kit/api.ts';
import { checkIdNumber, type IdCheck } from '../ui-kit/id-number.ts';
import type { HallData, ItemInfo, QueueInfo, Receipt } from './hall-data.ts';
import { hoursText } from './hall-data.ts';
import type { CheckInBody, KioskClient } from './kiosk-client.ts';

export type Screen =
  | { name: 'home' }
  | { name: 'departments' }
  | { name: 'items'; department: string }
  | { name: 'search' }
  | { name: 'card'; item: string }
  /** No card: the 18-character number on an on-screen keypad, then the name (see screens/typed-id.tsx). */
  | { name: 'typedId'; item: string }
  | { name: 'typedName'; item: string }
  | { name: 'confirm'; item: string }
  /** printerOffline: the kiosk's printer is unreachable (its device agent is not connected). */
  | { name: 'done'; receipt: Receipt; kind: 'issue' | 'appointment' | 'reprint'; printerOffline?: boolean }
  | { name: 'refusal'; refusal: Refusal }
  | { name: 'checkin' }
  | { name: 'guide' }
  | { name: 'guideItems'; department: string }
  | { name: 'guideItem'; item: string }
  | { name: 'complaint' };

export type ScreenName = Screen['name'];

/** Seconds between printer checks while the home screen shows. */
const PRINTER_EVERY = 10;

/** A refusal as the citizen sees it: a code with its parameters, the server's own text as fallback. */
export interface Refusal {
  code: string;
  params: Record<string, string | number>;
  message: string;
  /** The item the citizen was taking a ticket for, to try again after a new card read. */
  item?: string;
  /** A live ticket of the same ID that may be reprinted (补打). */
  reprintTicket?: string;
}

/** What the kiosk knows of its printer: `unknown` until the server first answers. */
export type PrinterState = KioskPrinterState['state'] | 'unknown';

/** 帮办 pressed: calling, the server took it (工作人员马上就到), or it could not be sent. */
export type HelpState = 'idle' | 'calling' | 'called' | 'failed';

/** An ID number and name typed at this kiosk, held only until the ticket is taken or the citizen leaves. */
export interface TypedIdentity {
  idNumber: string;
  name: string;
}

/** Where the hall's rules send a citizen the kiosk cannot serve, when GET /api/hall does not say. */
export const DEFAULT_ACCESS: KioskAccess = { typedId: true, eidScan: true, helpPlace: '咨询台', helpWindow: null };

export interface KioskOptions {
  client: KioskClient;
  /** Seconds the done screen stays before going home by itself (default 20). */
  doneIdleSeconds?: number;
  /** Seconds any other screen stays untouched before going home (default 90). */
  idleSeconds?: number;
  /** Seconds between retries while the server is unreachable (default 3). */
  retrySeconds?: number;
}

/**
 * The kiosk's state and everything a citizen can do, free of any DOM: screens render from these
 * signals and call these methods, so each step is testable without a browser or a server.
 */
export class Kiosk {
  readonly screen = signal<Screen>({ name: 'home' });
  readonly hall = signal<HallData | null>(null);
  readonly queueStatus = signal<QueueStatusView[]>([]);
  /** The card read at this kiosk for the current citizen; dropped on every return home. */
  readonly identity = signal<KioskIdentity | null>(null);
  readonly busy = signal(false);
  /** The server did not answer an HTTP call; retried by itself. */
  readonly unreachable = signal(false);
  /** The live socket dropped after having been connected. */
  readonly linkDown = signal(false);
  readonly elder = signal(false);
  readonly page = signal(0);
  readonly idleLeft = signal(0);
  readonly code = signal('');
  readonly query = signal('');
  readonly notice = signal<'reprinted' | 'guidePrinted' | 'guidePrintFailed' | null>(null);
  /** Difference between the hall server's clock and this machine's, so the kiosk shows hall time. */
  readonly clockOffset = signal(0);
  readonly printer = signal<PrinterState>('unknown');
  readonly help = signal<HelpState>('idle');
  /** A QR scanned at this kiosk that cannot serve as identity ('kiosk:scan-refused'). */
  readonly scanRefused = signal<KioskScanRefused | null>(null);
  /** The keypad's ID number and the name being typed (no card), and why the number was refused. */
  readonly idDraft = signal('');
  readonly nameDraft = signal('');
  readonly idProblem = signal<Exclude<IdCheck, { ok: true }>['problem'] | null>(null);
  /** The typed identity once checked; sent with the ticket instead of a card read. */
  readonly typed = signal<TypedIdentity | null>(null);

  private readonly client: KioskClient;
  private readonly doneIdle: number;
  private readonly idle: number;
  private readonly retryEvery: number;
  private retryIn = 0;
  private printerIn = 0;
  /** Printer answers by ticket: one may arrive before the HTTP answer that names the ticket. */
  private readonly printed = new Map<string, { printed: boolean; offline: boolean }>();

  constructor(options: KioskOptions) {
    this.client = options.client;
    this.doneIdle = options.doneIdleSeconds ?? 20;
    this.idle = options.idleSeconds ?? 90;
    this.retryEvery = options.retrySeconds ?? 3;
  }

  // ── reading ───────────────────────────────────────────────────────────────────────────────

  item(code: string): ItemInfo | undefined {
    return this.hall.value?.items.find((i) => i.code === code);
  }

  queue(code: string): QueueInfo | undefined {
    return this.hall.value?.queues.find((q) => q.code === code);
  }

  status(queue: string): QueueStatusView | undefined {
    return this.queueStatus.value.find((q) => q.code === queue);
  }

  /**
   * The items of a department, those of a closed queue included: they are shown marked 暂停取号
   * (GET /api/hall lists open queues only; a closed queue's items would otherwise vanish, and with
   * them a department whose only queue is closed).
   */
  itemsOf(department: string): ItemInfo[] {
    return (this.hall.value?.items ?? []).filter((i) => i.department === department);
  }

  /** The queue takes no numbers today: switched off by the hall (not in the catalogue, or inactive). */
  queueClosed(code: string): boolean {
    return !this.queue(code) || this.status(code)?.active === false;
  }

  /** Today's numbers are all given (the queue's daily cap, counted as the engine counts it). */
  queueFull(code: string): boolean {
    const cap = this.queue(code)?.dailyCap;
    const issued = this.status(code)?.issuedToday;
    return typeof cap === 'number' && issued !== undefined && issued >= cap;
  }

  /** Where the hall's rules send someone the kiosk cannot serve, and what it offers without a card. */
  get access(): KioskAccess {
    return (this.hall.value as { kioskAccess?: KioskAccess } | null)?.kioskAccess ?? DEFAULT_ACCESS;
  }

  /** The printer cannot print a ticket now: the home screen says so before anyone takes a number. */
  get printerDown(): boolean {
    const p = this.printer.value;
    return p === 'paper_out' || p === 'fault' || p === 'offline';
  }

  departmentsWithItems() {
    const hall = this.hall.value;
    if (!hall) return [];
    return hall.departments.filter((d) => this.itemsOf(d.code).length > 0);
  }

  get offline(): boolean {
    return this.unreachable.value || this.linkDown.value;
  }

  // ── life cycle ────────────────────────────────────────────────────────────────────────────

  async load(): Promise<void> {
    try {
      this.hall.value = await this.client.hall();
      this.unreachable.value = false;
    } catch (error) {
      this.failed(error);
    }
    await this.checkPrinter();
  }

  /** Reads this kiosk's printer; a failure leaves the last known state (the offline overlay covers it). */
  async checkPrinter(): Promise<void> {
    this.printerIn = PRINTER_EVERY;
    try {
      this.printer.value = (await this.client.printer()).state;
    } catch {
      /* kept as it was: the next check tries again */
    }
  }

  /** One second passed: idle countdown and offline retries. */
  tick(): void {
    if (this.screen.value.name !== 'home' && !this.busy.value) {
      const left = this.idleLeft.value - 1;
      this.idleLeft.value = left;
      if (left <= 0) this.home(true);
    }
    if (this.unreachable.value && --this.retryIn <= 0) {
      this.retryIn = this.retryEvery;
      void this.retry();
    }
    // The home screen shows the printer as it is now: a roll changed, a fault cleared.
    if (!this.unreachable.value && this.screen.value.name === 'home' && --this.printerIn <= 0) void this.checkPrinter();
  }

  /** Any touch restarts the idle countdown. */
  touched(): void {
    this.idleLeft.value = this.screen.value.name === 'done' ? this.doneIdle : this.idle;
  }

  async retry(): Promise<void> {
    try {
      await this.client.ping();
      if (!this.hall.value) this.hall.value = await this.client.hall();
      this.unreachable.value = false;
    } catch {
      /* still unreachable: the next tick tries again */
    }
  }

  go(screen: Screen): void {
    batch(() => {
      this.screen.value = screen;
      this.page.value = 0;
      this.notice.value = null;
      this.scanRefused.value = null;
      if (this.help.value !== 'calling') this.help.value = 'idle';
      this.touched();
    });
  }

  /** Back to the start: the citizen's identity and inputs are forgotten. */
  home(timedOut = false): void {
    batch(() => {
      this.identity.value = null;
      this.typed.value = null;
      this.idDraft.value = '';
      this.nameDraft.value = '';
      this.idProblem.value = null;
      this.code.value = '';
      this.query.value = '';
      this.busy.value = false;
      if (timedOut) this.elder.value = false;
      this.go({ name: 'home' });
    });
  }

  // ── taking a ticket ───────────────────────────────────────────────────────────────────────

  chooseItem(code: string): void {
    const item = this.item(code);
    const queue = item && this.queue(item.queue);
    if (!item || !queue || this.queueClosed(item.queue) || this.queueFull(item.queue)) return;
    if (this.identity.value || this.typed.value || queue.idRequirement === 'none') this.go({ name: 'confirm', item: code });
    else this.go({ name: 'card', item: code });
  }

  /** Continue without a card, where the item's queue allows it. */
  skipCard(): void {
    const s = this.screen.value;
    if (s.name !== 'card') return;
    const queue = this.queue(this.item(s.item)?.queue ?? '');
    if (queue && queue.idRequirement !== 'required') this.go({ name: 'confirm', item: s.item });
  }

  // ── no card: typed ID number and name ────────────────────────────────────────────────────

  /** The citizen has no card with them: type the number instead, where the hall allows it. */
  typeId(): void {
    const s = this.screen.value;
    if ((s.name !== 'card' && s.name !== 'typedName') || !this.access.typedId) return;
    this.idProblem.value = null;
    this.go({ name: 'typedId', item: s.item });
  }

  /** A key of the ID keypad: a digit, X (only as the 18th character), del or clear. */
  idKey(key: string): void {
    const d = this.idDraft.value;
    this.idProblem.value = null;
    if (key === 'del') this.idDraft.value = d.slice(0, -1);
    else if (key === 'clear') this.idDraft.value = '';
    else if (/^\d$/.test(key) && d.length < 18) this.idDraft.value = d + key;
    else if (key === 'X' && d.length === 17) this.idDraft.value = d + 'X';
    this.touched();
  }

  /** Checks the typed number (GB 11643) before anything is sent; on to the name when it holds. */
  submitId(today: Date = new Date()): void {
    const s = this.screen.value;
    if (s.name !== 'typedId') return;
    const check = checkIdNumber(this.idDraft.value, today);
    if (!check.ok) {
      this.idProblem.value = check.problem;
      this.touched();
      return;
    }
    this.idDraft.value = check.normalized;
    this.go({ name: 'typedName', item: s.item });
  }

  /** A key of the name pad: a character (a surname key or the system keyboard), del or clear. */
  nameKey(key: string): void {
    const n = this.nameDraft.value;
    if (key === 'del') this.nameDraft.value = [...n].slice(0, -1).join('');
    else if (key === 'clear') this.nameDraft.value = '';
    else if ([...n].length < 20) this.nameDraft.value = n + key;
    this.touched();
  }

  /** The number (checked) and the name, or none: on to the confirm screen. */
  submitName(): void {
    const s = this.screen.value;
    if (s.name !== 'typedName' || this.idDraft.value.length !== 18) return;
    this.typed.value = { idNumber: this.idDraft.value, name: this.nameDraft.value.trim() };
    this.go({ name: 'confirm', item: s.item });
  }

  /** The server refused a typed number (ID_INVALID): back to the keypad with it, to correct a digit. */
  retypeId(): void {
    const s = this.screen.value;
    if (s.name !== 'refusal' || !s.refusal.item || !this.typed.value) return;
    this.typed.value = null;
    this.idProblem.value = null;
    this.go({ name: 'typedId', item: s.refusal.item });
  }

  // ── help and scans ────────────────────────────────────────────────────────────────────────

  /** 帮办: someone at the help window and the supervisors are told; the citizen is told they come. */
  async callHelp(): Promise<void> {
    if (this.help.value === 'calling') return;
    this.help.value = 'calling';
    const screen = this.screen.value.name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
    try {
      await this.client.help(screen);
      this.help.value = 'called';
    } catch {
      this.help.value = 'failed';
    }
    this.touched();
  }

  dismissHelp(): void {
    if (this.help.value !== 'calling') this.help.value = 'idle';
  }

  /** A booking code scanned at this kiosk ('kiosk:booking-code'): checked in as if typed. */
  async bookingScanned(code: string): Promise<void> {
    if (!/^\d{6}$/.test(code) || this.busy.value) return;
    if (this.screen.value.name !== 'checkin') this.go({ name: 'checkin' });
    this.code.value = code;
    await this.checkIn({ code });
  }

  /**
   * A code a keyboard-mode scanner typed into the page: the server decides it as it decides a driven
   * scanner's, and the answer is used the same way (a card read, a check-in, or a refusal shown).
   */
  async wedgeScanned(code: string): Promise<void> {
    try {
      const r = await this.client.scan(code);
      if (r.kind === 'identity') this.cardRead(r.identity);
      else await this.bookingScanned(r.code);
    } catch (error) {
      if (error instanceof ApiFailure && error.status >= 400 && error.status < 500) {
        const hint = error.details?.hint;
        this.scanWasRefused({ code: error.code, message: error.message, hint: typeof hint === 'string' ? hint : null });
      } else this.failed(error);
    }
  }

  /** A QR scanned here cannot serve as identity ('kiosk:scan-refused'): said on the screen in use. */
  scanWasRefused(refusal: KioskScanRefused): void {
    this.scanRefused.value = refusal;
    this.touched();
  }

  /** A card was read at this kiosk's reader, or a scanned e-ID was verified ('kiosk:identity'). */
  cardRead(identity: KioskIdentity): void {
    const s = this.screen.value;
    this.identity.value = identity;
    this.typed.value = null;
    this.scanRefused.value = null;
    switch (s.name) {
      case 'typedId':
      case 'typedName':
      case 'card':
        this.go({ name: 'confirm', item: s.item });
        break;
      case 'confirm':
        this.touched();
        break;
      case 'checkin':
        void this.checkIn({ identityRef: identity.identityRef });
        break;
      case 'refusal':
        if (s.refusal.item && (s.refusal.code === 'IDENTITY_REF_INVALID' || s.refusal.code === 'ID_REQUIRED')) this.go({ name: 'confirm', item: s.refusal.item });
        else this.touched();
        break;
      case 'departments':
      case 'items':
      case 'search':
        this.touched();
        break;
      default:
        // Home, guide, done: a card on the reader means someone wants a ticket.
        this.go({ name: 'departments' });
    }
  }

  async issue(): Promise<void> {
    const s = this.screen.value;
    if (s.name !== 'confirm' || this.busy.value) return;
    const ref = this.identity.value?.identityRef;
    const typed = this.typed.value;
    const who = ref ? { identityRef: ref } : typed ? { idNumber: typed.idNumber, ...(typed.name ? { name: typed.name } : {}) } : {};
    await this.run(
      () => this.client.issue({ item: s.item, ...who }),
      (receipt) => this.showDone(receipt, 'issue'),
      s.item,
    );
  }

  /** 补打: the live ticket of the same ID, printed again. */
  async reprintLive(): Promise<void> {
    const s = this.screen.value;
    if (s.name !== 'refusal' || !s.refusal.reprintTicket || this.busy.value) return;
    const ticket = s.refusal.reprintTicket;
    this.printed.delete(ticket);
    await this.run(
      () => this.client.reprint(ticket, this.identity.value?.identityRef),
      (receipt) => this.showDone({ ...receipt, printed: null }, 'reprint'),
    );
  }

  /** Print again from the done screen (after the printer failed). */
  async reprintShown(): Promise<void> {
    const s = this.screen.value;
    if (s.name !== 'done' || this.busy.value) return;
    this.printed.delete(s.receipt.ticketId);
    await this.run(
      () => this.client.reprint(s.receipt.ticketId),
      (receipt) => {
        this.showDone({ ...receipt, printed: null }, s.kind);
        this.notice.value = 'reprinted';
      },
    );
  }

  /**
   * The kiosk's printer answered for a ticket (ticket.print_result in the kiosk's room); `offline`
   * when it was not printed because the printer cannot be reached (the citizen is sent to the
   * information desk or to reprint later, rather than told of a printer fault).
   */
  printResult(ticketId: string, printed: boolean, offline = false): void {
    this.printed.set(ticketId, { printed, offline });
    if (this.printed.size > 50) this.printed.delete(this.printed.keys().next().value!);
    // A ticket not printed says the printer's state changed: the home screen should know it now;
    // one printed says it works again.
    if (!printed) void this.checkPrinter();
    else if (this.printerDown) this.printer.value = 'ready';
    const s = this.screen.value;
    if (s.name !== 'done' || s.receipt.ticketId !== ticketId) return;
    this.screen.value = { ...s, receipt: { ...s.receipt, printed }, printerOffline: !printed && offline };
    // An electronic ticket needs time to be photographed or scanned.
    if (!printed) this.idleLeft.value = Math.max(this.idleLeft.value, this.doneIdle * 3);
  }

  // ── appointments ──────────────────────────────────────────────────────────────────────────

  typeDigit(d: string): void {
    if (this.code.value.length < 6) this.code.value += d;
    this.touched();
  }

  async checkIn(body: CheckInBody = { code: this.code.value }): Promise<void> {
    if (this.busy.value) return;
    if ('code' in body && !/^\d{6}$/.test(body.code)) return;
    await this.run(
      () => this.client.checkIn(body),
      (receipt) => this.showDone(receipt, 'appointment'),
    );
    this.code.value = '';
  }

  // ── guide ─────────────────────────────────────────────────────────────────────────────────

  async printGuide(item: string): Promise<void> {
    if (this.busy.value) return;
    this.busy.value = true;
    this.notice.value = null;
    try {
      const r = await this.client.printGuide(item);
      this.notice.value = r.printed ? 'guidePrinted' : 'guidePrintFailed';
    } catch (error) {
      if (error instanceof ApiFailure && (error.code === 'NETWORK' || error.status === 0)) this.failed(error);
      else this.notice.value = 'guidePrintFailed';
    } finally {
      this.busy.value = false;
      this.touched();
    }
  }

  private showDone(receipt: Receipt, kind: 'issue' | 'appointment' | 'reprint'): void {
    this.go({ name: 'done', receipt, kind });
    const known = this.printed.get(receipt.ticketId);
    if (known !== undefined) this.printResult(receipt.ticketId, known.printed, known.offline);
  }

  // ── shared ────────────────────────────────────────────────────────────────────────────────

  private async run(call: () => Promise<Receipt>, then: (r: Receipt) => void, item?: string): Promise<void> {
    this.busy.value = true;
    try {
      const receipt = await call();
      this.busy.value = false;
      then(receipt);
    } catch (error) {
      this.busy.value = false;
      // A full or failing hall storage answers 507/503 with words for the citizen: shown, not the offline overlay.
      const storage = error instanceof ApiFailure && (error.code === 'STORAGE_FULL' || error.code === 'STORAGE_ERROR');
      if (error instanceof ApiFailure && error.code !== 'NETWORK' && error.status !== 0 && (error.status < 500 || storage)) {
        this.go({ name: 'refusal', refusal: this.refusalOf(error, item) });
      } else this.failed(error);
    }
  }

  private refusalOf(error: ApiFailure, item?: string): Refusal {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(error.details ?? {})) if (typeof v === 'string' || typeof v === 'number') params[k] = v;
    if (error.code === 'OUTSIDE_HOURS' && params.hours === undefined && item) {
      params.hours = hoursText(this.queue(this.item(item)?.queue ?? '')?.todayHours ?? []);
    }
    return {
      code: error.code,
      params,
      message: error.message,
      ...(item ? { item } : {}),
      ...(error.code === 'ID_HAS_LIVE_TICKET' && typeof params.ticketId === 'string' ? { reprintTicket: params.ticketId } : {}),
    };
  }

  private failed(error: unknown): void {
    if (!(error instanceof ApiFailure) || error.code === 'NETWORK' || error.status === 0 || error.status >= 500) {
      this.unreachable.value = true;
      this.retryIn = this.retryEvery;
      return;
    }
    throw error;
  }
}
