import { HelpCalls } from './help-calls.ts';
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { WindowAction } from '../contract/api.ts';
import type { Outcome } from '../contract/domain.ts';
import type { Snapshot } from '../contract/snapshot.ts';
import type { StreamEvent } from '../contract/socket.ts';
import type { TicketView } from '../contract/ticket.ts';
import { HallCatalogue, Ok, TicketReceipt, WINDOW_ACTION_RESPONSES, WindowState as WindowStateSchema } from '../contract/responses.ts';
import { ApiFailure, type Api } from '../ui-kit/api.ts';
import { availability, type ActionId, type Availability } from './actions.ts';
import { t, type TKey } from './i18n.ts';
import type { HallInfo, WindowState } from './types.ts';

/** ui-kit's api: each call names its response schema from contract/. */
export type Request = Api;

/** The part of ui-kit's HallStream the terminal needs, so tests can hand in a fake. */
export interface StreamLike {
  readonly connected: ReadonlySignal<boolean>;
  readonly snapshot: ReadonlySignal<Snapshot<TicketView> | Snapshot | null>;
  close(): void;
}

export type OpenStream = (handlers: { onEvent(e: StreamEvent): void; onSnapshot(): void }) => StreamLike;

/** One missing material on the 补正 notice, with the copies the item's guide asks for. */
export interface SlipMaterial {
  name: string;
  copies?: string;
  note?: string;
}

export interface SlipData {
  number: string;
  itemName: string;
  missing: SlipMaterial[];
  note: string | null;
  window: number;
  windowName: string;
  badge: string;
  /** The clerk who gave the notice, by name (the citizen asks for a person, not a badge number). */
  staffName: string;
  at: string;
  phone: string;
}

/** A pending call that would first finish the ticket in hand as 办结. */
export interface SettleThen {
  action: 'call-next' | 'call' | 'resume-ticket';
  ticket?: TicketView;
}

export type Dialog =
  | { kind: 'noShow' }
  | { kind: 'settle'; then: SettleThen }
  | { kind: 'finish' }
  | { kind: 'transfer' }
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'signOut' }
  | { kind: 'issue' }
  | { kind: 'slip'; slip: SlipData };

/** POST /api/windows/:n/tickets (contract/api.ts StaffIssueBody). */
export interface IssueAtWindow {
  queue: string;
  item?: string;
  green?: boolean;
  greenReason?: string;
  proxy?: boolean;
}

export type RunResult = { ok: true; ticket: TicketView | null } | { ok: false };

export interface Message {
  kind: 'error' | 'ok';
  text: string;
}

/**
 * What an error message is about, so it goes once its condition ends: a failed read when a read
 * succeeds, a refusal or a "cannot now" when the window's state has changed since it was said.
 */
type ErrorSource = 'read' | 'hall' | 'state';

export interface TerminalOptions {
  window: number;
  badge: string;
  request: Request;
  openStream: OpenStream;
  onSessionLost(): void;
  onSignedOut(): void;
  /** Date.now, replaceable in tests. */
  now?: () => number;
}

const OK_MESSAGE_MS = 4000;
const CONNECT_GRACE_MS = 3000;

/**
 * The window terminal's working state: the window as the server last said it is (refetched whenever an
 * event touches this window or its queues, so a hardware caller's key shows here at once), what the
 * staff member may do now, the open dialog, and the running action. One action at a time: a second key
 * press while the first is in flight does nothing.
 */
