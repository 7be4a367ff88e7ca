import type { Actor, HallEvent } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import type { Db } from '../store/db.ts';
import { loadCatalog, type Catalog } from './catalog.ts';
import type { Clock } from '../common/clock.ts';
import { QueueError } from './errors.ts';
import { EventLog, type NewEvent } from './event-log.ts';
import { businessDay } from '../common/hall-time.ts';
import { StorageGuard } from '../store/storage-guard.ts';
import { toTicketView, type TicketPatch, type TicketRow } from './ticket-rows.ts';

export const SYSTEM: Actor = { kind: 'system', id: null };

/** A clock that went backwards: both readings, the clock's local date and the day the hall stays on. */
export interface ClockStep {
  from: string;
  to: string;
  clockDay: string;
  hallDay: string;
}

/** What a command sees while it runs inside its transaction. */
export interface Tx {
  now: Date;
  day: string;
  emit(e: NewEvent): HallEvent;
}

/**
 * The engine's shared machinery: one synchronous SQLite transaction per command (single writer, so a
 * read-check-write can never interleave with another), events appended in that transaction and
 * published only after it commits, and the business day rolled over before any command of a new day.
 */
export class EngineCore {
  catalog: Catalog;
  readonly log: EventLog;
  private readonly listeners = new Set<(events: HallEvent[]) => void>();
  private readonly patchStatements = new Map<string, ReturnType<Db['prepare']>>();
  private readonly selectTicket;
  private readonly selectCurrent;
  private readonly selectDay;
  private group: { events: HallEvent[] } | undefined;
  /** The events of the outermost command transaction open outside a group, published when it commits. */
  private open: HallEvent[] | undefined;
  /** BEGIN…COMMIT, or a savepoint when a transaction is open; made once (better-sqlite3 builds four wrappers per call). */
  private readonly inTransaction: (fn: () => unknown) => unknown;
  private readonly itemSavepoint;
  private readonly itemRelease;
  private readonly itemRollback;
  private queued: { fn: () => unknown; resolve: (value: unknown) => void; reject: (error: unknown) => void }[] = [];
  private flushScheduled = false;
  /** Where subscriber failures go; the composition root points it at the logger. */
  onListenerError: (error: unknown) => void = (error) => console.error('event subscriber failed', error);
  /** Set by the engine: closes the previous business day inside a transaction. */
  rollover: ((tx: Tx, fromDay: string) => void) | undefined;
  /** Where a clock step is reported (a warning in the log); the composition root sets it. */
  onClockStep: (step: ClockStep) => void = () => undefined;
  /** The stored business day, read once and kept in step by ensureDay (the only writer). */
  private heldDay: string | undefined;
  /** The last clock reading ensureDay saw, to notice a step backwards. */
  private lastSeen: number | undefined;
  /** Full disk and I/O errors: refusals that name the storage, the reserve for sign-in, recovery. */
  readonly storage: StorageGuard;

  constructor(readonly db: Db, readonly clock: Clock, storage?: StorageGuard) {
    this.storage = storage ?? new StorageGuard({ db, clock, reserve: false });
    this.catalog = loadCatalog(db);
    this.log = new EventLog(db, () => this.catalog.hall.code);
    this.selectTicket = db.prepare('SELECT * FROM tickets WHERE id = ?');
    this.selectCurrent = db.prepare("SELECT * FROM tickets WHERE window = ? AND state IN ('called','serving') ORDER BY called_at DESC LIMIT 1");
    this.selectDay = db.prepare("SELECT value FROM settings WHERE key = 'business_day'");
    this.inTransaction = db.transaction((fn: () => unknown) => fn());
    this.itemSavepoint = db.prepare('SAVEPOINT grouped_item');
    this.itemRelease = db.prepare('RELEASE grouped_item');
    this.itemRollback = db.prepare('ROLLBACK TO grouped_item');
  }

  reloadCatalog(): void {
    this.catalog = loadCatalog(this.db);
  }

