import { randomUUID } from 'node:crypto';
import type { WebhookAttemptView, WebhookDeliveryView, WebhookSettings, WebhookView } from '../../contract/admin.ts';
import type { Logger } from '../common/logger.ts';
import type { Clock } from '../common/clock.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { DeliveryRow, WebhookRow, WebhookStore } from '../store/webhook-store.ts';
import { signBody } from './signature.ts';
import { SecretBox } from './secret-box.ts';
import { postWebhook } from './delivery.ts';
import type { DestinationPolicy } from './destination.ts';

export type { WebhookRow };

/** The outbox consumer name (its cursor in outbox_cursors). */
export const WEBHOOK_CONSUMER = 'webhooks';

export interface DispatcherOptions {
  store: WebhookStore;
  outbox: OutboxStore;
  clock: Clock;
  log: Logger;
  settings: () => WebhookSettings;
  /** Seals webhook secrets at rest (key in the secrets directory); opened only to sign a delivery. */
  secrets: SecretBox;
  /** Which destinations deliveries may reach (HALL_WEBHOOK_ALLOW); checked again at every attempt. */
  policy: DestinationPolicy;
  /** How often (real time) due retries and unread outbox rows are looked for; retries fall due by the injected clock. */
  pollMs?: number;
}

/** Delay before attempt n+1 after n failed attempts: base·2^(n−1) seconds, capped. */
export function backoffSeconds(failedAttempts: number, s: Pick<WebhookSettings, 'baseDelaySeconds' | 'maxDelaySeconds'>): number {
  return Math.min(s.maxDelaySeconds, s.baseDelaySeconds * 2 ** Math.max(0, failedAttempts - 1));
}

/** A sealed secret, or null when it cannot be opened (the secrets directory was lost or replaced). */
function openOrNull(secrets: SecretBox, stored: string): string | null {
  try {
    return secrets.open(stored);
  } catch {
    return null;
  }
}

