import { ApiErrorBody } from '../../contract/api.ts';
import { UPLINK_MAX_BATCH, UplinkAck, UplinkHighWater } from '../../contract/central/uplink.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { UplinkRow, UplinkStore } from '../store/uplink-store.ts';

/** The outbox consumer name (its cursor in outbox_cursors). */
export const UPLINK_CONSUMER = 'uplink';

export interface UplinkTarget {
  /** The centre's base URL, e.g. https://zwfw.example.gov.cn (the API paths are appended). */
  url: string;
  /** This hall's token at the centre (sent as `Authorization: Bearer`). */
  token: string;
}

export interface UplinkOptions extends UplinkTarget {
  hallCode: () => string;
  store: UplinkStore;
  outbox: OutboxStore;
  clock: Clock;
  log: Logger;
  /** Events per batch (≤ UPLINK_MAX_BATCH, the centre's limit). */
  maxBatch?: number;
  /** JSON bytes per batch (the first event always goes, however large). */
  maxBytes?: number;
  /** How long after a commit the uplink waits for more events before it posts (real ms). */
  lingerMs?: number;
  /** How often it looks for events a missed wake-up left behind (real ms). */
  pollMs?: number;
  /** Per-request time limit (real ms). */
  timeoutMs?: number;
  /** Back-off after a failure: base·2^(n−1) ms, capped, times a random factor in [0.5, 1]. */
  backoff?: { baseMs: number; maxMs: number };
  /** Told when the uplink stops for good (divergence, refused token). */
  onHalt?: (status: UplinkStatus) => void;
}

export type UplinkState = 'starting' | 'connected' | 'retrying' | 'halted' | 'stopped';

/** The uplink as /api/health reports it. */
export interface UplinkStatus {
  enabled: true;
  state: UplinkState;
  /** True while the last exchange with the centre succeeded. */
  connected: boolean;
  /** Events this hall holds that the centre has not acknowledged. */
  lagEvents: number;
  /** The last seq the centre acknowledged holding (its high-water mark). */
  highWater: number;
  /** When the centre last acknowledged a batch or answered the high-water question (ISO, hall clock). */
  lastAckAt: string | null;
  /** Consecutive failed exchanges. */
  failures: number;
  /** The last failure, or why the uplink halted: a refusal code (UPLINK_DIVERGED, HALL_TOKEN_INVALID, …) or a network error. */
  error: { code: string; message: string } | null;
}

/** A refusal from the centre (an HTTP answer with the contract's error body). */
export class UplinkRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> | undefined,
  ) {
    super(message);
  }
}

/** Refusals after which sending more cannot help: the uplink halts until someone acts. */
const HALTING = new Set(['UPLINK_DIVERGED', 'HALL_TOKEN_INVALID', 'HALL_MISMATCH']);

/** Delay before the next attempt after `failures` failed ones, with jitter so halls cut off together do not return together. */
export function uplinkBackoffMs(failures: number, o: { baseMs: number; maxMs: number }, random: () => number = Math.random): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

/**
 * The hall → central uplink (DESIGN.md §10), an outbox consumer with its own cursor. It runs beside the
 * hall's work, never in it: a commit only wakes it, and everything it does is asynchronous, bounded by
 * a timeout and backed off on failure, so a WAN cut costs the hall nothing but a growing lag.
 *
 * The centre is the authority on what it holds. At start and after every failure the uplink asks for
 * the centre's high-water mark and resumes just there, re-sending the last event the centre holds (or
 * the last this database holds, if the centre is ahead of it) so that the centre checks content on
 * every reconnect: a database restored from an old backup sends, under seqs the centre already has,
 * events that differ, and the centre answers UPLINK_DIVERGED instead of merging them. Batches are
 * consecutive seqs, at most `maxBatch` events and `maxBytes` of JSON; the cursor moves only after the
 * centre's acknowledgement. Delivery is at least once; the centre's (hall, seq) key makes it exactly once.
 */
