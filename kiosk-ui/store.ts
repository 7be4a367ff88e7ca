import { batch, signal } from '@preact/signals';
import type { QueueStatusView } from '../contract/snapshot.ts';
import type { KioskIdentity } from '../contract/socket.ts';
import { ApiFailure } from '../ui-kit/api.ts';
import type { HallData, ItemInfo, QueueInfo, Receipt } from './hall-data.ts';
import { hoursText } from './hall-data.ts';
import type { CheckInBody, KioskClient } from './kiosk-client.ts';

export type Screen =
  | { name: 'home' }
  | { name: 'departments' }
  | { name: 'items'; department: string }
  | { name: 'search' }
  | { name: 'card'; item: string }
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

  private readonly client: KioskClient;
  private readonly doneIdle: number;
  private readonly idle: number;
  private readonly retryEvery: number;
  private retryIn = 0;
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

  itemsOf(department: string): ItemInfo[] {
    return (this.hall.value?.items ?? []).filter((i) => i.department === department && this.queue(i.queue));
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
      this.touched();
    });
  }

  /** Back to the start: the citizen's identity and inputs are forgotten. */
  home(timedOut = false): void {
    batch(() => {
      this.identity.value = null;
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
    if (!item || !queue) return;
    if (this.identity.value || queue.idRequirement === 'none') this.go({ name: 'confirm', item: code });
    else this.go({ name: 'card', item: code });
  }

  /** Continue without a card, where the item's queue allows it. */
  skipCard(): void {
    const s = this.screen.value;
    if (s.name !== 'card') return;
    const queue = this.queue(this.item(s.item)?.queue ?? '');
    if (queue && queue.idRequirement !== 'required') this.go({ name: 'confirm', item: s.item });
  }

  /** A card was read at this kiosk's reader ('kiosk:identity'). */
  cardRead(identity: KioskIdentity): void {
    const s = this.screen.value;
    this.identity.value = identity;
    switch (s.name) {
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
    await this.run(
      () => this.client.issue({ item: s.item, ...(ref ? { identityRef: ref } : {}) }),
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
