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

/** The push service did not take the message (answered another status, or could not be reached). */
export class PushRefusedError extends Error {
  constructor(readonly status: number | null) {
    super(status === null ? 'the push service could not be reached' : `the push service answered ${status}`);
    this.name = 'PushRefusedError';
  }
}

export interface PushSender {
  readonly publicKey: string;
  send(subscription: PushSubscriptionJson, payload: ReminderPayload, topic: string): Promise<void>;
}

/**
 * Web Push with the `web-push` package: it encrypts the payload for the browser's keys (RFC 8291,
 * aes128gcm) and signs the request with the hall's VAPID key; the request itself goes out with fetch,
 * without following redirects (the endpoint was checked, push-endpoints.ts; a redirect would go
 * elsewhere). `topic` lets a push service replace a message still undelivered when the same reminder
 * is sent again after a crash.
 */
export function webPushSender(keys: VapidKeys, subject: string, timeoutMs = 10_000): PushSender {
  return {
    publicKey: keys.publicKey,
    async send(subscription, payload, topic) {
      const request = webPush.generateRequestDetails({ endpoint: subscription.endpoint, keys: subscription.keys }, JSON.stringify(payload), {
        vapidDetails: { subject, publicKey: keys.publicKey, privateKey: keys.privateKey },
        TTL: 15 * 60,
        urgency: 'high',
        topic,
        contentEncoding: 'aes128gcm',
      });
      let res: Response;
      try {
        res = await fetch(request.endpoint, {
          method: request.method,
          headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)])),
          body: request.body ? new Uint8Array(request.body) : null,
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer();
      } catch {
        throw new PushRefusedError(null);
      }
      if (res.status === 404 || res.status === 410) throw new PushGoneError(res.status);
      if (res.status < 200 || res.status > 299) throw new PushRefusedError(res.status);
    },
  };
}
