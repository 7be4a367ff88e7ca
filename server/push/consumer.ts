import { EvaluationRecordedData, type EvaluationRecord } from '../../contract/evaluation.ts';
import type { PushItemView, PushState, PushTargetView } from '../../contract/push.ts';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { SecretBox } from '../webhooks/secret-box.ts';
import type { DestinationPolicy } from '../webhooks/destination.ts';
import { pushBackoffMs } from './backoff.ts';
import { PushConfigError, type ResolvedPushConfig } from './config.ts';
import { recordKeyOf, toPayload } from './mapping.ts';
import type { PushItemRow, PushStore, PushTargetRow } from './push-store.ts';
import { postRecord, type PushOutcome } from './send.ts';

/** The outbox consumer name (its cursor in outbox_cursors). */
export const PUSH_CONSUMER = 'evaluation-push';

/** One record version for one target, as the consumer takes it in. */
export interface QueuedItem {
  target: PushTargetRow;
  record: EvaluationRecord;
  recordKey: string;
  seq: number;
}

export interface SettledAttempt {
  attempt: number;
  at: string;
  outcome: PushOutcome;
  durationMs: number;
  /** For a retry: when the next attempt falls due. */
  nextAttemptAt: string | null;
}

/**
 * Where the consumer writes: the use-case layer (server/usecases/push.ts), so that every push state
 * is an `evaluation.push_state` event in the hall's log and outbox (the uplink carries it to the centre).
 */
export interface PushJournal {
  /** One transaction: the items, their `pending` events, and the consumer's cursor at `cursor`. */
  queue(items: readonly QueuedItem[], cursor: number): void;
  /** One transaction: the attempt's log row, the item's new state, and its event when the state changed. */
  settle(item: PushItemRow, attempt: SettledAttempt): void;
}

export interface PushConsumerOptions {
  config: ResolvedPushConfig;
  store: PushStore;
  outbox: OutboxStore;
  clock: Clock;
  log: Logger;
  /** Seals target tokens at rest (push-tokens.key in the secrets directory). */
  secrets: SecretBox;
  /** Where pushes may go (HALL_PUSH_ALLOW, else HALL_WEBHOOK_ALLOW); checked at every attempt. */
  policy: DestinationPolicy;
  /** How often (real ms) unread outbox rows and due retries are looked for. */
  pollMs?: number;
  random?: () => number;
  /** The hall's time zone, for the local-time fields (evaluatedAtLocal …); default Asia/Shanghai. */
  timeZone?: () => string;
}

function openOrNull(secrets: SecretBox, stored: string): string | null {
  try {
    return secrets.open(stored);
  } catch {
    return null;
  }
}

/**
 * The 好差评 push (issue 11 part 4), an outbox consumer with its own cursor. It reads the outbox after
 * the cursor and, for every `evaluation.recorded` (each version of a visit's record), queues one item
 * per active target in ONE transaction with the cursor, so a crash neither loses nor doubles an item.
 * Items are POSTed as JSON by the target's field map and code map with `Idempotency-Key:
 * <record id>:<revision>`, the same on every attempt and every 补报, so a receiver that saw an attempt
 * whose answer was lost recognises the retry. 2xx: sent. 4xx: rejected with the receiver's reason,
 * not retried. 5xx, 408/429, timeouts, network errors: retried with jittered back-off, for as long as
 * it takes. All of it runs beside the hall's work: a commit only wakes it.
 */
export class PushConsumer {
  private readonly controllers = new Set<AbortController>();
  private readonly inflight = new Set<number>();
  private readonly chains = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private kick: NodeJS.Immediate | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private journal: PushJournal | undefined;
  /** How far this process has read the outbox (the stored cursor may lag behind it, see takeIn). */
  private readTo = 0;
  private advancedAt = 0;

  constructor(private readonly o: PushConsumerOptions) {
    this.syncTargets();
  }

  private zone(): string {
    return this.o.timeZone?.() ?? 'Asia/Shanghai';
  }

  get store(): PushStore {
    return this.o.store;
  }

