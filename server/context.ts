import type { WebhookSettings } from '../contract/admin.ts';
import type { AuditLog } from './audit/audit-log.ts';
import type { IdentityProtector } from './auth/personal-data.ts';
import type { ContactBox } from './auth/contact-box.ts';
import type { Sessions } from './auth/sessions.ts';
import type { StatusKeys } from './auth/status-keys.ts';
import type { Clock } from './common/clock.ts';
import type { Logger } from './common/logger.ts';
import type { QueueEngine } from './queue/engine.ts';
import type { WebhookStore } from './store/webhook-store.ts';
import type { WebhookDispatcher } from './webhooks/dispatcher.ts';
import type { HallQueries } from './usecases/queries.ts';
import type { Metrics } from './observability/metrics.ts';
import type { UplinkStatus } from './uplink/uplink.ts';
import type { SmsGateway } from './sms/gateway.ts';
import type { FakeSmsGateway } from './sms/fake-gateway.ts';

/** What use cases, routes and socket handlers share. Built once in app.ts; nothing here is a module global. */
export interface HallContext {
  engine: QueueEngine;
  sessions: Sessions;
  audit: AuditLog;
  identity: IdentityProtector;
  statusKeys: StatusKeys;
  /** Seals 差评 call-back numbers (AES-GCM, key outside the database). */
  contacts: ContactBox;
  clock: Clock;
  log: Logger;
  metrics: Metrics;
  /** The read side bound to the database, so no edge holds the handle. */
  queries: HallQueries;
  dataDir: string;
  webhooks: {
    store: WebhookStore;
    dispatcher: WebhookDispatcher;
    settings(): WebhookSettings;
  };
  /** The uplink to a central platform, when one is configured (its state is in /api/health). */
  uplink?: { status(): UplinkStatus };
  /** Where text messages go (server/sms/); `fake` is set in demo mode and tests, whose messages stay in memory. */
  sms: { gateway: SmsGateway; fake?: FakeSmsGateway };
  /** Base URL for links printed on tickets (status page). */
  publicUrl(): string;
  /** Set by the realtime layer: drops live sockets of a session that ended (logout, password reset). */
  sessionEnded?: (sessionHash: string | null) => void;
}
