import type { Server as HttpServer } from 'node:http';
import { DeliveryListQuery, WebhookCreateBody, WebhookSettings, WebhookUpdateBody } from '../../contract/admin.ts';
import { EmptyBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import { readSetting, writeSetting } from '../supervision/settings.ts';
import { toWebhookView, WebhookDispatcher, type WebhookRow } from '../webhooks/dispatcher.ts';
import { newSecret } from '../webhooks/signature.ts';
import { DomainError } from '../common/errors.ts';
import { intParam, type AddRoute } from './route.ts';

const SETTINGS_KEY = 'webhooks';

/**
 * Webhooks for external platforms (e.g. a provincial 好差评 platform): admin-only configuration, the
 * delivery log, a test ping, a manual retry, and "deliver what is due now". The dispatcher stops when
 * the server closes.
 */
export function webhookRoutes(add: AddRoute, ctx: HallContext, http: HttpServer): WebhookDispatcher {
  const db = ctx.engine.core.db;
  const settings = () => readSetting(db, SETTINGS_KEY, WebhookSettings);
  const dispatcher = new WebhookDispatcher({ db, clock: ctx.clock, log: ctx.log.child({ area: 'webhooks' }), settings });
  const off = dispatcher.start((listener) => ctx.engine.onEvents(listener));
  http.once('close', () => {
    off();
    void dispatcher.stop();
  });

  const row = (id: number): WebhookRow => {
    const r = db.prepare('SELECT * FROM webhooks WHERE id = ? AND retired = 0').get(id) as WebhookRow | undefined;
    if (!r) throw new DomainError('not_found', 'NOT_FOUND', `没有找到推送地址 ${id}。`);
    return r;
  };
  const now = () => ctx.clock.now().toISOString();

  add({ method: 'get', path: '/api/admin/webhooks', summary: 'Webhooks (secrets are never shown again)', tag: 'webhooks', allow: ['admin'] }, () => ({
    webhooks: (db.prepare('SELECT * FROM webhooks WHERE retired = 0 ORDER BY id').all() as WebhookRow[]).map(toWebhookView),
  }));

  add(
    { method: 'post', path: '/api/admin/webhooks', summary: 'Add a webhook; the answer shows its secret once', tag: 'webhooks', allow: ['admin'], body: WebhookCreateBody, audit: 'admin.webhooks.create' },
    ({ body }) => {
      const secret = body.secret ?? newSecret();
      const at = now();
      const id = Number(
        db
          .prepare('INSERT INTO webhooks (url, events, secret, description, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(body.url, JSON.stringify([...new Set(body.events)]), secret, body.description ?? null, body.active ? 1 : 0, at, at).lastInsertRowid,
      );
      dispatcher.reload();
      return { webhook: toWebhookView(row(id)), secret };
    },
  );

  add(
    { method: 'put', path: '/api/admin/webhooks/:id', summary: 'Replace a webhook (the secret only when given)', tag: 'webhooks', allow: ['admin'], body: WebhookUpdateBody, audit: 'admin.webhooks.update' },
    ({ params, body }) => {
      const current = row(intParam(params.id, 'id'));
      db.prepare('UPDATE webhooks SET url = ?, events = ?, secret = ?, description = ?, active = ?, updated_at = ? WHERE id = ?').run(
        body.url,
        JSON.stringify([...new Set(body.events)]),
        body.secret ?? current.secret,
        body.description ?? null,
        body.active ? 1 : 0,
        now(),
        current.id,
      );
      dispatcher.reload();
      return { webhook: toWebhookView(row(current.id)) };
    },
  );

  add({ method: 'delete', path: '/api/admin/webhooks/:id', summary: 'Remove a webhook (its delivery log is kept)', tag: 'webhooks', allow: ['admin'], audit: 'admin.webhooks.retire' }, ({ params }) => {
    const current = row(intParam(params.id, 'id'));
    db.prepare('UPDATE webhooks SET retired = 1, active = 0, updated_at = ? WHERE id = ?').run(now(), current.id);
    dispatcher.reload();
    return { ok: true };
  });

  add(
    { method: 'get', path: '/api/admin/webhooks/:id/deliveries', summary: "A webhook's delivery log, newest first", tag: 'webhooks', allow: ['admin'], query: DeliveryListQuery },
    ({ params, query }) => ({ deliveries: dispatcher.deliveries(row(intParam(params.id, 'id')).id, query) }),
  );

  add(
    { method: 'post', path: '/api/admin/webhooks/:id/ping', summary: 'Send a signed test delivery', tag: 'webhooks', allow: ['admin'], body: EmptyBody, audit: 'admin.webhooks.ping' },
    async ({ params }) => {
      const hook = row(intParam(params.id, 'id'));
      const id = dispatcher.ping(hook.id, ctx.engine.catalog.hall.code);
      await dispatcher.deliverDue();
      return { delivery: dispatcher.deliveries(hook.id, { limit: 20 }).find((d) => d.id === id) ?? null };
    },
  );

  add(
    { method: 'post', path: '/api/admin/webhook-deliveries/:id/retry', summary: 'One more attempt for a delivery that gave up', tag: 'webhooks', allow: ['admin'], body: EmptyBody, audit: 'admin.webhooks.retry' },
    async ({ params }) => {
      if (!dispatcher.retry(params.id ?? '')) throw new DomainError('conflict', 'NOT_FAILED', '只能重发已放弃的推送。');
      await dispatcher.deliverDue();
      return { ok: true };
    },
  );

  add(
    { method: 'post', path: '/api/admin/webhooks/dispatch', summary: 'Deliver everything due now and wait for it', tag: 'webhooks', allow: ['admin'], body: EmptyBody },
    async () => ({ attempted: await dispatcher.deliverDue() }),
  );

  add({ method: 'get', path: '/api/admin/webhook-settings', summary: 'Webhook retry and timeout settings', tag: 'webhooks', allow: ['admin'] }, () => settings());
  add(
    { method: 'put', path: '/api/admin/webhook-settings', summary: 'Replace the webhook retry and timeout settings', tag: 'webhooks', allow: ['admin'], body: WebhookSettings, audit: 'admin.webhooks.settings' },
    ({ body }) => {
      if (body.maxDelaySeconds < body.baseDelaySeconds) throw new DomainError('invalid', 'VALIDATION_FAILED', '最长间隔不能小于首次重试间隔。', { issues: [{ path: 'maxDelaySeconds', message: 'below baseDelaySeconds' }] });
      writeSetting(db, SETTINGS_KEY, body);
      return body;
    },
  );

  return dispatcher;
}
