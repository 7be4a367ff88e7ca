import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { AuditLog } from './audit/audit-log.ts';
import { IdentityProtector, idMaskKeepFromEnv, loadOrCreateIdKey } from './auth/personal-data.ts';
import { ContactBox } from './auth/contact-box.ts';
import { loadOrCreateKeyFile } from './auth/secrets-dir.ts';
import { FirstRunGate } from './auth/first-run-gate.ts';
import { setupRoutes } from './http/setup-routes.ts';
import { needsFirstAdmin } from './usecases/first-run.ts';
import { SecretBox } from './webhooks/secret-box.ts';
import { DestinationPolicy } from './webhooks/destination.ts';
import { withoutDemoSecrets } from './auth/config-secrets.ts';
import { refuseDemoSecrets } from './production.ts';
import { resolvePrincipal } from './auth/resolve.ts';
import { Sessions, type SessionOptions } from './auth/sessions.ts';
import { StatusKeys } from './auth/status-keys.ts';
import type { HallContext } from './context.ts';
import { adminRoutes } from './http/admin-routes.ts';
import { deviceRoutes } from './http/device-routes.ts';
import { simulatorRoutes } from './http/simulator-routes.ts';
import { loadDevicesFile, type DevicesFile } from './devices/devices-file.ts';
import type { HardwareOptions } from '../agent/hardware/hardware.ts';
import { IdentityRefs } from './auth/identity-refs.ts';
import { DeviceManager } from './devices/manager.ts';
import { authRoutes } from './http/auth-routes.ts';
import { errorHandler } from './http/errors.ts';
import { originGuard, securityHeaders, trustProxySetting } from './http/security.ts';
import { readTlsFiles, tlsFromEnv, type TlsFiles } from './http/tls.ts';
import { judgeOrigin, type OriginPolicy } from './auth/request-origin.ts';
import { kioskRoutes } from './http/kiosk-routes.ts';
import { scanRoutes } from './http/scan-routes.ts';
import { kioskPrinterRoute } from './http/kiosk-printer-route.ts';
import { slipRoutes } from './http/slip-routes.ts';
import { Metrics } from './observability/metrics.ts';
import { requestLogger } from './observability/request-log.ts';
import { openApiDocument } from './http/openapi.ts';
import { uiPages } from './http/ui-pages.ts';
import { UI_DIR } from './ui-build.ts';
import { publicRoutes } from './http/public-routes.ts';
import { speechRoutes } from './http/speech-routes.ts';
import { routeKit, type RegisteredRoute } from './http/route.ts';
import { supervisorRoutes } from './http/supervisor-routes.ts';
import { statsRoutes } from './http/stats-routes.ts';
import { supervisionRoutes } from './http/supervision-routes.ts';
import { evaluationRoutes } from './http/evaluation-routes.ts';
import { helpRoutes } from './http/help-routes.ts';
import { Supervision } from './supervision/service.ts';
import { publishSupervisionAlerts } from './supervision/publisher.ts';
import { webhookRoutes } from './http/webhook-routes.ts';
import { WebhookDispatcher } from './webhooks/dispatcher.ts';
import { WebhookStore } from './store/webhook-store.ts';
import { OutboxStore } from './store/outbox-store.ts';
import { WebhookSettings } from '../contract/admin.ts';
import { readSetting } from './store/settings-store.ts';
import { WEBHOOK_SETTINGS_KEY } from './usecases/webhooks.ts';
import { hallQueries } from './usecases/queries.ts';
import { Uplink, type UplinkTarget } from './uplink/uplink.ts';
import { UplinkStore } from './store/uplink-store.ts';
import { startPush, type PushOption } from './push/wire.ts';
import type { PushConsumer } from './push/consumer.ts';
import { pushRoutes } from './http/push-routes.ts';
import { createSmsGateway, smsChoiceFromEnv, type SmsChoice } from './sms/env.ts';
import { createIdentityVerifier, identityVerifyFromEnv, type IdentityVerifyChoice } from './identity-verify/env.ts';
import { FakeSmsGateway } from './sms/fake-gateway.ts';
import { smsRoutes } from './http/sms-routes.ts';
import { remoteRoutes } from './http/remote-routes.ts';
import { startReminders, type RemindersOptions } from './reminders/reminders.ts';
import { statusUrl } from './usecases/receipt.ts';
import { bookingRoutes } from './http/booking-routes.ts';
import { BookingService } from './usecases/booking.ts';
import { bookingLimitsFromEnv, type BookingLimits } from './usecases/booking-limits.ts';
import { ContactProtector } from './auth/contact-data.ts';
import { StationAccounts } from './auth/station-accounts.ts';
import { StationDesk } from './usecases/booking-station.ts';
import { stationRoutes } from './http/station-routes.ts';