export class Uplink {
  private readonly maxBatch: number;
  private readonly maxBytes: number;
  private readonly lingerMs: number;
  private readonly timeoutMs: number;
  private readonly backoff: { baseMs: number; maxMs: number };
  private readonly base: string;
  private state: UplinkState = 'starting';
  private connected = false;
  private highWater = 0;
  private lastAckAt: string | null = null;
  private failures = 0;
  private error: UplinkStatus['error'] = null;
  /** The next seq to send; undefined until the centre has said where it stands. */
  private next: number | undefined;
  private wake: (() => void) | undefined;
  private pending = false;
  private running: Promise<void> | undefined;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: UplinkOptions) {
    this.maxBatch = Math.max(1, Math.min(UPLINK_MAX_BATCH, o.maxBatch ?? UPLINK_MAX_BATCH));
    this.maxBytes = o.maxBytes ?? 1_000_000;
    this.lingerMs = o.lingerMs ?? 25;
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.backoff = o.backoff ?? { baseMs: 500, maxMs: 30_000 };
    this.base = o.url.replace(/\/+$/, '');
    // The cursor is registered at 0: a hall that joins sends its whole history, seed included.
    this.highWater = o.outbox.cursorOf(UPLINK_CONSUMER, () => 0, o.clock.now());
  }

  /** Starts the loop; `onEvents` subscribes to the engine's commits (a commit only wakes the uplink). */
  start(onEvents: (listener: () => void) => () => void): () => void {
    const off = onEvents(() => this.nudge());
    this.timer = setInterval(() => this.nudge(), this.o.pollMs ?? 2000);
    this.timer.unref();
    this.running = this.loop().catch((error: unknown) => {
      this.o.log.error({ err: error }, 'uplink stopped by an unexpected error');
      this.state = 'halted';
      this.error = { code: 'UPLINK_INTERNAL', message: error instanceof Error ? error.message : String(error) };
    });
    return off;
  }

  async stop(): Promise<void> {
    if (this.state !== 'halted') this.state = 'stopped';
    clearInterval(this.timer);
    this.controller.abort();
    this.nudge();
    await this.running;
  }

  status(): UplinkStatus {
    const last = this.o.store.open ? this.o.outbox.lastSeq() : this.highWater;
    return {
      enabled: true,
      state: this.state,
      connected: this.connected,
      lagEvents: Math.max(0, last - this.highWater),
      highWater: this.highWater,
      lastAckAt: this.lastAckAt,
      failures: this.failures,
      error: this.error,
    };
  }

  /** Resolves when the centre has acknowledged every event up to `seq` (tests, the simulator, benchmarks). */
  async drained(seq: number, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.highWater < seq) {
      if (this.state === 'halted' || this.state === 'stopped') throw new Error(`uplink ${this.state} at ${this.highWater} before ${seq}: ${this.error?.code ?? ''}`);
      if (Date.now() > deadline) throw new Error(`uplink reached ${this.highWater}, not ${seq}, within ${timeoutMs} ms (${this.error?.code ?? 'no error'})`);
      await delay(10);
    }
  }

  /** A commit or the poll timer: wakes an idle uplink (never one backing off: an outage must not turn every commit into a retry). */
  private nudge(): void {
    this.pending = true;
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private active(): boolean {
    return this.state !== 'stopped' && this.state !== 'halted' && this.o.store.open;
  }

  /** Idle: waits for a commit or the poll timer; returns at once if one came since the last read. */
  private async idle(): Promise<void> {
    if (this.pending || !this.active()) return;
    await new Promise<void>((resolve) => (this.wake = resolve));
  }

  /** Backing off: waits `ms`, cut short only by stop(). */
  private async pause(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, ms);
      const onAbort = () => done();
      function done() {
        clearTimeout(t);
        signal.removeEventListener('abort', onAbort);
        resolve();
      }
      const signal = this.controller.signal;
      if (signal.aborted) return done();
      signal.addEventListener('abort', onAbort);
    });
  }

  private async loop(): Promise<void> {
    while (this.active()) {
      try {
        if (this.next === undefined) await this.sync();
        if (!this.active()) break;
        this.pending = false;
        let rows = this.read();
        if (!rows.length) {
          await this.idle();
          continue;
        }
        // A burst of commits (a busy morning) goes in one batch rather than one post per ticket.
        if (rows.length < this.maxBatch && this.lingerMs > 0) {
          await delay(this.lingerMs);
          if (!this.active()) break;
          rows = this.read();
        }
        await this.send(rows);
      } catch (error) {
        if (!this.active()) break;
        const retryNow = this.fail(error);
        if (!this.active()) break;
        if (!retryNow) await this.pause(uplinkBackoffMs(this.failures, this.backoff));
      }
    }
  }

  /** Asks the centre where it stands for this hall and resumes there. */
  private async sync(): Promise<void> {
    const hw = UplinkHighWater.parse(await this.request('GET', '/api/uplink/v1/high-water'));
    if (hw.diverged) throw new UplinkRefused(409, 'UPLINK_DIVERGED', 'the centre has raised a divergence for this hall and ingests nothing more from it until an admin resolves it', { highWater: hw.highWater });
    const last = this.o.outbox.lastSeq();
    const mine = this.o.store.epoch();
    if (hw.epoch !== null && hw.epoch !== mine) {
      this.o.log.warn({ centreEpoch: hw.epoch, epoch: mine, highWater: hw.highWater, lastSeq: last }, 'the centre last ingested from another database of this hall; it will compare content');
    }
    if (hw.highWater > last) {
      this.o.log.warn({ highWater: hw.highWater, lastSeq: last }, 'the centre holds more events than this database: restored from a backup? the centre will compare content');
    }
    this.accepted(hw.highWater);
    // Re-send the last event both sides hold, so every reconnect is also a content check.
    this.next = Math.max(1, Math.min(hw.highWater, last));
    this.connected = true;
  }

  /** The next consecutive events to send (a hole in the outbox, which migration 6 rules out, cuts the batch). */
  private read(): UplinkRow[] {
    const rows = this.o.store.rowsFrom(this.next!, this.maxBatch, this.maxBytes);
    for (let i = 0; i < rows.length; i++) {
      if (rows[i]!.seq !== this.next! + i) {
        if (i === 0) throw new Error(`the outbox has no event ${this.next} (next is ${rows[0]!.seq})`);
        return rows.slice(0, i);
      }
    }
    return rows;
  }

  private async send(rows: UplinkRow[]): Promise<void> {
    const body = `{"hall":${JSON.stringify(this.o.hallCode())},"epoch":${JSON.stringify(this.o.store.epoch())},"events":[${rows.map((r) => r.body).join(',')}]}`;
    const ack = UplinkAck.parse(await this.request('POST', '/api/uplink/v1/events', body));
    const lastSent = rows[rows.length - 1]!.seq;
    this.accepted(Math.min(ack.highWater, lastSent));
    // Normally the centre now holds everything sent; if it says less, resume from what it holds.
    this.next = ack.highWater >= lastSent ? lastSent + 1 : ack.highWater + 1;
  }

  /** The centre holds every event up to `seq`: record it and move the cursor. */
  private accepted(seq: number): void {
    const now = this.o.clock.now();
    this.highWater = seq;
    this.lastAckAt = now.toISOString();
    this.connected = true;
    if (this.state === 'starting' || this.state === 'retrying') this.state = 'connected';
    if (this.failures) this.o.log.info({ highWater: seq, failures: this.failures }, 'uplink reconnected');
    this.failures = 0;
    this.error = null;
    if (this.o.store.open) this.o.outbox.advance(UPLINK_CONSUMER, seq, now);
  }

  /** Records a failure; true when the next attempt should follow at once (a gap: resume from the centre's mark). */
  private fail(error: unknown): boolean {
    this.connected = false;
    this.next = undefined;
    if (error instanceof UplinkRefused && HALTING.has(error.code)) {
      this.state = 'halted';
      this.error = { code: error.code, message: error.message };
      this.o.log.error({ code: error.code, status: error.status, details: error.details, highWater: this.highWater }, 'uplink halted: the centre refused this hall; it sends nothing more until this is resolved');
      this.o.onHalt?.(this.status());
      return false;
    }
    if (error instanceof UplinkRefused && error.code === 'UPLINK_GAP') {
      // The centre lost or never had what the cursor assumed: resume from its mark at once.
      this.error = { code: error.code, message: error.message };
      this.o.log.warn({ details: error.details }, 'the centre reports a gap; resuming from its high-water mark');
      return true;
    }
    this.failures++;
    this.state = 'retrying';
    this.error = error instanceof UplinkRefused ? { code: error.code, message: error.message } : { code: 'UPLINK_UNREACHABLE', message: describeError(error) };
    // One line per outage, then one every so often: a long WAN cut must not flood the log.
    if (this.failures === 1 || this.failures % 20 === 0) this.o.log.warn({ failures: this.failures, error: this.error }, 'uplink to the centre failed; retrying with back-off');
    return false;
  }

  private async request(method: 'GET' | 'POST', path: string, body?: string): Promise<unknown> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.o.token}`,
        accept: 'application/json',
        'user-agent': 'HallQ-Uplink/1',
        ...(body !== undefined ? { 'content-type': 'application/json; charset=utf-8' } : {}),
      },
      ...(body !== undefined ? { body } : {}),
      redirect: 'manual',
      signal: AbortSignal.any([timeout, this.controller.signal]),
    });
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.status >= 200 && res.status < 300) return json;
    const refusal = ApiErrorBody.safeParse(json);
    if (refusal.success) throw new UplinkRefused(res.status, refusal.data.error.code, refusal.data.error.message, refusal.data.error.details);
    throw new UplinkRefused(res.status, `HTTP_${res.status}`, `the centre answered HTTP ${res.status}`, undefined);
  }
}

function describeError(e: unknown): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return 'no answer from the centre in time';
  const cause = err?.cause?.code ?? err?.cause?.message;
  return `${err?.message ?? String(e)}${cause ? ` (${cause})` : ''}`.slice(0, 300);
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