export class WindowTerminal {
  readonly window: number;
  readonly badge: string;
  /** The signed-in clerk's name, for the 补正 notice when the window state does not carry it. */
  staffName: string | null = null;
  readonly state: Signal<WindowState | null> = signal(null);
  readonly hall: Signal<HallInfo | null> = signal(null);
  /** The action running now ('issue' for 窗口取号), or null. */
  readonly busy: Signal<WindowAction | 'issue' | null> = signal(null);
  readonly message: Signal<Message | null> = signal(null);
  readonly dialog: Signal<Dialog | null> = signal(null);
  readonly selectedId: Signal<string | null> = signal(null);
  readonly lastFinished: Signal<TicketView | null> = signal(null);
  /** 帮办 calls from kiosks for this window (the hall's 帮办 window). */
  readonly help: HelpCalls;
  /** The server's clock, estimated from the last state read; ticks every second. */
  readonly serverNow: Signal<number>;
  readonly selected: ReadonlySignal<TicketView | null>;
  readonly available: ReadonlySignal<Record<ActionId, Availability>>;

  /** A signal, so views rendered before start() pick up the stream (and its connected flag) when it opens. */
  private readonly stream: Signal<StreamLike | null> = signal(null);
  private offset = 0;
  private ticker: ReturnType<typeof setInterval> | null = null;
  private graceTimer: ReturnType<typeof setTimeout> | null = null;
  private everConnected = false;
  private readonly graceOver = signal(false);
  private messageTimer: ReturnType<typeof setTimeout> | null = null;
  private errorSource: ErrorSource | null = null;
  /** The window's state when the current error was said (see stateKey). */
  private errorState = '';
  private reading = false;
  private readAgain = false;
  private readsStarted = 0;
  private readWaiters: { want: number; resolve(): void }[] = [];
  private readonly now: () => number;

  constructor(private readonly options: TerminalOptions) {
    this.help = new HelpCalls(options.request, options.window);
    this.window = options.window;
    this.badge = options.badge;
    this.now = options.now ?? Date.now;
    this.serverNow = signal(this.now());
    this.selected = computed(() => this.state.value?.waiting.find((x) => x.id === this.selectedId.value) ?? null);
    this.available = computed(() =>
      availability({ state: this.state.value, busy: this.busy.value !== null, selected: this.selected.value, lastFinished: this.lastFinished.value }),
    );
  }

  get snapshot(): ReadonlySignal<Snapshot<TicketView> | Snapshot | null> | null {
    return this.stream.value?.snapshot ?? null;
  }

  async start(): Promise<void> {
    this.stream.value = this.options.openStream({
      onEvent: (e) => this.onEvent(e),
      onSnapshot: () => void this.refresh(),
    });
    this.graceTimer = setTimeout(() => (this.graceOver.value = true), CONNECT_GRACE_MS);
    this.ticker = setInterval(() => (this.serverNow.value = this.now() + this.offset), 1000);
    await Promise.all([this.loadHall(), this.refresh(), this.help.refresh()]);
  }

  stop(): void {
    this.stream.value?.close();
    this.stream.value = null;
    if (this.ticker) clearInterval(this.ticker);
    if (this.graceTimer) clearTimeout(this.graceTimer);
    if (this.messageTimer) clearTimeout(this.messageTimer);
  }

  /**
   * Whether to warn that the live link is down: at once after a loss, but only after a grace period
   * on the first connect, so opening the terminal does not flash a red banner.
   */
  get online(): boolean {
    const s = this.stream.value;
    if (!s) return true;
    if (s.connected.value) {
      this.everConnected = true;
      return true;
    }
    return !this.everConnected && !this.graceOver.value;
  }

  async loadHall(): Promise<void> {
    try {
      this.hall.value = await this.options.request('/api/hall', HallCatalogue);
      this.conditionEnded('hall');
    } catch (error) {
      this.fail(error, 'hall');
    }
  }

  /**
   * Reads the window's state. Resolves once a read that started after this call has been applied, so
   * an action's caller sees its own result; calls arriving during a read fold into one more read.
   */
  refresh(): Promise<void> {
    const want = this.readsStarted + 1;
    const done = new Promise<void>((resolve) => this.readWaiters.push({ want, resolve }));
    if (this.reading) this.readAgain = true;
    else void this.readLoop();
    return done;
  }

