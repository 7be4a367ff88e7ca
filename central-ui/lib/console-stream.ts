import { signal, type Signal } from '@preact/signals';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  CONSOLE_NAMESPACE,
  ConsoleReplay,
  ConsoleSnapshot,
  ConsoleSyncAnswer,
  ConsoleTick,
  ConsoleUpdate,
  HallDetail,
  type ConsoleAck,
  type ConsoleClientToServer,
  type ConsoleEvent,
  type ConsoleRegion,
  type ConsoleServerToClient,
  type ConsoleSyncPayload,
  type HallLive,
  type HallUpdate,
} from '../../contract/central/console.ts';

export interface ConsoleState {
  feedSeq: number;
  root: ConsoleRegion;
  regions: ConsoleRegion[];
  halls: Record<string, HallLive>;
  /** Newest last, at most RECENT_MAX. */
  recent: ConsoleEvent[];
  offlineAfterSeconds: number;
  /** Server clock minus this browser's, so waits and offline use the server's time. */
  clockOffsetMs: number;
}

export interface ConsoleStreamOptions {
  /** Server origin; the page's own by default. */
  url?: string;
  /** Extra socket.io-client options (tests pass the session cookie in extraHeaders). */
  socket?: Partial<ManagerOptions & SocketOptions>;
  /** Each new hall event exactly once, in each hall's seq order; `replayed` for caught-up ones. */
  onEvent?: (event: ConsoleEvent, replayed: boolean) => void;
  /** A snapshot replaced the state (first connect, or too far behind for a replay). */
  onSnapshot?: (snapshot: ConsoleSnapshot) => void;
  /** The server refused the connection (session ended, wrong origin): the page should sign in again. */
  onRefused?: (code: string, message: string) => void;
}

const RECENT_MAX = 200;

/**
 * The live region for the console: a snapshot kept exact by the updates pushed after each ingest
 * commit. Each hall's events carry its own seq, so duplicates (a replay overlapping live delivery)
 * are dropped and a gap (a push lost while Redis was down) is noticed and filled from the server;
 * the server's ticks tell a quiet hall's position, so a lost last push is noticed too. On reconnect
 * the handshake carries the last feed position and the server replays what was missed.
 */
export class ConsoleStream {
  readonly state: Signal<ConsoleState | null> = signal(null);
  readonly connected = signal(false);
  /** Bumped whenever anything changed, for screens that re-read (hall detail). */
  readonly changes = signal(0);
  private readonly socket: Socket<ConsoleServerToClient, ConsoleClientToServer>;
  /** Last event seq applied per hall (events, not summaries: the activity list must miss nothing). */
  private readonly eventSeq = new Map<string, number>();
  private pending: ConsoleUpdate[] = [];
  private syncing = false;
  private resyncAfter = false;
  private closed = false;

  constructor(private readonly options: ConsoleStreamOptions = {}) {
    this.socket = io(`${options.url ?? ''}${CONSOLE_NAMESPACE}`, {
      transports: ['websocket'],
      withCredentials: true,
      // Re-evaluated on every reconnect, so the server learns where to replay from.
      auth: (cb) => cb(this.state.value ? { lastFeedSeq: this.state.value.feedSeq } : {}),
      reconnectionDelay: 300,
      reconnectionDelayMax: 3000,
      ...options.socket,
    });
    this.socket.on('connect', () => (this.connected.value = true));
    this.socket.on('disconnect', (reason) => {
      this.connected.value = false;
      // The server dropped us (a failed snapshot, an ended session): come back; an ended session is
      // then refused at the handshake and the page signs in again.
      if (reason === 'io server disconnect' && !this.closed) setTimeout(() => !this.closed && this.socket.connect(), 1000);
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      const code = err.data?.code;
      if (code === 'UNAUTHENTICATED' || code === 'ORIGIN_REFUSED') {
        this.close();
        options.onRefused?.(code, err.data?.message ?? err.message);
      }
    });
    this.socket.on('snapshot', (s) => this.takeSnapshot(ConsoleSnapshot.parse(s)));
    this.socket.on('replay', (r) => this.takeReplay(ConsoleReplay.parse(r)));
    this.socket.on('update', (u) => this.takeUpdate(ConsoleUpdate.parse(u)));
    this.socket.on('tick', (t) => this.takeTick(ConsoleTick.parse(t)));
  }

  /** The last event seq this client holds for a hall. */
  seqOf(hall: string): number {
    return this.eventSeq.get(hall) ?? 0;
  }

  /** One hall's windows and queues (the drill-down), read on demand. */
  detail(hall: string): Promise<HallDetail> {
    return new Promise((resolve, reject) => {
      this.socket.timeout(10_000).emit('hall:detail', { hall }, (err: Error | null, ack: ConsoleAck<HallDetail>) => {
        if (err) return reject(new Error('督查台连接超时，请稍后重试。'));
        if (!ack.ok) return reject(new Error(ack.error.message));
        resolve(HallDetail.parse(ack.data));
      });
    });
  }

  /** Drops the connection but keeps the state: the next connect() replays what was missed meanwhile. */
  disconnect(): void {
    this.socket.disconnect();
  }

  connect(): void {
    this.closed = false;
    this.socket.connect();
  }

  close(): void {
    this.closed = true;
    this.socket.close();
  }

  private bump(): void {
    this.changes.value++;
  }

