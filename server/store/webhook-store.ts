import type { Db } from './db.ts';

export interface WebhookRow {
  id: number;
  url: string;
  events: string;
  secret: string;
  description: string | null;
  active: number;
  retired: number;
  from_seq: number;
  created_at: string;
  updated_at: string;
}

export interface DeliveryRow {
  id: string;
  webhook_id: number;
  event_type: string;
  event_seq: number | null;
  idempotency_key: string | null;
  body: string;
  state: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface AttemptRow {
  attempt: number;
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface NewDelivery {
  id: string;
  webhookId: number;
  type: string;
  seq: number | null;
  key: string | null;
  body: string;
  at: string;
}

export interface WebhookFields {
  url: string;
  events: string[];
  secret: string;
  description: string | null;
  active: boolean;
}

/** The webhooks, their deliveries and the attempt log. */
export class WebhookStore {
  private readonly s;

  constructor(private readonly db: Db) {
    this.s = {
      active: db.prepare('SELECT * FROM webhooks WHERE retired = 0 AND active = 1 ORDER BY id'),
      live: db.prepare('SELECT * FROM webhooks WHERE retired = 0 ORDER BY id'),
      byId: db.prepare('SELECT * FROM webhooks WHERE id = ?'),
      all: db.prepare('SELECT * FROM webhooks ORDER BY id'),
      setSecret: db.prepare('UPDATE webhooks SET secret = ? WHERE id = ?'),
      insert: db.prepare('INSERT INTO webhooks (url, events, secret, description, active, from_seq, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      update: db.prepare('UPDATE webhooks SET url = ?, events = ?, secret = ?, description = ?, active = ?, updated_at = ? WHERE id = ?'),
      retire: db.prepare('UPDATE webhooks SET retired = 1, active = 0, updated_at = ? WHERE id = ?'),
      insertDelivery: db.prepare(
        "INSERT INTO webhook_deliveries (id, webhook_id, event_type, event_seq, idempotency_key, body, state, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)",
      ),
      retry: db.prepare("UPDATE webhook_deliveries SET state = 'pending', next_attempt_at = ? WHERE id = ? AND state = 'failed'"),
      due: db.prepare("SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, created_at LIMIT ?"),
      insertAttempt: db.prepare('INSERT INTO webhook_attempts (delivery_id, attempt, at, status, error, duration_ms) VALUES (?, ?, ?, ?, ?, ?)'),
      delivered: db.prepare("UPDATE webhook_deliveries SET state = 'delivered', attempts = ?, last_status = ?, last_error = NULL, next_attempt_at = NULL, delivered_at = ? WHERE id = ?"),
      failed: db.prepare('UPDATE webhook_deliveries SET state = ?, attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?'),
      listAll: db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
      listState: db.prepare('SELECT * FROM webhook_deliveries WHERE webhook_id = ? AND state = ? ORDER BY created_at DESC, rowid DESC LIMIT ?'),
      attempts: db.prepare('SELECT attempt, at, status, error, duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY attempt, id'),
    };
  }

  get open(): boolean {
    return this.db.open;
  }

  /** Runs `fn` as one transaction (a savepoint when already inside one). */
  atomically<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  activeHooks(): WebhookRow[] {
    return this.s.active.all() as WebhookRow[];
  }

  liveHooks(): WebhookRow[] {
    return this.s.live.all() as WebhookRow[];
  }

  /** Every webhook, retired ones too (the start-up sealing of secrets stored in clear). */
  allHooks(): WebhookRow[] {
    return this.s.all.all() as WebhookRow[];
  }

  /** Replaces a stored secret as it is (already sealed by the caller). */
  setSecret(id: number, secret: string): void {
    this.s.setSecret.run(secret, id);
  }

  hook(id: number): WebhookRow | undefined {
    return this.s.byId.get(id) as WebhookRow | undefined;
  }

  create(f: WebhookFields, fromSeq: number, at: string): number {
    return Number(this.s.insert.run(f.url, JSON.stringify(f.events), f.secret, f.description, f.active ? 1 : 0, fromSeq, at, at).lastInsertRowid);
  }

  update(id: number, f: WebhookFields, at: string): void {
    this.s.update.run(f.url, JSON.stringify(f.events), f.secret, f.description, f.active ? 1 : 0, at, id);
  }

  retire(id: number, at: string): void {
    this.s.retire.run(at, id);
  }

  addDelivery(d: NewDelivery): void {
    this.s.insertDelivery.run(d.id, d.webhookId, d.type, d.seq, d.key, d.body, d.at, d.at);
  }

  retryFailed(id: string, at: string): boolean {
    return this.s.retry.run(at, id).changes > 0;
  }

  due(at: string, limit: number): DeliveryRow[] {
    return this.s.due.all(at, limit) as DeliveryRow[];
  }

  /** Logs an attempt and moves the delivery on, in one transaction. */
  recordAttempt(
    d: { id: string; attempt: number; startedAt: string; status: number | null; error: string | null; durationMs: number },
    next: { state: 'delivered'; at: string } | { state: 'pending' | 'failed'; nextAttemptAt: string | null },
  ): void {
    this.db.transaction(() => {
      this.s.insertAttempt.run(d.id, d.attempt, d.startedAt, d.status, d.error, d.durationMs);
      if (next.state === 'delivered') this.s.delivered.run(d.attempt, d.status, next.at, d.id);
      else this.s.failed.run(next.state, d.attempt, d.status, d.error, next.nextAttemptAt, d.id);
    })();
  }

  deliveries(webhookId: number, state: string | undefined, limit: number): DeliveryRow[] {
    return (state ? this.s.listState.all(webhookId, state, limit) : this.s.listAll.all(webhookId, limit)) as DeliveryRow[];
  }

  attemptsOf(deliveryId: string): AttemptRow[] {
    return this.s.attempts.all(deliveryId) as AttemptRow[];
  }
}