  private async readLoop(): Promise<void> {
    this.reading = true;
    do {
      this.readAgain = false;
      const mine = ++this.readsStarted;
      try {
        const s = await this.options.request(`/api/windows/${this.window}/state`, WindowStateSchema);
        this.offset = Date.parse(s.at) - this.now();
        this.serverNow.value = this.now() + this.offset;
        this.state.value = s;
        if (this.selectedId.value && !s.waiting.some((x) => x.id === this.selectedId.value)) this.selectedId.value = null;
        this.conditionEnded('read');
      } catch (error) {
        this.fail(error, 'read');
      }
      const ready = this.readWaiters.filter((w) => w.want <= mine);
      this.readWaiters = this.readWaiters.filter((w) => w.want > mine);
      for (const w of ready) w.resolve();
    } while (this.readAgain);
    this.reading = false;
  }

  /** Events carry their ticket, so only what concerns this window triggers a read. */
  touches(e: StreamEvent): boolean {
    if (e.type === 'config.changed' || e.type === 'day.rolled_over') return true;
    if (e.window === this.window) return true;
    const queues = this.state.value?.window?.queues ?? [];
    return Boolean(e.ticket && (queues.includes(e.ticket.queue) || e.ticket.targetWindow === this.window));
  }

  private onEvent(e: StreamEvent): void {
    if (e.type === 'kiosk.help_requested' || e.type === 'kiosk.help_answered') void this.help.refresh();
    if (e.window === this.window && e.ticket && (e.type === 'ticket.finished' || e.type === 'ticket.evaluated')) {
      // A finish from the hardware caller can be rated from here too; identity fields are not used.
      this.lastFinished.value = e.ticket as TicketView;
    }
    if (e.type === 'config.changed') void this.loadHall();
    if (this.touches(e)) void this.refresh();
  }

  itemOf(ticket: Pick<TicketView, 'item'> | null): HallInfo['items'][number] | null {
    if (!ticket?.item) return null;
    return this.hall.value?.items.find((i) => i.code === ticket.item) ?? null;
  }

  queueName(code: string): string {
    return this.hall.value?.queues.find((q) => q.code === code)?.name ?? code;
  }

  say(kind: Message['kind'], text: string, source: ErrorSource = 'state'): void {
    this.message.value = { kind, text };
    this.errorSource = kind === 'error' ? source : null;
    this.errorState = kind === 'error' ? this.stateKey() : '';
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.messageTimer = kind === 'ok' ? setTimeout(() => (this.message.value = null), OK_MESSAGE_MS) : null;
  }

  /** The parts of the window's state a refusal depends on (not the clock). */
  private stateKey(): string {
    const s = this.state.value;
    if (!s) return '';
    return JSON.stringify([s.window, s.waiting.map((x) => `${x.id}:${x.state}`), s.suspended.map((x) => x.id)]);
  }

  /** Clears an error whose condition is over; an error of another kind stays. */
  private conditionEnded(what: ErrorSource | 'action'): void {
    if (this.message.value?.kind !== 'error' || this.errorSource === null) return;
    const over =
      what === 'action' ||
      (what === this.errorSource && what !== 'state') ||
      (what === 'read' && this.errorSource === 'state' && this.stateKey() !== this.errorState);
    if (over) {
      this.message.value = null;
      this.errorSource = null;
    }
  }

  private fail(error: unknown, source: ErrorSource = 'state'): void {
    if (error instanceof ApiFailure) {
      if (error.status === 401) {
        this.say('error', t('msg.sessionLost'));
        this.errorSource = null;
        this.options.onSessionLost();
        return;
      }
      this.say('error', error.message, source);
      return;
    }
    this.say('error', error instanceof Error ? error.message : String(error), source);
  }

