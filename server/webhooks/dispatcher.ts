import { randomUUID } from 'node:crypto';
import type { WebhookAttemptView, WebhookDeliveryView, WebhookSettings, WebhookView } from '../../contract/admin.ts';
import type { HallEvent } from '../../contract/events.ts';
import type { Logger } from '../common/logger.ts';
import type { Clock } from '../common/clock.ts';
import type { Db } from '../store/db.ts';
import { signBody } from './signature.ts';

export interface WebhookRow {
  id: number;
  url: string;
  events: string;
  secret: string;
  description: string | null;
  active: number;
  retired: number;
  created_at: string;
  updated_at: string;
}

interface DeliveryRow {
  id: string;
  webhook_id: number;
  event_type: string;
  event_seq: number | null;
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface DispatcherOptions {
  db: Db;
  clock: Clock;
  log: Logger;
  settings: () => WebhookSettings;
  /** How often (real time) due retries are looked for; they fall due by the injected clock. */
  pollMs?: number;
}

/** Delay before attempt n+1 after n failed attempts: base·2^(n−1) seconds, capped. */
export function backoffSeconds(failedAttempts: number, s: Pick<WebhookSettings, 'baseDelaySeconds' | 'maxDelaySeconds'>): number {
  return Math.min(s.maxDelaySeconds, s.baseDelaySeconds * 2 ** Math.max(0, failedAttempts - 1));
}

export function toWebhookView(r: WebhookRow): WebhookView {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as string[],
    description: r.description,
    active: r.active === 1,
    secretHint: `…${r.secret.slice(-4)}`,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * Webhooks (DESIGN.md §1 十三): committed engine events go, as the event log's own JSON (identity
 * already masked, never a full ID number), to every active webhook subscribed to their type. Each
 * (event, webhook) is a delivery row written before anything is sent, so a restart loses nothing; it is
 * POSTed with X-HallQ-Event, X-HallQ-Delivery and X-HallQ-Signature (HMAC-SHA256 of the body), retried
 * with capped exponential back-off on any non-2xx answer or network error, and every attempt is logged.
 * Redirects are not followed: deliveries go only to the URL an admin configured.
 */
export class WebhookDispatcher {
  private hooks: WebhookRow[] = [];
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private kick: NodeJS.Immediate | undefined;
  private stopped = false;

  constructor(private readonly o: DispatcherOptions) {
    this.reload();
  }

  /** Re-reads the webhook list after an admin change. */
  reload(): void {
    this.hooks = this.o.db.prepare('SELECT * FROM webhooks WHERE retired = 0 AND active = 1').all() as WebhookRow[];
  }

  start(onEvents: (listener: (events: HallEvent[]) => void) => () => void): () => void {
    const off = onEvents((events) => this.enqueueEvents(events));
    this.timer = setInterval(() => void this.deliverDue(), this.o.pollMs ?? 1000);
    this.timer.unref();
    this.schedule();
    return off;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    if (this.kick) clearImmediate(this.kick);
    for (const c of this.controllers) c.abort();
    await Promise.allSettled([...this.inflight.values()]);
  }

  private alive(): boolean {
    return !this.stopped && this.o.db.open;
  }

  enqueueEvents(events: HallEvent[]): void {
    if (!this.hooks.length || !this.alive()) return;
    const at = this.o.clock.now().toISOString();
    let queued = 0;
    this.o.db.transaction(() => {
      for (const e of events) {
        const body = JSON.stringify(e);
        for (const h of this.hooks) {
          const types = JSON.parse(h.events) as string[];
          if (!types.includes('*') && !types.includes(e.type)) continue;
          this.insert(h.id, e.type, e.seq, body, at);
          queued++;
        }
      }
    })();
    if (queued) this.schedule();
  }

  /** A test delivery to one webhook (the admin's "send a ping" button). */
  ping(webhookId: number, hall: string): string {
    const at = this.o.clock.now().toISOString();
    const id = this.insert(webhookId, 'webhook.ping', null, JSON.stringify({ type: 'webhook.ping', at, hall, webhook: webhookId }), at);
    this.schedule();
    return id;
  }

  /** One more attempt for a delivery that gave up (the admin's "retry" button). */
  retry(deliveryId: string): boolean {
    const changes = this.o.db
      .prepare("UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ? WHERE id = ? AND state = 'failed'")
      .run(this.o.clock.now().toISOString(), deliveryId).changes;
    if (changes) this.schedule();
    return changes > 0;
  }

  private insert(webhookId: number, type: string, seq: number | null, body: string, at: string): string {
    const id = randomUUID();
    this.o.db
      .prepare("INSERT INTO webhook_deliveries (id, webhook_id, event_type, event_seq, body, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)")
      .run(id, webhookId, type, seq, body, at, at);
    return id;
  }