  /** The targets of the configuration into the database, tokens sealed; targets no longer configured stop. */
  private syncTargets(): void {
    const now = this.o.clock.now().toISOString();
    const fromSeq = this.o.outbox.lastSeq();
    this.o.store.atomically(() => {
      for (const t of this.o.config.targets) {
        const existing = this.o.store.target(t.code);
        if (!t.token && !existing) throw new PushConfigError(`push target ${t.code} has no token: give token or tokenEnv in the push file`);
        const token = t.token ? this.o.secrets.seal(t.token) : existing!.token;
        this.o.store.saveTarget(
          { code: t.code, name: t.name, url: t.url, token, authHeader: t.authHeader, authScheme: t.authScheme, timeoutMs: t.timeoutMs, fieldMap: t.fieldMap, codeMap: t.codeMap, active: t.active },
          existing ? existing.from_seq : fromSeq,
          now,
        );
      }
      this.o.store.deactivateAllBut(this.o.config.targets.map((t) => t.code), now);
      // A retry is never more than the longest back-off away: one scheduled further out was scheduled by a
      // clock that has since stepped back (or a restored machine), and would otherwise wait that long.
      const latest = new Date(this.o.clock.now().getTime() + this.o.config.backoff.maxSeconds * 1000).toISOString();
      const clamped = this.o.store.clampDue(now, latest);
      if (clamped) this.o.log.warn({ items: clamped }, 'push retries scheduled beyond the longest back-off are due now (the clock stepped back)');
      // Registered at the current seq: the push owes what is rated from now on, not the hall's history.
      this.o.outbox.cursorOf(PUSH_CONSUMER, () => fromSeq, this.o.clock.now());
    });
  }

  /** Starts consuming after every commit (`onEvents`) and on a timer (rows a crash left, due retries). */
  start(journal: PushJournal, onEvents: (listener: () => void) => () => void): () => void {
    this.journal = journal;
    const off = onEvents(() => this.schedule());
    this.timer = setInterval(() => this.schedule(), this.o.pollMs ?? 1000);
    this.timer.unref();
    this.schedule();
    return off;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    if (this.kick) clearImmediate(this.kick);
    for (const c of this.controllers) c.abort();
    await this.running;
    await Promise.allSettled([...this.chains]);
  }

  private alive(): boolean {
    return !this.stopped && this.o.store.open && this.journal !== undefined;
  }

  /** Wakes the consumer (a commit, the timer, a 补报). */
  schedule(): void {
    if (!this.alive()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.kick) return;
    this.kick = setImmediate(() => {
      this.kick = undefined;
      this.running = this.pass()
        .then(() => undefined)
        .catch((error: unknown) => this.o.log.error({ err: error }, 'push pass failed'))
        .finally(() => {
          this.running = undefined;
          if (this.again) {
            this.again = false;
            this.schedule();
          }
        });
    });
  }

  /**
   * Takes in the outbox and attempts what is due; resolves when every attempt under way is settled,
   * this pass's and any other's (tests, the console). An item is claimed when a pass picks it, so two
   * passes never attempt it twice.
   */
  async pass(): Promise<number> {
    if (!this.alive()) return 0;
    this.takeIn();
    const due = this.o.store.due(this.o.clock.now().toISOString(), 200).filter((d) => !this.inflight.has(d.id));
    for (const d of due) this.inflight.add(d.id);
    // One target's items go one after the other (in the order they fell due); targets go side by side.
    const byTarget = new Map<string, PushItemRow[]>();
    for (const d of due) byTarget.set(d.target, [...(byTarget.get(d.target) ?? []), d]);
    for (const items of byTarget.values()) {
      const chain = (async () => {
        for (const item of items) {
          try {
            if (this.alive()) await this.attempt(item);
          } catch (error) {
            // The item stays pending as it was (its state is written in one transaction or not at all).
            this.o.log.error({ err: error, target: item.target, item: item.id }, 'push attempt could not be recorded');
          } finally {
            this.inflight.delete(item.id);
          }
        }
      })();
      this.chains.add(chain);
      void chain.then(() => this.chains.delete(chain));
    }
    await Promise.allSettled([...this.chains]);
    return due.length;
  }

  /** Queues what the outbox holds after the cursor. */
  takeIn(): number {
    if (!this.alive()) return 0;
    let queued = 0;
    const targets = this.o.store.targets().filter((t) => t.active === 1);
    for (;;) {
      const stored = this.o.outbox.cursorOf(PUSH_CONSUMER, () => this.o.outbox.lastSeq(), this.o.clock.now());
      const from = Math.max(stored, this.readTo);
      const entries = this.o.outbox.entriesAfter(from, 500);
      if (!entries.length) break;
      const items: QueuedItem[] = [];
      for (const { seq, event } of entries) {
        if (event.type !== 'evaluation.recorded') continue;
        const parsed = EvaluationRecordedData.safeParse(event.data);
        if (!parsed.success) {
          this.o.log.warn({ seq, issues: parsed.error.issues.slice(0, 3) }, 'an evaluation.recorded event without a readable record: not pushed');
          continue;
        }
        const record = parsed.data.record;
        for (const target of targets) {
          if (seq <= target.from_seq) continue;
          items.push({ target, record, recordKey: recordKeyOf(record), seq });
        }
      }
      const last = entries[entries.length - 1]!.seq;
      this.readTo = last;
      if (items.length) {
        this.journal!.queue(items, last);
      } else if (last - stored >= 200 || Date.now() - this.advancedAt > 10_000) {
        // Nothing to push in these: the stored cursor may lag (re-reading them queues nothing twice),
        // so a busy hall's every commit does not cost the push a write of its own.
        this.o.outbox.advance(PUSH_CONSUMER, last, this.o.clock.now());
        this.advancedAt = Date.now();
      }
      queued += items.length;
      if (entries.length < 500) break;
    }
    return queued;
  }