  /** Moves the waiting-list selection; the first press selects the first ticket. */
  moveSelection(delta: number): void {
    const list = this.state.value?.waiting ?? [];
    if (!list.length) return;
    const at = list.findIndex((x) => x.id === this.selectedId.value);
    const next = at < 0 ? (delta > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + delta));
    this.selectedId.value = list[next]!.id;
  }

  /** A button press or a shortcut: does the action, opens its dialog, or says why it cannot apply. */
  trigger(id: ActionId): void {
    if (this.dialog.value) return;
    const a = this.available.value[id];
    if (!a.enabled) {
      if (a.why && this.busy.value === null) this.say('error', t(a.why.key, a.why.params));
      return;
    }
    const s = this.state.value!;
    switch (id) {
      case 'callNext':
        return this.callOrConfirm({ action: 'call-next' }, a);
      case 'callSelected':
        return this.callOrConfirm({ action: 'call', ticket: this.selected.value! }, a);
      case 'resumeTicket':
        if (s.suspended.length > 1) this.dialog.value = { kind: 'resume' };
        else this.callOrConfirm({ action: 'resume-ticket', ticket: s.suspended[0]! }, a);
        return;
      case 'recall':
        void this.run('recall');
        return;
      case 'start':
        void this.run('start');
        return;
      case 'suspend':
        void this.run('suspend');
        return;
      case 'evaluate':
        void this.run('request-evaluation');
        return;
      case 'finish':
        this.dialog.value = { kind: 'finish' };
        return;
      case 'noShow':
        this.dialog.value = { kind: 'noShow' };
        return;
      case 'transfer':
        this.dialog.value = { kind: 'transfer' };
        return;
      case 'pause':
        if (s.window?.status === 'paused') void this.run('resume');
        else this.dialog.value = { kind: 'pause' };
        return;
    }
  }

  /** Calls a chosen waiting ticket (a row's button or Shift+F1 on the selection). */
  callTicket(ticket: TicketView): void {
    this.selectedId.value = ticket.id;
    this.trigger('callSelected');
  }

  /** Resumes one held ticket (the resume dialog or a row's button). */
  resumeTicket(ticket: TicketView): void {
    const a = this.available.value.resumeTicket;
    if (!a.enabled) {
      if (a.why) this.say('error', t(a.why.key, a.why.params));
      return;
    }
    this.dialog.value = null;
    this.callOrConfirm({ action: 'resume-ticket', ticket }, a);
  }

  private callOrConfirm(then: SettleThen, a: Availability): void {
    if (a.settlesCurrent) this.dialog.value = { kind: 'settle', then };
    else void this.callNow(then);
  }

  callNow(then: SettleThen): Promise<RunResult> {
    return then.action === 'call-next' ? this.run('call-next') : this.run(then.action, { ticketId: then.ticket!.id });
  }

  async finish(outcome: Outcome, note: string | null, missing: string[] = []): Promise<RunResult> {
    const current = this.state.value?.window?.current ?? null;
    const body = note ? { outcome, note } : { outcome };
    const result = await this.run('finish', body);
    const done = result.ok ? result.ticket : null;
    if (done && outcome === 'supplement' && current) {
      const item = this.itemOf(current);
      const w = this.state.value?.window;
      const hall = this.hall.value?.hall;
      const guide = (name: string) => item?.materials.find((m) => m.name === name);
      this.dialog.value = {
        kind: 'slip',
        slip: {
          number: done.number,
          itemName: item?.name ?? this.queueName(done.queue),
          missing: missing.map((name) => {
            const m = guide(name);
            return { name, ...(m?.copies ? { copies: m.copies } : {}), ...(m?.note ? { note: m.note } : {}) };
          }),
          note: note && missing.length ? stripMissing(note) : note,
          window: this.window,
          windowName: w?.name ?? '',
          badge: this.badge,
          staffName: w?.staff?.name ?? this.staffName ?? '',
          at: done.finishedAt ?? new Date(this.serverNow.value).toISOString(),
          phone: item?.phone ?? hall?.phone ?? hall?.hotline ?? '',
        },
      };
    }
    return result;
  }

  /**
   * Runs one window action on the server. Closes the dialog on success, keeps it (with the server's
   * message) on refusal so nothing typed is lost.
   */
  async run(action: WindowAction, body?: Record<string, unknown>): Promise<RunResult> {
    if (this.busy.value) return { ok: false };
    this.busy.value = action;
    try {
      const result: TicketView | Ok = await this.options.request(`/api/windows/${this.window}/${action}`, WINDOW_ACTION_RESPONSES[action], { method: 'POST', body: body ?? {} });
      const ticket = result && 'number' in result ? result : null;
      if (action === 'finish' && ticket) this.lastFinished.value = ticket;
      this.conditionEnded('action');
      if (action === 'finish' && ticket) this.say('ok', t(`msg.finished.${finishOutcome(body)}` as TKey, { number: ticket.number }));
      else if (action === 'request-evaluation' && ticket) this.say('ok', t('msg.evaluationRequested', { number: ticket.number }));
      else if (ticket && (action === 'call-next' || action === 'call' || action === 'resume-ticket')) this.say('ok', t('msg.called', { number: ticket.number }));
      else if (ticket) this.say('ok', t('msg.done', { number: ticket.number, action: t(ACTION_LABEL[action]) }));
      if (this.dialog.value?.kind !== 'slip') this.dialog.value = null;
      // Stay busy until the new state is in: a second F1 on the old state would call again.
      await this.refresh();
      return { ok: true, ticket };
    } catch (error) {
      this.fail(error);
      return { ok: false };
    } finally {
      this.busy.value = null;
    }
  }

  /**
   * 窗口取号: a walk-in served at the window, a 绿色通道 (green channel, with its reason) or a 代办 ticket.
   * The new ticket waits like any other; a green one is called first.
   */
  async issueTicket(body: IssueAtWindow): Promise<boolean> {
    if (this.busy.value) return false;
    this.busy.value = 'issue';
    try {
      const receipt = await this.options.request(`/api/windows/${this.window}/tickets`, TicketReceipt, { method: 'POST', body });
      this.say('ok', t('msg.issued', { number: receipt.number }));
      this.dialog.value = null;
      await this.refresh();
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    } finally {
      this.busy.value = null;
    }
  }

  async signOut(): Promise<void> {
    if (!(await this.run('sign-out')).ok) return;
    try {
      await this.options.request('/api/auth/logout', Ok, { method: 'POST' });
    } catch {
      /* the window is closed; an expired session needs no logout */
    }
    this.stop();
    this.options.onSignedOut();
  }
}

/** The outcome a finish was sent with (办结 when none, as the server assumes). */
function finishOutcome(body: Record<string, unknown> | undefined): Outcome {
  const o = body?.outcome;
  return o === 'accepted' || o === 'supplement' || o === 'rejected' || o === 'consultation' ? o : 'done';
}

const ACTION_LABEL: Record<WindowAction, TKey> = {
  'sign-in': 'app.title',
  'sign-out': 'header.signOut',
  pause: 'action.pause',
  resume: 'action.resume',
  'call-next': 'action.callNext',
  call: 'action.callSelected',
  recall: 'action.recall',
  start: 'action.start',
  finish: 'action.finish',
  'no-show': 'action.noShow',
  suspend: 'action.suspend',
  'resume-ticket': 'action.resumeTicket',
  transfer: 'action.transfer',
  'request-evaluation': 'action.evaluate',
};

/** The finish note holds "缺少材料：…" for the record; the slip lists those separately. */
export const MISSING_PREFIX = '缺少材料：';
function stripMissing(note: string): string | null {
  const rest = note
    .split('\n')
    .filter((line) => !line.startsWith(MISSING_PREFIX))
    .join('\n')
    .trim();
  return rest || null;
}