  onEvents(listener: (events: HallEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The hall's business day: the clock's local date, but never earlier than the day the hall is on. A
   * clock stepped back across midnight (an NTP correction) keeps the hall on the day it had begun, so
   * nothing is issued into a day that was already closed.
   */
  today(at: Date = this.clock.now()): string {
    const clockDay = businessDay(at, this.catalog.hall.timezone);
    const held = this.heldDay ?? (this.heldDay = this.storedDay());
    return held !== undefined && held > clockDay ? held : clockDay;
  }

  /** The business day the database is on; it lags the clock until the first command of a new day. */
  storedDay(): string | undefined {
    const row = this.selectDay.get() as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as string) : undefined;
  }

  /**
   * Runs `fn` as one transaction; publishes its events after the commit. Throws QueueError refusals
   * unchanged and storage failures as STORAGE_FULL / STORAGE_ERROR refusals. `critical` writes
   * (sign-in, sign-out) go through while the storage is full, from its reserve.
   */
  run<T>(fn: (tx: Tx) => T, options: { critical?: boolean } = {}): T {
    this.storage.beforeWrite(options.critical);
    this.ensureDay();
    return this.transact(fn);
  }

  /** Closes the old day if the clock has moved past it. Safe to call from a timer at any time. */
  ensureDay(): void {
    const now = this.clock.now();
    const clockDay = businessDay(now, this.catalog.hall.timezone);
    const stored = this.heldDay ?? (this.heldDay = this.storedDay());
    this.noticeClock(now, clockDay, stored);
    // Only forward: a clock stepped back across midnight (e.g. an NTP correction) must not reopen a closed day.
    if (stored !== undefined && stored >= clockDay) return;
    this.transact((tx) => {
      if (stored !== undefined && this.rollover) this.rollover(tx, stored);
      this.db
        .prepare("INSERT INTO settings (key, value) VALUES ('business_day', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
        .run(JSON.stringify(clockDay));
    });
    this.heldDay = clockDay;
  }

  /** Reports a clock that went backwards by more than a second since the last command (once per step). */
  private noticeClock(now: Date, clockDay: string, heldDay: string | undefined): void {
    const t = now.getTime();
    const last = this.lastSeen;
    this.lastSeen = t;
    if (last === undefined || t >= last - 1000) return;
    this.onClockStep({ from: new Date(last).toISOString(), to: now.toISOString(), clockDay, hallDay: heldDay ?? clockDay });
  }

  private transact<T>(fn: (tx: Tx) => T): T {
    // Inside a group commit, or inside another command's transaction (a use case running an engine
    // command in its audited transaction), the events join the outer list and are published only
    // once the outermost transaction has committed.
    const outer = this.group?.events ?? this.open;
    const pending: HallEvent[] = outer ?? [];
    const mark = pending.length;
    const now = this.clock.now();
    const day = this.today(now);
    const tx: Tx = {
      now,
      day,
      emit: (e) => {
        const event = this.log.append(e, now, day);
        pending.push(event);
        return event;
      },
    };
    if (!outer) this.open = pending;
    let result: T;
    try {
      // Inside a group or another transaction this is a savepoint: the command is still all-or-nothing on its own.
      result = this.inTransaction(() => fn(tx)) as T;
    } catch (error) {
      pending.length = mark;
      // The outermost level has rolled back: a full disk or an I/O fault becomes its refusal here.
      throw outer ? error : this.storage.failure(error);
    } finally {
      if (!outer) this.open = undefined;
    }
    if (!outer) {
      if (!this.db.inTransaction) this.storage.committed();
      this.publish(pending);
    }
    return result;
  }

  private publish(events: HallEvent[]): void {
    if (!events.length) return;
    // The command has committed: a failing subscriber must neither make it look failed to the caller
    // (a kiosk would issue a second ticket) nor keep the other subscribers from hearing of it.
    for (const l of this.listeners) {
      try {
        l(events);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  /**
   * Group commit. `fn` (synchronous work: engine commands, audit entries, reads) runs together with the
   * other requests that arrived in the same turn of the event loop, in ONE durable transaction — one
   * fsync for many tickets — each in its own savepoint, so a refusal rolls back only its own work. The
   * promise settles after the commit; events are published after the commit, in seq order. If `fn`
   * returns a promise, only its synchronous part is in the group; what it does after an await runs on
   * its own.
   */
  grouped<T>(fn: () => T): Promise<Awaited<T>> {
    return new Promise<Awaited<T>>((resolve, reject) => {
      this.queued.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const batch = this.queued;
    this.queued = [];
    const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    const group = { events: [] as HallEvent[] };
    try {
      this.ensureDay();
      this.group = group;
      this.inTransaction(() => {
        for (const item of batch) {
          const mark = group.events.length;
          this.itemSavepoint.run();
          try {
            outcomes.push({ ok: true, value: item.fn() });
            this.itemRelease.run();
          } catch (error) {
            try {
              this.itemRollback.run();
              this.itemRelease.run();
            } catch {
              // SQLite rolled the whole transaction back (a full disk does): the group fails with the cause.
              throw error;
            }
            group.events.length = mark;
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, I/O error): nothing of the group is durable.
      const refusal = this.storage.failure(error);
      for (const item of batch) item.reject(refusal);
      return;
    } finally {
      this.group = undefined;
    }
    this.storage.committed();
    this.publish(group.events);
    batch.forEach((item, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) item.resolve(outcome.value);
      else item.reject(this.storage.failure(outcome.error));
    });
  }

  ticketRow(id: string): TicketRow {
    const row = this.selectTicket.get(id) as TicketRow | undefined;
    if (!row) throw new QueueError('UNKNOWN_TICKET');
    return row;
  }

  ticket(id: string): TicketView {
    return toTicketView(this.ticketRow(id));
  }

  currentRow(window: number): TicketRow | undefined {
    return this.selectCurrent.get(window) as TicketRow | undefined;
  }

  /** Applies a patch and returns the ticket as it now is. */
  patch(id: string, patch: TicketPatch): TicketView {
    const keys = Object.keys(patch).sort();
    const sig = keys.join(',');
    let stmt = this.patchStatements.get(sig);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE tickets SET ${keys.map((k) => `${k} = @${k}`).join(', ')} WHERE id = @id`);
      this.patchStatements.set(sig, stmt);
    }
    stmt.run({ ...patch, id });
    return this.ticket(id);
  }
}
