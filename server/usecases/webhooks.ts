import type { WebhookCreateBody, WebhookDeliveryView, WebhookSettings, WebhookUpdateBody, WebhookView } from '../../contract/admin.ts';
import { DomainError, notFound } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { WebhookRow } from '../store/webhook-store.ts';
import { newSecret } from '../webhooks/signature.ts';
import { saveSettingIn } from '../queue/settings-commands.ts';

/** Where the webhook retry and timeout settings live in the settings table. */
export const WEBHOOK_SETTINGS_KEY = 'webhooks';
import { actorOf, type Caller } from './caller.ts';
import { audited } from './audited.ts';

/**
 * Webhooks for external platforms (e.g. a provincial 好差评 platform). A webhook's configuration is
 * hall configuration: each change is a `config.changed` event carrying the webhook without its secret,
 * committed with the row and the audit entry.
 */
function liveHook(ctx: HallContext, id: number): WebhookRow {
  const r = ctx.webhooks.store.hook(id);
  if (!r || r.retired) throw notFound(`没有找到推送地址 ${id}。`);
  return r;
}

export function listWebhooks(ctx: HallContext): { webhooks: WebhookView[] } {
  return { webhooks: ctx.webhooks.store.liveHooks().map((r) => ctx.webhooks.dispatcher.view(r)) };
}

const DESTINATION_MESSAGES = {
  invalid_url: '推送地址必须是 http:// 或 https:// 开头的完整网址。',
  unresolvable: '推送地址的域名无法解析，请核对网址。',
  refused_destination:
    '推送地址指向本机、内网、链路本地或云平台元数据等非公网地址，已拒绝。如确需推送到政务内网的平台，请由系统管理员在 HALL_WEBHOOK_ALLOW 中登记该网段后重试。',
} as const;

/** Refuses a destination the hall server must not reach (server/webhooks/destination.ts), before anything is written. */
async function checkDestination(ctx: HallContext, url: string): Promise<void> {
  const refusal = await ctx.webhooks.dispatcher.destinationRefusal(url);
  if (refusal) throw new DomainError('invalid', 'WEBHOOK_DESTINATION_REFUSED', DESTINATION_MESSAGES[refusal], { issues: [{ path: 'url', message: refusal }] });
}

export async function createWebhook(ctx: HallContext, caller: Caller, body: WebhookCreateBody): Promise<{ webhook: WebhookView; secret: string }> {
  await checkDestination(ctx, body.url);
  const secret = body.secret ?? newSecret();
  const result = audited(ctx, caller, { action: 'admin.webhooks.create', target: (r: { webhook: WebhookView }) => String(r.webhook.id) }, (tx) => {
    // The webhook owes nothing of the past: its first event is the one announcing it.
    const fromSeq = ctx.engine.core.log.lastSeq();
    // Sealed at rest (AES-256-GCM); the plain secret is in this answer only.
    const fields = { url: body.url, events: [...new Set(body.events)], secret: ctx.webhooks.dispatcher.seal(secret), description: body.description ?? null, active: body.active };
    const id = ctx.webhooks.store.create(fields, fromSeq, tx.now.toISOString());
    const webhook = ctx.webhooks.dispatcher.view(liveHook(ctx, id));
    ctx.engine.config.announce(tx, { entity: 'webhooks', code: String(id), op: 'create', value: webhook }, actorOf(caller.principal));
    return { webhook, secret };
  });
  ctx.webhooks.dispatcher.reload();
  return result;
}

export async function updateWebhook(ctx: HallContext, caller: Caller, id: number, body: WebhookUpdateBody): Promise<{ webhook: WebhookView }> {
  await checkDestination(ctx, body.url);
  const result = audited(ctx, caller, { action: 'admin.webhooks.update', target: String(id) }, (tx) => {
    const current = liveHook(ctx, id);
    const fields = { url: body.url, events: [...new Set(body.events)], secret: body.secret !== undefined ? ctx.webhooks.dispatcher.seal(body.secret) : current.secret, description: body.description ?? null, active: body.active };
    ctx.webhooks.store.update(id, fields, tx.now.toISOString());
    const webhook = ctx.webhooks.dispatcher.view(liveHook(ctx, id));
    ctx.engine.config.announce(tx, { entity: 'webhooks', code: String(id), op: 'update', value: webhook }, actorOf(caller.principal));
    return { webhook };
  });
  ctx.webhooks.dispatcher.reload();
  return result;
}

export function retireWebhook(ctx: HallContext, caller: Caller, id: number): { ok: true } {
  const result = audited(ctx, caller, { action: 'admin.webhooks.retire', target: String(id) }, (tx) => {
    liveHook(ctx, id);
    ctx.webhooks.store.retire(id, tx.now.toISOString());
    ctx.engine.config.announce(tx, { entity: 'webhooks', code: String(id), op: 'retire', value: null }, actorOf(caller.principal));
    return { ok: true as const };
  });
  ctx.webhooks.dispatcher.reload();
  return result;
}

export function webhookDeliveries(ctx: HallContext, id: number, filter: { state?: string | undefined; limit: number }): { deliveries: WebhookDeliveryView[] } {
  return { deliveries: ctx.webhooks.dispatcher.deliveries(liveHook(ctx, id).id, filter) };
}

/** A signed test delivery; resolves once it was attempted. */
export async function pingWebhook(ctx: HallContext, caller: Caller, id: number): Promise<{ delivery: WebhookDeliveryView | null }> {
  const deliveryId = audited(ctx, caller, { action: 'admin.webhooks.ping', target: String(id) }, () => ctx.webhooks.dispatcher.ping(liveHook(ctx, id).id, ctx.engine.catalog.hall.code));
  await ctx.webhooks.dispatcher.deliverDue();
  return { delivery: ctx.webhooks.dispatcher.deliveries(id, { limit: 20 }).find((d) => d.id === deliveryId) ?? null };
}

export async function retryDelivery(ctx: HallContext, caller: Caller, deliveryId: string): Promise<{ ok: true }> {
  audited(ctx, caller, { action: 'admin.webhooks.retry', target: deliveryId }, () => {
    if (!ctx.webhooks.dispatcher.retry(deliveryId)) throw new DomainError('conflict', 'NOT_FAILED', '只能重发已放弃的推送。');
  });
  await ctx.webhooks.dispatcher.deliverDue();
  return { ok: true };
}

export function webhookSettings(ctx: HallContext): WebhookSettings {
  return ctx.webhooks.settings();
}

export function replaceWebhookSettings(ctx: HallContext, caller: Caller, body: WebhookSettings): WebhookSettings {
  if (body.maxDelaySeconds < body.baseDelaySeconds) {
    throw new DomainError('invalid', 'VALIDATION_FAILED', '最长间隔不能小于首次重试间隔。', { issues: [{ path: 'maxDelaySeconds', message: 'below baseDelaySeconds' }] });
  }
  return audited(ctx, caller, { action: 'admin.webhooks.settings', target: null }, (tx) => {
    saveSettingIn(ctx.engine.core, tx, WEBHOOK_SETTINGS_KEY, body, actorOf(caller.principal));
    return body;
  });
}