import { catalogCsvRoutes } from './http/catalog-csv-routes.ts';
import { windowRoutes } from './http/window-routes.ts';
import { describe } from './auth/principal.ts';
import { createLogger, type Logger } from './common/logger.ts';
import { systemClock, type Clock } from './common/clock.ts';
import { QueueEngine } from './queue/engine.ts';
import { attachRealtime, devicePush, type HallSocketServer } from './realtime/socket-server.ts';
import { openDatabase, type Db } from './store/db.ts';
import { isHallConfigured } from './store/hall-config-store.ts';
import { seedConfiguration } from './queue/config-commands.ts';
import { SYSTEM } from './queue/core.ts';
import { loadHallFile } from './store/hall-file.ts';
import { BackupScheduler } from './store/backup.ts';
import { DEFAULT_RESERVE, StorageGuard, type StorageReserveOptions } from './store/storage-guard.ts';
import type { HallConfig } from '../contract/config.ts';

export interface HallServerOptions {
  dataDir: string;
  /** hall.yaml used to seed an empty database. */
  configFile: string;
  /** Built UI folder (dist/ui by default). */
  uiDir?: string;
  /** An already-parsed configuration to seed with instead of the file (tests). */
  config?: HallConfig;
  port?: number;
  host?: string;
  clock?: Clock;
  logger?: Logger;
  publicUrl?: string;
  sessions?: SessionOptions;
  /** Nightly backups into the data folder; off in tests. */
  backups?: { keepDays: number } | false;
  /**
   * The devices wired to this server: a devices.yaml path, an already-parsed file, or false for none.
   * Default: HALL_DEVICES (a path, or "off"), else devices.yaml next to configFile when the hall was
   * given as a file (npm start: config/devices.yaml, simulated devices).
   */
  devices?: string | DevicesFile | false;
  /** Driver settings for the devices (tests: faster polls, serial bindings). */
  deviceOptions?: HardwareOptions;
  /** How long a card read may be used to issue (default 120 s). */
  identityRefTtlMs?: number;
  /** Room kept back for sign-in once the disk is full (store/storage-guard.ts); false for none. */
  storageReserve?: StorageReserveOptions | false;
  /** HTTPS with these PEM files (default: HALL_TLS_CERT and HALL_TLS_KEY), or false for plain HTTP. */
  tls?: TlsFiles | false;
  /** Proxies whose X-Forwarded-* headers count (default: HALL_TRUST_PROXY; off). */
  trustProxy?: string;
  /** Origins besides the server's own that may send changes (default: HALL_ALLOWED_ORIGINS, comma-separated). */
  allowedOrigins?: readonly string[];
  /**
   * Where the ID-hash and webhook-secret keys live, apart from the data folder (main.ts: HALL_SECRETS_DIR
   * or <install root>/secrets). Default: the data folder itself (tests and embedders).
   */
  secretsDir?: string;
  /** CIDR ranges webhooks may reach although private or loopback (default: HALL_WEBHOOK_ALLOW). */
  webhookAllow?: readonly string[];
  /** Characters of an ID number the masked form keeps (default: HALL_ID_MASK_KEEP, else 4). */
  idMaskKeep?: number;
  /**
   * Production mode (main.ts: NODE_ENV=production): an empty database is seeded without the demo
   * passwords and tokens, and the start is refused while the database uses one of `demoSources`.
   */
  production?: { demoSources: readonly HallConfig[] };
  /** Told when the first-run setup code changes after wrong tries (main.ts prints it). */
  onSetupCode?: (code: string) => void;
  /** The central platform this hall streams its events to (main.ts: HALL_UPLINK_URL, HALL_UPLINK_TOKEN); off when absent. */
  uplink?: UplinkTarget & { pollMs?: number; lingerMs?: number; timeoutMs?: number; backoff?: { baseMs: number; maxMs: number } };
  /** The 好差评 push targets (server/push/; default: the file HALL_PUSH_CONFIG names), or false for none. */
  push?: PushOption;
  /** The SMS gateway (default: HALL_SMS_URL/HALL_SMS_TOKEN, else the in-memory fake, or none in production). */
  sms?: SmsChoice;
  /** Call reminders: push services besides the browsers' own, the VAPID subject (server/reminders/). */
  reminders?: RemindersOptions;
  /** Who confirms scanned e-ID codes (default: HALL_EID_VERIFY_URL/TOKEN, else the demo stand-in, or none in production). */
  identityVerify?: IdentityVerifyChoice;
  /** Limits of public booking (usecases/booking-limits.ts); default: HALL_BOOKING_DAYS/_PER_ID/_PER_PHONE, else DEFAULT_BOOKING_LIMITS. */
  booking?: Partial<BookingLimits>;
}