  private schedule(): void {
    if (this.kick || !this.alive()) return;
    this.kick = setImmediate(() => {
      this.kick = undefined;
      void this.deliverDue();
    });
  }

  /**
   * Attempts every delivery due by the clock that is not already in flight, then waits for all
   * in-flight attempts (its own and the timer's). Resolves with the number it started.
   */
  async deliverDue(): Promise<number> {
    if (!this.alive()) return 0;
    const due = this.o.db
      .prepare("SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT 100")
      .all(this.o.clock.now().toISOString()) as DeliveryRow[];
    let started = 0;
    for (const d of due) {
      if (this.inflight.has(d.id)) continue;
      const p = this.attempt(d).finally(() => this.inflight.delete(d.id));
      this.inflight.set(d.id, p);
      started++;
    }
    await Promise.allSettled([...this.inflight.values()]);
    return started;
  }

  private async attempt(d: DeliveryRow): Promise<void> {
    const hook = this.o.db.prepare('SELECT * FROM webhooks WHERE id = ?').get(d.webhook_id) as WebhookRow | undefined;
    const settings = this.o.settings();
    const attempt = d.attempts + 1;
    const startedAt = this.o.clock.now().toISOString();
    const t0 = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    if (!hook || hook.retired || !hook.active) {
      error = '接收地址已停用';
    } else {
      const controller = new AbortController();
      this.controllers.add(controller);
      const timeout = setTimeout(() => controller.abort(new Error(`no answer within ${settings.timeoutMs} ms`)), settings.timeoutMs);
      try {
        const res = await fetch(hook.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'HallQ-Webhook/1',
            'x-hallq-event': d.event_type,
            'x-hallq-delivery': d.id,
            'x-hallq-signature': signBody(hook.secret, d.body),
          },
          body: d.body,
          redirect: 'manual',
          signal: controller.signal,
        });
        status = res.status;
        await res.body?.cancel().catch(() => undefined);
        if (status < 200 || status >= 300) error = `HTTP ${status}`;
      } catch (e) {
        const err = e as Error & { cause?: { code?: string; message?: string } };
        error = controller.signal.aborted && controller.signal.reason instanceof Error ? controller.signal.reason.message : `${err.message}${err.cause?.code ? ` (${err.cause.code})` : err.cause?.message ? ` (${err.cause.message})` : ''}`;
      } finally {
        clearTimeout(timeout);
        this.controllers.delete(controller);
      }
    }
    if (!this.alive()) return;
    const duration = Math.round(performance.now() - t0);
    const now = this.o.clock.now();
    this.o.db.transaction(() => {
      this.o.db
        .prepare('INSERT INTO webhook_attempts (delivery_id, attempt, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)')
        .run(d.id, attempt, startedAt, status, error?.slice(0, 300) ?? null, duration);
      if (error === null) {
        this.o.db
          .prepare("UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, last_status = ?, last_error = NULL, next_attempt_at = NULL, delivered_at = ? WHERE id = ?")
          .run(attempt, status, now.toISOString(), d.id);
      } else {
        const giveUp = attempt >= settings.maxAttempts || !hook || hook.retired === 1 || hook.active === 0;
        const next = giveUp ? null : new Date(now.getTime() + backoffSeconds(attempt, settings) * 1000).toISOString();
        this.o.db
          .prepare('UPDATE webhook_deliveries SET state = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?')
          .run(giveUp ? 'failed' : 'pending', attempt, status, error.slice(0, 300), next, d.id);
      }
    })();
    if (error !== null) this.o.log.warn({ webhook: d.webhook_id, delivery: d.id, attempt, error }, 'webhook delivery failed');
  }

  deliveries(webhookId: number, filter: { state?: string | undefined; limit: number }): WebhookDeliveryView[] {
    const rows = this.o.db
      .prepare(`SELECT * FROM webhook_deliveries WHERE webhook_id = ? ${filter.state ? 'AND state = ?' : ''} ORDER BY created_at DESC, rowid DESC LIMIT ?`)
      .all(...[webhookId, ...(filter.state ? [filter.state] : []), filter.limit]) as DeliveryRow[];
    const attempts = this.o.db.prepare('SELECT attempt, at, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt, id');
    return rows.map((r) => ({
      id: r.id,
      webhookId: r.webhook_id,
      eventType: r.event_type,
      eventSeq: r.event_seq,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastStatus: r.last_status,
      lastError: r.last_error,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at,
      log: (attempts.all(r.id) as { attempt: number; at: string; status: number | null; error: string | null; duration_ms: number }[]).map(
        (a): WebhookAttemptView => ({ attempt: a.attempt, at: a.at, status: a.status, error: a.error, durationMs: a.duration_ms }),
      ),
    }));
  }
}
