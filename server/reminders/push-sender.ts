import webPush from 'web-push';
import type { PushSubscriptionJson, ReminderPayload } from '../../contract/remote.ts';
import type { VapidKeys } from './vapid.ts';

/** The subscription is gone (the citizen switched reminders off, or the browser dropped it): 404 or 410. */
export class PushGoneError extends Error {
  constructor(readonly status: number) {
    super(`the push service no longer knows this subscription (${status})`);
    this.name = 'PushGoneError';
  }
}

export interface PushSender {
  readonly publicKey: string;
  send(subscription: PushSubscriptionJson, payload: ReminderPayload, topic: string): Promise<void>;
}

/**
 * Web Push with the `web-push` package: the payload is encrypted for the browser's keys (RFC 8291,
 * aes128gcm) and signed with the hall's VAPID key. `topic` lets a push service replace a message that
 * is still undelivered when the same reminder is sent again after a crash.
 */
export function webPushSender(keys: VapidKeys, subject: string, timeoutMs = 10_000): PushSender {
  return {
    publicKey: keys.publicKey,
    async send(subscription, payload, topic) {
      try {
        await webPush.sendNotification(
          { endpoint: subscription.endpoint, keys: subscription.keys },
          JSON.stringify(payload),
          { vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey }, TTL: 15 * 60, urgency: 'high', topic, timeout: timeoutMs },
        );
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        if (status === 404 || status === 410) throw new PushGoneError(status);
        throw error;
      }
    },
  };
}
