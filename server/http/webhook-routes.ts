import { DeliveryListQuery, WebhookCreateBody, WebhookSettings, WebhookUpdateBody, WebhookCreated, WebhookDeliveryList, WebhookDispatched, WebhookList, WebhookPinged, WebhookUpdated } from '../../contract/admin.ts';
import { EmptyBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import {
  createWebhook,
  listWebhooks,
  pingWebhook,
  replaceWebhookSettings,
  retireWebhook,
  retryDelivery,
  updateWebhook,
  webhookDeliveries,
  webhookSettings,
} from '../usecases/webhooks.ts';
import { callerOf, intParam, type AddRoute } from './route.ts';
import { Ok } from '../../contract/responses.ts';

/** Webhooks: admin-only configuration, the delivery log, a test ping, a manual retry, and "deliver what is due now". */
export function webhookRoutes(add: AddRoute, ctx: HallContext): void {
  add({ method: 'get', path: '/api/admin/webhooks', summary: 'Webhooks (secrets are never shown again)', tag: 'webhooks', response: WebhookList, allow: ['admin'] }, () => listWebhooks(ctx));
  add({ method: 'post', path: '/api/admin/webhooks', summary: 'Add a webhook; the answer shows its secret once', tag: 'webhooks', response: WebhookCreated, allow: ['admin'], body: WebhookCreateBody }, ({ body, principal, req }) =>
    createWebhook(ctx, callerOf(principal, req), body),
  );
  add({ method: 'put', path: '/api/admin/webhooks/:id', summary: 'Replace a webhook (the secret only when given)', tag: 'webhooks', response: WebhookUpdated, allow: ['admin'], body: WebhookUpdateBody }, ({ params, body, principal, req }) =>
    updateWebhook(ctx, callerOf(principal, req), intParam(params.id, 'id'), body),
  );
  add({ method: 'delete', path: '/api/admin/webhooks/:id', summary: 'Remove a webhook (its delivery log is kept)', tag: 'webhooks', response: Ok, allow: ['admin'] }, ({ params, principal, req }) =>
    retireWebhook(ctx, callerOf(principal, req), intParam(params.id, 'id')),
  );
  add(
    { method: 'get', path: '/api/admin/webhooks/:id/deliveries', summary: "A webhook's delivery log, newest first", tag: 'webhooks', response: WebhookDeliveryList, allow: ['admin'], query: DeliveryListQuery },
    ({ params, query }) => webhookDeliveries(ctx, intParam(params.id, 'id'), query),
  );
  add({ method: 'post', path: '/api/admin/webhooks/:id/ping', summary: 'Send a signed test delivery', tag: 'webhooks', response: WebhookPinged, allow: ['admin'], body: EmptyBody }, ({ params, principal, req }) =>
    pingWebhook(ctx, callerOf(principal, req), intParam(params.id, 'id')),
  );
  add(
    { method: 'post', path: '/api/admin/webhook-deliveries/:id/retry', summary: 'One more attempt for a delivery that gave up', tag: 'webhooks', response: Ok, allow: ['admin'], body: EmptyBody },
    ({ params, principal, req }) => retryDelivery(ctx, callerOf(principal, req), params.id ?? ''),
  );
  add({ method: 'post', path: '/api/admin/webhooks/dispatch', summary: 'Deliver everything due now and wait for it', tag: 'webhooks', response: WebhookDispatched, allow: ['admin'], body: EmptyBody }, async () => ({
    attempted: await ctx.webhooks.dispatcher.deliverDue(),
  }));
  add({ method: 'get', path: '/api/admin/webhook-settings', summary: 'Webhook retry and timeout settings', tag: 'webhooks', response: WebhookSettings, allow: ['admin'] }, () => webhookSettings(ctx));
  add({ method: 'put', path: '/api/admin/webhook-settings', summary: 'Replace the webhook retry and timeout settings', tag: 'webhooks', response: WebhookSettings, allow: ['admin'], body: WebhookSettings }, ({ body, principal, req }) =>
    replaceWebhookSettings(ctx, callerOf(principal, req), body),
  );
}