  private takeSnapshot(s: ConsoleSnapshot): void {
    this.eventSeq.clear();
    const halls: Record<string, HallLive> = {};
    for (const h of s.halls) {
      halls[h.code] = h;
      this.eventSeq.set(h.code, h.hallSeq);
    }
    this.state.value = {
      feedSeq: s.feedSeq,
      root: s.root,
      regions: s.regions,
      halls,
      recent: s.recent.slice(-RECENT_MAX),
      offlineAfterSeconds: s.offlineAfterSeconds,
      clockOffsetMs: Date.parse(s.at) - Date.now(),
    };
    const pending = this.pending;
    this.pending = [];
    for (const u of pending) this.applyUpdate(u, false);
    if (pending.length) this.state.value = { ...this.state.value };
    this.options.onSnapshot?.(s);
    this.bump();
  }

  private takeReplay(r: ConsoleReplay): void {
    if (!this.state.value) return; // a replay only answers a client that has a snapshot
    for (const u of r.updates) this.applyUpdate(u, true);
    const s = this.state.value;
    this.state.value = { ...s, feedSeq: Math.max(s.feedSeq, r.feedSeq), clockOffsetMs: Date.parse(r.at) - Date.now() };
    this.bump();
  }

  private takeUpdate(u: ConsoleUpdate): void {
    if (!this.state.value) {
      this.pending.push(u);
      return;
    }
    this.applyUpdate(u, false);
    const s = this.state.value;
    this.state.value = { ...s, feedSeq: Math.max(s.feedSeq, u.feedSeq) };
    this.bump();
  }

  private applyUpdate(u: HallUpdate, replayed: boolean): void {
    const s = this.state.value;
    if (!s) return;
    const known = this.eventSeq.get(u.hall);
    if (known === undefined) {
      // A hall registered after our snapshot: take its summary; its earlier events are in it.
      this.eventSeq.set(u.hall, Math.max(0, (u.events[0]?.seq ?? 1) - 1));
    }
    const held = this.eventSeq.get(u.hall)!;
    const fresh = u.events.filter((e) => e.seq > held);
    if (fresh.length && fresh[0]!.seq > held + 1) {
      this.requestHalls([{ hall: u.hall, afterSeq: held }]);
    } else if (fresh.length) {
      let last = held;
      const added: ConsoleEvent[] = [];
      for (const e of fresh) {
        if (e.seq !== last + 1) break;
        last = e.seq;
        added.push(e);
      }
      this.eventSeq.set(u.hall, last);
      s.recent = [...s.recent, ...added].slice(-RECENT_MAX);
      for (const e of added) this.options.onEvent?.(e, replayed);
    }
    const current = s.halls[u.hall];
    if (!current || u.summary.hallSeq >= current.hallSeq) s.halls = { ...s.halls, [u.hall]: u.summary };
  }

  private takeTick(t: ConsoleTick): void {
    const s = this.state.value;
    if (!s) return;
    const behind: { hall: string; afterSeq: number }[] = [];
    let halls = s.halls;
    let unknown = false;
    for (const [code, pos] of Object.entries(t.halls)) {
      const h = halls[code];
      if (!h) {
        unknown = true;
        continue;
      }
      if (pos.contactAt !== h.lastContactAt && (h.lastContactAt === null || (pos.contactAt !== null && pos.contactAt > h.lastContactAt))) {
        halls = { ...halls, [code]: { ...h, lastContactAt: pos.contactAt } };
      }
      if (pos.seq > this.seqOf(code)) behind.push({ hall: code, afterSeq: this.seqOf(code) });
    }
    this.state.value = { ...s, halls, clockOffsetMs: Date.parse(t.at) - Date.now() };
    this.bump();
    if (unknown) this.sync({ snapshot: true });
    else if (behind.length) this.requestHalls(behind);
  }

  private requestHalls(halls: { hall: string; afterSeq: number }[]): void {
    this.sync({ halls });
  }

  private sync(payload: ConsoleSyncPayload): void {
    if (this.syncing) {
      // One catch-up at a time; the next tick asks again for whatever is still missing.
      if ('snapshot' in payload) this.resyncAfter = true;
      return;
    }
    this.syncing = true;
    this.socket.timeout(15_000).emit('sync', payload, (err: Error | null, ack: ConsoleAck<ConsoleSyncAnswer>) => {
      this.syncing = false;
      if (!err && ack.ok) {
        const answer = ConsoleSyncAnswer.parse(ack.data);
        if ('snapshot' in answer) this.takeSnapshot(answer.snapshot);
        else this.takeReplay(answer.replay);
      }
      if (this.resyncAfter) {
        this.resyncAfter = false;
        this.sync({ snapshot: true });
      }
    });
  }
}

/** Online when the hall's last contact is recent enough, by the server's clock. */
export function isOnline(h: HallLive, s: Pick<ConsoleState, 'offlineAfterSeconds' | 'clockOffsetMs'>, now = Date.now()): boolean {
  if (!h.lastContactAt) return false;
  return now + s.clockOffsetMs - Date.parse(h.lastContactAt) < s.offlineAfterSeconds * 1000;
}

/** The hall's time now by its own clock: its newest event's time plus what has passed since (server clock). */
export function hallNowMs(h: Pick<HallLive, 'clock'>, s: Pick<ConsoleState, 'clockOffsetMs'>, now = Date.now()): number {
  const serverNow = now + s.clockOffsetMs;
  return h.clock ? Date.parse(h.clock.at) + (serverNow - Date.parse(h.clock.seenAt)) : serverNow;
}

/** Minutes since a time of the hall's (a ticket's issue, a call), by the hall's clock. */
export function minutesSince(since: string | null, h: Pick<HallLive, 'clock'>, s: Pick<ConsoleState, 'clockOffsetMs'>, now = Date.now()): number | null {
  if (!since) return null;
  return Math.max(0, (hallNowMs(h, s, now) - Date.parse(since)) / 60_000);
}
