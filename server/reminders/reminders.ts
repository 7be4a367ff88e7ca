import { createHmac } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import { loadOrCreateKeyFile } from '../auth/secrets-dir.ts';
import { ContactProtector } from '../auth/contact-data.ts';
import type { QueueEngine } from '../queue/engine.ts';
import type { Db } from '../store/db.ts';
import { OutboxStore } from '../store/outbox-store.ts';
import { ReminderStore } from '../store/reminder-store.ts';
import type { SmsGateway } from '../sms/gateway.ts';
import { ContactBox } from './contact-box.ts';
import { ReminderConsumer } from './consumer.ts';
import { HallCode } from './hall-code.ts';
import { PushEndpointPolicy } from './push-endpoints.ts';
import { webPushSender, type PushSender } from './push-sender.ts';
import { loadOrCreateVapidKeys } from './vapid.ts';

export const REMINDER_KEY_FILE = 'reminder-contacts.key';

export interface RemindersOptions {
  /** Origins of push services besides the browsers' own (default: HALL_PUSH_SERVICES); tests name their local one. */
  pushServices?: readonly string[];
  /** The VAPID subject, a mailto: or https: URL push services may contact (default: HALL_VAPID_SUBJECT). */
  vapidSubject?: string;
  /** false: no Web Push at all (SMS reminders only). */
  push?: boolean;
  pollMs?: number;
}

/** What the remote-number and reminder use cases share: built once by the composition root. */
export interface Reminders {
  store: ReminderStore;
  box: ContactBox;
  hallCode: HallCode;
  policy: PushEndpointPolicy;
  /** The VAPID public key, or null when Web Push is off. */
  publicKey: string | null;
  sms: SmsGateway;
  consumer: ReminderConsumer;
  stop(): void;
}

export interface RemindersDeps {
  db: Db;
  engine: QueueEngine;
  sms: SmsGateway;
  clock: Clock;
  log: Logger;
  secretsDir: string;
  statusUrl(ticketId: string): string;
  options?: RemindersOptions;
}

/** Builds the reminder consumer and its keys (contact key, VAPID pair) and starts it on the engine's events. */
export function startReminders(d: RemindersDeps): Reminders {
  const o = d.options ?? {};
  const contactKey = loadOrCreateKeyFile({ file: path.join(d.secretsDir, REMINDER_KEY_FILE) });
  const box = new ContactBox(contactKey);
  const hallCode = new HallCode(createHmac('sha256', contactKey).update('hall-arrival-code').digest());
  const pushOn = o.push ?? process.env.HALL_WEB_PUSH !== 'off';
  const push: PushSender | null = pushOn
    ? webPushSender(loadOrCreateVapidKeys(d.secretsDir), o.vapidSubject ?? process.env.HALL_VAPID_SUBJECT ?? 'mailto:hallq@localhost')
    : null;
  const store = new ReminderStore(d.db);
  const consumer = new ReminderConsumer({
    store,
    outbox: new OutboxStore(d.db),
    engine: d.engine,
    box,
    push,
    sms: d.sms,
    clock: d.clock,
    log: d.log,
    statusUrl: d.statusUrl,
    // Bookings keep their phone sealed under the contact-data key; a checked-in booking is reminded on it.
    bookingPhones: ContactProtector.load(d.secretsDir),
    ...(o.pollMs !== undefined ? { pollMs: o.pollMs } : {}),
  });
  const stopConsumer = consumer.start((listener) => d.engine.onEvents(() => listener()));
  return {
    store,
    box,
    hallCode,
    policy: o.pushServices ? new PushEndpointPolicy(o.pushServices) : PushEndpointPolicy.fromEnv(),
    publicKey: push?.publicKey ?? null,
    sms: d.sms,
    consumer,
    stop: stopConsumer,
  };
}
