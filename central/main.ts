import pino from 'pino';
import { createCentral } from './app.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { centralPages } from './console/pages.ts';
import { attachCentralRealtime } from './realtime/attach.ts';

/**
 * npm run central:server — the central platform.
 *   CENTRAL_PORT   (default 8090)     HOST  (default 127.0.0.1; 0.0.0.0 to serve the network)
 *   DATABASE_URL   a PostgreSQL ≥ 15 cluster; without it an embedded PostgreSQL (data/central-pg/)
 *   CENTRAL_DEMO   'false' to skip the demo county and demo users (default: demo unless DATABASE_URL is set)
 *   CENTRAL_REDIS_URL  share console pushes with the other instances through Redis (several web instances)
 *   CENTRAL_ADMIN_PASSWORD  creates the user `admin` with it when no admin exists (first start of a real centre)
 *   CENTRAL_TRUST_PROXY     proxies whose X-Forwarded-For is believed (e.g. 'loopback' or '10.0.0.0/8'); none by default
 */
const log = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const port = Number(process.env.CENTRAL_PORT ?? 8090);
const host = process.env.HOST ?? '127.0.0.1';

let embedded: EmbeddedDatabase | undefined;
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  log.info('no DATABASE_URL: starting the embedded PostgreSQL in data/central-pg/');
  embedded = await startEmbeddedPostgres({ onLog: (line) => log.debug({ pg: line }, 'embedded postgres') });
  databaseUrl = embedded.url;
}
const demo = process.env.CENTRAL_DEMO ? process.env.CENTRAL_DEMO !== 'false' : !process.env.DATABASE_URL;
let central: Awaited<ReturnType<typeof createCentral>>;
try {
  central = await createCentral({
    databaseUrl,
    port,
    host,
    logger: log,
    demo,
    extend: (app) => centralPages(app),
    ...(process.env.CENTRAL_ADMIN_PASSWORD ? { adminPassword: process.env.CENTRAL_ADMIN_PASSWORD } : {}),
    ...(process.env.CENTRAL_TRUST_PROXY ? { trustProxy: process.env.CENTRAL_TRUST_PROXY } : {}),
  });
} catch (err) {
  log.error({ err }, 'central platform failed to start');
  await embedded?.stop();
  process.exit(1);
}
const realtime = await attachCentralRealtime({ http: central.httpServer, pool: central.pool, bus: central.bus, redisUrl: process.env.CENTRAL_REDIS_URL || undefined, log });
log.info({ url: central.url, demo, embedded: Boolean(embedded), redis: realtime.shared }, 'central platform ready');

let stopping = false;
async function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'central platform stopping');
  await realtime.close();
  await central.close();
  await embedded?.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