/** Which devices file to use, if any (see HallServerOptions.devices). */
export function resolveDevicesOption(options: HallServerOptions): { file: string; config?: DevicesFile } | undefined {
  if (options.devices === false) return undefined;
  if (typeof options.devices === 'object') return { file: '(devices option)', config: options.devices };
  if (typeof options.devices === 'string') return { file: options.devices };
  const env = process.env.HALL_DEVICES;
  if (env !== undefined && env !== '') return env === 'off' || env === 'none' ? undefined : { file: path.resolve(env) };
  if (options.config) return undefined;
  const sibling = path.join(path.dirname(options.configFile), 'devices.yaml');
  return existsSync(sibling) ? { file: sibling } : undefined;
}

export interface HallServer {
  url: string;
  port: number;
  ctx: HallContext;
  db: Db;
  io: HallSocketServer;
  http: HttpServer | HttpsServer;
  /** The uplink to the central platform, when configured. */
  uplink: Uplink | undefined;
  /** The 好差评 push, when targets are configured. */
  push: PushConsumer | undefined;
  /** The device manager (always present: agents may join even when no devices are wired to the server). */
  devices: DeviceManager;
  /** This server's REST routes, as registered (the OpenAPI document and the route tests read them). */
  routes: readonly RegisteredRoute[];
  /** The first-run setup: open while no admin can sign in; its one-time code for callers not on this host. */
  firstRun: { open(): boolean; readonly code: string };
  close(): Promise<void>;
}