export function toWebhookView(r: WebhookRow, secrets: SecretBox): WebhookView {
  return {
    id: r.id,
    url: r.url,
    events: JSON.parse(r.events) as string[],
    description: r.description,
    active: r.active === 1,
    secretHint: `…${openOrNull(secrets, r.secret)?.slice(-4) ?? '????'}`,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const subscribed = (h: WebhookRow, type: string): boolean => {
  const types = JSON.parse(h.events) as string[];
  return types.includes('*') || types.includes(type);
};

/**
 * Webhooks (DESIGN.md §1 十三), an outbox consumer. Committed events reach the outbox in their own
 * transaction; this consumer reads the outbox after its cursor and, in ONE transaction, writes a delivery
 * row per (event, subscribed webhook) and moves its cursor, so a crash at any point neither loses an
 * event nor fans it out twice. Each delivery is POSTed as the event log's own JSON (identity already
 * masked) with X-HallQ-Event, X-HallQ-Delivery, X-HallQ-Idempotency-Key (hall code + seq, the same on
 * every attempt) and X-HallQ-Signature (HMAC-SHA256 of the body); retried with capped exponential
 * back-off on any non-2xx answer or network error, every attempt logged in coarse classes only
 * (delivery.ts). Destinations are checked at every attempt (destination.ts); secrets are sealed at rest
 * (secret-box.ts) and opened only to sign. Delivery is at least once: a
 * crash after the receiver answered but before the answer was recorded sends it again with the same
 * key. Redirects are not followed: deliveries go only to the URL an admin configured.
 */
export class WebhookDispatcher {
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly controllers = new Set<AbortController>();
  private timer: NodeJS.Timeout | undefined;
  private kick: NodeJS.Immediate | undefined;
  private stopped = false;
  private hooks: WebhookRow[] = [];

  constructor(private readonly o: DispatcherOptions) {
    this.sealPlainSecrets();
    this.reload();
  }

  /** The admin's view of a webhook (its secret only as a hint). */
  view(r: WebhookRow): WebhookView {
    return toWebhookView(r, this.o.secrets);
  }

  /** Why a URL may not be a webhook destination (destination.ts), or null when it may. */
  async destinationRefusal(url: string): Promise<'invalid_url' | 'unresolvable' | 'refused_destination' | null> {
    const check = await this.o.policy.check(url);
    return check.ok ? null : check.reason;
  }

  /** A webhook secret as the store keeps it: sealed. */
  seal(secret: string): string {
    return this.o.secrets.seal(secret);
  }

  /** Seals the secrets a version before sealing left in clear (once, at start-up; idempotent). */
  private sealPlainSecrets(): number {
    if (!this.o.store.open) return 0;
    let sealed = 0;
    this.o.store.atomically(() => {
      for (const h of this.o.store.allHooks()) {
        if (SecretBox.isSealed(h.secret)) continue;
        this.o.store.setSecret(h.id, this.o.secrets.seal(h.secret));
        sealed++;
      }
    });
    if (sealed) this.o.log.info({ sealed }, 'webhook secrets sealed at rest (AES-256-GCM, key in the secrets directory)');
    return sealed;
  }

  /** Re-reads the webhook list after an admin change. */
  reload(): void {
    if (this.alive()) this.hooks = this.o.store.activeHooks();
  }

  /** Starts consuming: after every commit (`onEvents`) and on a timer, for rows left by a crash and due retries. */
  start(onEvents: (listener: () => void) => () => void): () => void {
    // With no active webhook nothing is owed: a commit need not wake the dispatcher (the timer still looks for retries).
    const off = onEvents(() => {
      if (this.hooks.length) this.schedule();
    });
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
    await Promise.allSettled([...this.inflight.values()]);
  }

  private alive(): boolean {
    return !this.stopped && this.o.store.open;
  }

  /**
   * Takes in what the outbox holds after the cursor. With no active webhook the cursor may lag: a webhook
   * only ever receives events after the one current when it was created (`from_seq`), so nothing is owed.
   */
  takeIn(): number {
    if (!this.alive() || !this.hooks.length) return 0;
    const now = this.o.clock.now();
    let queued = 0;
    for (;;) {
      const cursor = this.o.outbox.cursorOf(WEBHOOK_CONSUMER, () => this.o.outbox.lastSeq(), now);
      const entries = this.o.outbox.entriesAfter(cursor, 500);
      if (!entries.length) break;
      this.o.store.atomically(() => {
        const at = now.toISOString();
        for (const { seq, key, event } of entries) {
          const body = JSON.stringify(event);
          for (const h of this.hooks) {
            if (seq <= h.from_seq || !subscribed(h, event.type)) continue;
            this.o.store.addDelivery({ id: randomUUID(), webhookId: h.id, type: event.type, seq, key, body, at });
            queued++;
          }
        }
        this.o.outbox.advance(WEBHOOK_CONSUMER, entries[entries.length - 1]!.seq, now);
      });
      if (entries.length < 500) break;
    }
    return queued;
  }

  /** A test delivery to one webhook (the admin's "send a ping" button). */
  ping(webhookId: number, hall: string): string {
    const at = this.o.clock.now().toISOString();
    const id = randomUUID();
    const body = JSON.stringify({ type: 'webhook.ping', at, hall, webhook: webhookId });
    this.o.store.addDelivery({ id, webhookId, type: 'webhook.ping', seq: null, key: `${hall}:ping:${id}`, body, at });
    this.schedule();
    return id;
  }

  /** One more attempt for a delivery that gave up (the admin's "retry" button). */
  retry(deliveryId: string): boolean {
    const changed = this.o.store.retryFailed(deliveryId, this.o.clock.now().toISOString());
    if (changed) this.schedule();
    return changed;
  }

  private schedule(): void {
    if (this.kick || !this.alive()) return;
    this.kick = setImmediate(() => {
      this.kick = undefined;
      void this.deliverDue().catch((error: unknown) => this.o.log.error({ err: error }, 'webhook dispatch failed'));
    });
  }

  /**
   * Takes in the outbox, attempts every delivery due by the clock that is not already in flight, then
   * waits for all in-flight attempts (its own and the timer's). Resolves with the number it started.
   */
  async deliverDue(): Promise<number> {
    if (!this.alive()) return 0;
    this.takeIn();
    const due = this.o.store.due(this.o.clock.now().toISOString(), 100);
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
    const hook = this.o.store.hook(d.webhook_id);
    const settings = this.o.settings();
    const attempt = d.attempts + 1;
    const startedAt = this.o.clock.now().toISOString();
    const t0 = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    const secret = hook ? openOrNull(this.o.secrets, hook.secret) : null;
    if (!hook || hook.retired || !hook.active) {
      error = '接收地址已停用';
    } else if (secret === null) {
      // Sealed with a key this server does not have (a restore without the secrets directory): nothing
      // can be signed until an admin gives the webhook a new secret.
      error = 'secret_unavailable';
    } else {
      const controller = new AbortController();
      this.controllers.add(controller);
      try {
        const outcome = await postWebhook({
          url: hook.url,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'user-agent': 'HallQ-Webhook/1',
            'x-hallq-event': d.event_type,
            'x-hallq-delivery': d.id,
            'x-hallq-idempotency-key': d.idempotency_key ?? d.id,
            'x-hallq-signature': signBody(secret, d.body),
          },
          body: d.body,
          timeoutMs: settings.timeoutMs,
          policy: this.o.policy,
          signal: controller.signal,
        });
        status = outcome.status;
        error = outcome.error;
      } finally {
        this.controllers.delete(controller);
      }
    }
    if (!this.alive()) return;
    const durationMs = Math.round(performance.now() - t0);
    const now = this.o.clock.now();
    const base = { id: d.id, attempt, startedAt, status, error: error?.slice(0, 300) ?? null, durationMs };
    if (error === null) {
      this.o.store.recordAttempt(base, { state: 'delivered', at: now.toISOString() });
    } else {
      // A refused destination stays refused until an admin changes the URL or the allow-list: no retries.
      const giveUp = attempt >= settings.maxAttempts || !hook || hook.retired === 1 || hook.active === 0 || error === 'refused_destination' || error === 'secret_unavailable';
      const next = giveUp ? null : new Date(now.getTime() + backoffSeconds(attempt, settings) * 1000).toISOString();
      this.o.store.recordAttempt(base, { state: giveUp ? 'failed' : 'pending', nextAttemptAt: next });
      this.o.log.warn({ webhook: d.webhook_id, delivery: d.id, attempt, error }, 'webhook delivery failed');
    }
  }

  deliveries(webhookId: number, filter: { state?: string | undefined; limit: number }): WebhookDeliveryView[] {
    return this.o.store.deliveries(webhookId, filter.state, filter.limit).map((r) => ({
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
      log: this.o.store.attemptsOf(r.id).map((a): WebhookAttemptView => ({ attempt: a.attempt, at: a.at, status: a.status, error: a.error, durationMs: a.duration_ms })),
    }));
  }
}
