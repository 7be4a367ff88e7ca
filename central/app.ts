import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express } from 'express';
import helmet from 'helmet';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import type pg from 'pg';
import pino, { type Logger } from 'pino';
import { loginLimiter } from './auth/login-limit.ts';
import { ensureAdmin } from './auth/users.ts';
import { CentralBus } from './bus.ts';
import { migrate, listMigrations } from './db/migrate.ts';
import { createPool } from './db/pool.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import type { RouteDef } from './http/route.ts';
import { register } from './http/route.ts';
import { centralRoutes } from './http/routes.ts';
import { seedDemo } from './seed/demo.ts';

/**
 * The central platform's composition root: pool, migrations, demo seed, routes, HTTP server, bus.
 * Nothing here is a module global, so tests run several instances (against one database) in a process.
 */
export interface CentralOptions {
  databaseUrl: string;
  port?: number;
  host?: string;
  logger?: Logger;
  /** Seed the demo county, its halls' demo tokens and the demo users (idempotent). */
  demo?: boolean;
  /** Creates the user `admin` with this password when no admin exists (a production centre's first start). */
  adminPassword?: string;
  /**
   * Proxies whose X-Forwarded-For / -Proto the server believes (express 'trust proxy': e.g. 'loopback',
   * '10.0.0.0/8'); none by default. Behind a load balancer, set it so sign-in limits count clients, not the balancer.
   */
  trustProxy?: string;
  /** Pool size (default 10). */
  poolSize?: number;
  /** Called with the app before the 404 handler, so another layer (the console's static files) can add routes. */
  extend?: (app: Express) => void;
}

export interface Central {
  url: string;
  app: Express;
  httpServer: Server;
  pool: pg.Pool;
  bus: CentralBus;
  /** This instance's id (health answers it; two instances differ). */
  instance: string;
  routes: readonly RouteDef[];
  close(): Promise<void>;
}

/** Uplink batches are up to 500 events; a ticket event is ~1.5 kB of JSON. */
const JSON_LIMIT = '4mb';

export async function createCentral(opts: CentralOptions): Promise<Central> {
  const log = opts.logger ?? pino({ level: 'silent' });
  const pool = createPool(opts.databaseUrl, opts.poolSize);
  let closing = false;
  // An idle client's connection can drop (a database restart, or the embedded one stopping at shutdown).
  pool.on('error', (err) => (closing ? log.debug({ err }, 'PostgreSQL connection closed while stopping') : log.error({ err }, 'idle PostgreSQL client error')));
  try {
    const applied = await migrate(pool);
    if (applied.length) log.info({ applied }, 'central migrations applied');
    if (opts.demo) log.info(await seedDemo(pool), 'demo county seeded');
    if (opts.adminPassword && (await ensureAdmin(pool, opts.adminPassword))) log.info('first admin created (user admin)');
  } catch (e) {
    await pool.end();
    throw e;
  }
  const migrations = listMigrations().length;
  const bus = new CentralBus();
  const instance = randomUUID().slice(0, 8);
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', opts.trustProxy ? opts.trustProxy.split(',').map((s) => s.trim()) : false);
  app.use(helmet());
  app.use(express.json({ limit: JSON_LIMIT, type: 'application/json' }));
  const router = express.Router();
  // 60 audited token refusals per address and minute; beyond that a hall-token flood gets 429s.
  const deps = { pool, bus, log, limiter: loginLimiter(pool), tokenRefusals: new RateLimiterMemory({ points: 60, duration: 60 }), instance, migrations: () => migrations };
  const routes = centralRoutes(deps);
  register(router, deps, routes);
  app.use(router);
  opts.extend?.(app);
  app.use('/api', notFoundHandler);
  app.use(errorHandler(log));

  const httpServer = createServer(app);
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1';
  return {
    url: `http://${host}:${port}`,
    app,
    httpServer,
    pool,
    bus,
    instance,
    routes,
    async close() {
      if (closing) return;
      closing = true;
      httpServer.closeAllConnections();
      await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      bus.removeAllListeners();
      await pool.end();
    },
  };
}