/** The composition root: builds every part once, wires them, and starts listening. */
export async function startHallServer(options: HallServerOptions): Promise<HallServer> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger();
  // Read the devices file first: a broken file stops the start-up before anything is opened.
  const devicesChoice = resolveDevicesOption(options);
  const devicesConfig = devicesChoice ? (devicesChoice.config ?? loadDevicesFile(devicesChoice.file)) : undefined;
  // So are unreadable TLS files: HTTPS was asked for, and plain HTTP would not be it.
  const tlsFiles = options.tls === false ? undefined : (options.tls ?? tlsFromEnv(process.env));
  const tls = tlsFiles ? readTlsFiles(tlsFiles) : undefined;
  const db = openDatabase({ dataDir: options.dataDir });
  if (options.production) {
    try {
      await refuseDemoSecrets(db, options.production.demoSources);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  if (!isHallConfigured(db)) {
    const file = options.config ?? loadHallFile(options.configFile);
    const cfg = options.production ? withoutDemoSecrets(file) : file;
    // The seed is event 1, so the event log alone can rebuild the hall (server/store/replay/).
    seedConfiguration(db, cfg, 'seed', SYSTEM, clock.now());
    log.info({ file: options.configFile }, 'seeded an empty database from the hall configuration');
  }
  const storage = new StorageGuard({ db, clock, reserve: options.storageReserve ?? DEFAULT_RESERVE, log: log.child({ area: 'storage' }) });
  const engine = new QueueEngine({ db, clock, storage });
  engine.core.onClockStep = (step) => log.warn(step, 'the clock stepped backwards: the hall stays on its business day');
  engine.core.onListenerError = (error) => log.error({ err: error }, 'an event subscriber failed after a commit');
  const secretsDir = options.secretsDir ?? options.dataDir;
  const idKey = loadOrCreateIdKey({
    secretsDir,
    dataDir: options.dataDir,
    onMoved: (from, to) => log.warn({ from, to }, 'the ID-hash key was moved out of the data folder into the secrets directory: back the secrets directory up separately from the data backups'),
  });
  const sessions = new Sessions(db, clock, options.sessions);
  const stations = new StationAccounts(db, clock);
  const audit = new AuditLog(db, clock);
  const metrics = new Metrics(engine);
  let baseUrl = options.publicUrl ?? engine.catalog.hall.publicUrl ?? '';
  // Webhooks are an outbox consumer: what they owe survives a crash in the outbox and its cursor.
  const webhookStore = new WebhookStore(db);
  const webhookSettings = () => readSetting(db, WEBHOOK_SETTINGS_KEY, WebhookSettings);
  const webhookDispatcher = new WebhookDispatcher({
    store: webhookStore,
    outbox: new OutboxStore(db),
    clock,
    log: log.child({ area: 'webhooks' }),
    settings: webhookSettings,
    secrets: new SecretBox(loadOrCreateKeyFile({ file: path.join(secretsDir, 'webhook-secrets.key') })),
    policy: options.webhookAllow ? new DestinationPolicy(options.webhookAllow) : DestinationPolicy.fromEnv(),
  });

  // The uplink is an outbox consumer too: a WAN cut grows its lag, never the hall's work.
  const uplink = options.uplink
    ? new Uplink({ ...options.uplink, hallCode: () => engine.catalog.hall.code, store: new UplinkStore(db), outbox: new OutboxStore(db), clock, log: log.child({ area: 'uplink' }) })
    : undefined;

  const smsGateway = createSmsGateway(options.sms ?? smsChoiceFromEnv(process.env, options.production !== undefined), {
    clock,
    log: log.child({ area: 'sms' }),
    policy: options.webhookAllow ? new DestinationPolicy(options.webhookAllow) : DestinationPolicy.fromEnv(),
  });
  const ctx: HallContext = {
    sms: smsGateway instanceof FakeSmsGateway ? { gateway: smsGateway, fake: smsGateway } : { gateway: smsGateway },
    engine,
    sessions,
    audit,
    identity: new IdentityProtector(idKey, options.idMaskKeep ?? idMaskKeepFromEnv()),
    statusKeys: new StatusKeys(createHmac('sha256', idKey).update('ticket-status-keys').digest()),
    contacts: ContactBox.fromSecrets(secretsDir),
    clock,
    log,
    metrics,
    queries: hallQueries(db, () => engine.catalog),
    dataDir: options.dataDir,
    publicUrl: () => baseUrl,
    webhooks: {
      store: webhookStore,
      dispatcher: webhookDispatcher,
      settings: webhookSettings,
    },
    ...(uplink ? { uplink } : {}),
  };
  const stopWebhooks = webhookDispatcher.start((listener) => engine.onEvents(listener));
  // Call reminders are an outbox consumer too: a slow push service never holds up a call.
  const reminders = startReminders({ db, engine, sms: ctx.sms.gateway, clock, log: log.child({ area: 'reminders' }), secretsDir, statusUrl: (id) => statusUrl(ctx, id), ...(options.reminders ? { options: options.reminders } : {}) });
  const stopUplink = uplink?.start((listener) => engine.onEvents(listener));
  const push = startPush(ctx, db, { option: options.push, secretsDir, allow: options.webhookAllow, log: log.child({ area: 'push' }) });

  const trustProxy = trustProxySetting(options.trustProxy ?? process.env.HALL_TRUST_PROXY);
  const extraOrigins = options.allowedOrigins ?? (process.env.HALL_ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  // The public address is an origin of this server too (a proxy may present another Host).
  const originPolicy: OriginPolicy = { extraOrigins: () => (baseUrl ? [...extraOrigins, baseUrl] : extraOrigins) };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', trustProxy);
  app.use(metrics.httpTimer());
  app.use(requestLogger(log));
  app.use(securityHeaders({ tls: tls !== undefined }));
  app.use(originGuard(originPolicy));
  // JSON bodies are read per route (http/route.ts), after the caller is admitted.
  app.use((req, res, next) => {
    const principal = resolvePrincipal(sessions, req.headers);
    // A station (代办) signs in with a cookie of its own; a staff session or device token comes first.
    res.locals.principal = principal.kind === 'anonymous' ? (stations.fromHeaders(req.headers) ?? principal) : principal;
    next();
  });
  const router = express.Router();
  const add = routeKit(router, (principal, req, action, params) => {
    const who = describe(principal);
    audit.append({ actor: who.actor, role: who.role, action, target: params.id ?? params.key ?? params.n ?? null, place: req.ip ?? null });
  }, (fn) => engine.core.grouped(fn), { log });
  const firstRun = new FirstRunGate(options.onSetupCode);
  setupRoutes(app, add, ctx, firstRun);
  publicRoutes(add, ctx);
  speechRoutes(add, ctx);
  authRoutes(add, ctx);
  const identityRefs = new IdentityRefs(clock, options.identityRefTtlMs !== undefined ? { ttlMs: options.identityRefTtlMs } : {});
  let devices: DeviceManager | undefined;
  kioskRoutes(add, ctx, identityRefs);
  windowRoutes(add, ctx);
  supervisorRoutes(add, ctx);
  adminRoutes(add, ctx);
  deviceRoutes(add, () => devices);
  scanRoutes(add, ctx, identityRefs, () => devices);
  kioskPrinterRoute(add, ctx, () => devices);
  simulatorRoutes(add, () => devices);
  slipRoutes(add, ctx, () => devices);
  app.use(router);
  app.get('/api/openapi.json', (_req, res) => res.json(openApiDocument(`${engine.catalog.hall.name} · HallQ API`, add.routes)));
  app.get('/metrics', metrics.handler());
  uiPages(app, options.uiDir ?? UI_DIR);
  app.use('/api', (_req, res) => res.status(404).json({ error: { code: 'NOT_FOUND', message: '没有这个接口，请查看 /api/openapi.json。' } }));
  app.use(errorHandler(log, (error) => storage.failure(error)));

  const http = tls ? createHttpsServer(tls, app) : createServer(app);
  const io = attachRealtime(http, ctx, {
    onAgent: (socket) => devices?.attachAgent(socket),
    // Behind a trusted proxy the browser may have used https to reach a plain-HTTP server.
    checkOrigin: (req) => {
      const schemes: ('http' | 'https')[] = tls ? ['https'] : trustProxy ? ['http', 'https'] : ['http'];
      const verdicts = schemes.map((scheme) => judgeOrigin(req.headers, req.headers.host, scheme, originPolicy));
      return verdicts.find((v) => v.ok) ?? verdicts[0]!;
    },
  });
  const manager = new DeviceManager({
    ctx,
    push: devicePush(io),
    identityRefs,
    identityVerifier: createIdentityVerifier(options.identityVerify ?? identityVerifyFromEnv(process.env, options.production !== undefined), log.child({ area: 'identity-verify' })),
    ...(devicesConfig ? { devices: devicesConfig } : {}),
    ...(devicesChoice ? { devicesFile: devicesChoice.file } : {}),
    ...(options.deviceOptions ? { hardware: options.deviceOptions } : {}),
  });
  devices = manager;
  metrics.watchDevices(() => manager.list());
  manager.start();
  statsRoutes(add, ctx);
  const supervision = new Supervision({
    db,
    engine,
    clock,
    health: manager,
    storage,
    publish: (payload) => publishSupervisionAlerts(io, payload),
    onError: (error) => log.error({ err: error }, 'supervision evaluation failed'),
  });
  supervisionRoutes(add, ctx, supervision);
  evaluationRoutes(add, ctx, supervision);
  helpRoutes(add, ctx, supervision);
  supervision.start();
  storage.start();
  webhookRoutes(add, ctx);
  pushRoutes(add, ctx, push?.consumer);
  catalogCsvRoutes(add, ctx);
  smsRoutes(add, ctx);
  const booking = new BookingService(ctx, ContactProtector.load(secretsDir), options.booking ?? bookingLimitsFromEnv(process.env));
  bookingRoutes(add, booking);
  remoteRoutes(add, ctx, reminders, booking);
  stationRoutes(add, ctx, stations, new StationDesk(ctx, stations, booking), booking);
  booking.start();
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const url = `${tls ? 'https' : 'http'}://${options.host === '0.0.0.0' || !options.host ? '127.0.0.1' : options.host}:${port}`;
  if (!baseUrl) baseUrl = url;
  engine.startMidnightTimer();
  const backups = options.backups ? new BackupScheduler(db, options.dataDir, options.backups.keepDays, clock, engine.catalog.hall.timezone, log) : undefined;
  backups?.start();

  return {
    url,
    port,
    ctx,
    db,
    io,
    http,
    devices: manager,
    uplink,
    push: push?.consumer,
    routes: add.routes,
    firstRun: {
      open: () => needsFirstAdmin(ctx),
      get code() {
        return firstRun.code;
      },
    },
    async close() {
      backups?.stop();
      booking.stop();
      storage.stop();
      supervision.stop();
      stopWebhooks();
      reminders.stop();
      await webhookDispatcher.stop();
      stopUplink?.();
      await uplink?.stop();
      await push?.stop();
      await manager.stop();
      engine.stop();
      metrics.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      db.close();
    },
  };
}