  private async attempt(item: PushItemRow): Promise<void> {
    const target = this.o.store.target(item.target);
    const attempt = item.attempts + 1;
    const at = this.o.clock.now().toISOString();
    const t0 = performance.now();
    let outcome: PushOutcome;
    const token = target ? openOrNull(this.o.secrets, target.token) : null;
    if (!target || target.active !== 1) {
      outcome = { kind: 'rejected', status: null, reason: '推送目标已停用' };
    } else if (token === null) {
      // Sealed with a key this server does not have (restored without the secrets directory).
      outcome = { kind: 'rejected', status: null, reason: '推送令牌无法解密：请在推送配置中重新填写令牌' };
    } else {
      const record = JSON.parse(item.record) as EvaluationRecord;
      const body = JSON.stringify(toPayload(record, JSON.parse(target.field_map) as Record<string, string>, JSON.parse(target.code_map) as Record<string, string | number>, this.zone()));
      const controller = new AbortController();
      this.controllers.add(controller);
      try {
        outcome = await postRecord({
          url: target.url,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            accept: 'application/json',
            'user-agent': 'HallQ-Push/1',
            'idempotency-key': item.record_key,
            [target.auth_header.toLowerCase()]: target.auth_scheme ? `${target.auth_scheme} ${token}` : token,
          },
          body,
          timeoutMs: target.timeout_ms,
          policy: this.o.policy,
          signal: controller.signal,
        });
      } finally {
        this.controllers.delete(controller);
      }
    }
    if (!this.o.store.open || this.stopped) return;
    const durationMs = Math.round(performance.now() - t0);
    const nextAttemptAt =
      outcome.kind === 'retry' ? new Date(this.o.clock.now().getTime() + pushBackoffMs(attempt, this.o.config.backoff, this.o.random)).toISOString() : null;
    this.journal!.settle(item, { attempt, at, outcome, durationMs, nextAttemptAt });
    if (outcome.kind === 'retry') {
      if (attempt === 1 || attempt % 20 === 0) this.o.log.warn({ target: item.target, item: item.id, attempt, reason: outcome.reason }, 'push attempt failed; retrying with back-off');
    } else if (outcome.kind === 'rejected') {
      this.o.log.warn({ target: item.target, item: item.id, attempt, status: outcome.status, reason: outcome.reason }, 'push rejected by the receiver; not retried until 补报');
    }
  }

  // ── the console's views ───────────────────────────────────────────────────────────────────────

  targetViews(): PushTargetView[] {
    const counts = this.o.store.counts();
    return this.o.store.targets().map((t) => ({
      code: t.code,
      name: t.name,
      url: t.url,
      authHeader: t.auth_header,
      tokenHint: `…${openOrNull(this.o.secrets, t.token)?.slice(-4) ?? '????'}`,
      timeoutMs: t.timeout_ms,
      fieldMap: JSON.parse(t.field_map) as Record<string, string>,
      codeMap: JSON.parse(t.code_map) as Record<string, string | number>,
      active: t.active === 1,
      counts: counts.get(t.code) ?? { pending: 0, sent: 0, rejected: 0 },
    }));
  }

  itemView(r: PushItemRow): PushItemView {
    const record = JSON.parse(r.record) as EvaluationRecord;
    const target = this.o.store.target(r.target);
    let payload: Record<string, unknown> = {};
    try {
      if (target) payload = toPayload(record, JSON.parse(target.field_map) as Record<string, string>, JSON.parse(target.code_map) as Record<string, string | number>, this.zone());
    } catch {
      payload = {};
    }
    return {
      id: r.id,
      target: r.target,
      recordKey: r.record_key,
      recordId: record.id,
      revision: record.revision,
      ticketId: r.ticket_id,
      ticketNumber: record.ticketNumber,
      day: record.day,
      grade: record.grade,
      evaluatedAt: record.at,
      state: r.state,
      attempts: r.attempts,
      lastStatus: r.last_status,
      reason: r.last_error,
      nextAttemptAt: r.state === 'pending' ? r.next_attempt_at : null,
      createdAt: r.created_at,
      sentAt: r.sent_at,
      payload,
      log: this.o.store.attemptsOf(r.id).map((a) => ({ attempt: a.attempt, at: a.at, status: a.status, outcome: a.outcome, reason: a.reason, durationMs: a.duration_ms })),
    };
  }

  items(filter: { target?: string | undefined; state?: PushState | undefined; limit: number }): PushItemView[] {
    return this.o.store.items(filter).map((r) => this.itemView(r));
  }
}
