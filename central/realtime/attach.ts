import type { Server as HttpServer } from 'node:http';
import type pg from 'pg';
import type { FeedEvent } from '../../contract/central/api.ts';
import { authenticateCookieHeader } from '../auth/socket-auth.ts';
import type { CentralBus } from '../bus.ts';
import { pgConsoleSource } from '../console/pg-source.ts';
import { attachConsole, type ConsoleServer } from './console-server.ts';
import type { FedEvent, OnIngested } from './ports.ts';
import { createCentralIo } from './socket-io.ts';

export interface CentralRealtimeOptions {
  http: HttpServer;
  pool: pg.Pool;
  bus: CentralBus;
  /** CENTRAL_REDIS_URL: share broadcasts with the other instances through Redis streams. */
  redisUrl?: string;
  /** Commands held for Redis during an outage (see socket-io.ts). */
  redisQueueMax?: number;
  /** Origins allowed besides the page's own (CENTRAL_CONSOLE_ORIGINS). */
  allowedOrigins?: readonly string[];
  tickMs?: number;
  offlineAfterSeconds?: number;
  maxReplay?: number;
  revalidateMs?: number;
  log?: { warn(obj: object, msg: string): void };
}

export interface CentralRealtime {
  console: ConsoleServer;
  /** True when broadcasts go through Redis. */
  shared: boolean;
  close(): Promise<void>;
}

/** A hall event as the console carries it: where and which ticket number, nothing personal. */
export const fedEvent = ({ feedSeq, event }: FeedEvent): FedEvent => ({
  feedSeq,
  hall: event.hall,
  seq: event.seq,
  type: event.type,
  at: event.at,
  window: event.window,
  queue: event.ticket?.queue ?? null,
  number: event.ticket?.number ?? null,
});

/**
 * The central instance's realtime part, in one call for the composition root: Socket.IO on its HTTP
 * server (with the Redis streams adapter when a URL is given), the `/console` namespace reading
 * PostgreSQL, and the ingest bus feeding it.
 */
export async function attachCentralRealtime(options: CentralRealtimeOptions): Promise<CentralRealtime> {
  const central = await createCentralIo(options.http, {
    ...(options.redisUrl ? { redisUrl: options.redisUrl } : {}),
    ...(options.redisQueueMax ? { redisQueueMax: options.redisQueueMax } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  const onIngested: OnIngested = (listener) => {
    const ingested = (n: { events: FeedEvent[] }) => listener(n.events.map(fedEvent));
    options.bus.on('ingested', ingested);
    return () => options.bus.off('ingested', ingested);
  };
  const consoleServer = attachConsole(central.io, {
    source: pgConsoleSource(options.pool),
    authenticate: async (headers) => {
      const user = await authenticateCookieHeader(options.pool, headers.cookie);
      return user ? { userId: user.username, role: user.role, region: user.region?.code ?? null } : null;
    },
    onIngested,
    onHallChanged: (listener) => {
      const diverged = (n: { hall: { code: string } }) => listener(n.hall.code);
      const changed = (n: { hall: string }) => listener(n.hall);
      options.bus.on('diverged', diverged);
      options.bus.on('hall', changed);
      return () => {
        options.bus.off('diverged', diverged);
        options.bus.off('hall', changed);
      };
    },
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.tickMs ? { tickMs: options.tickMs } : {}),
    ...(options.offlineAfterSeconds ? { offlineAfterSeconds: options.offlineAfterSeconds } : {}),
    ...(options.maxReplay ? { maxReplay: options.maxReplay } : {}),
    ...(options.revalidateMs ? { revalidateMs: options.revalidateMs } : {}),
    ...(options.log ? { log: options.log } : {}),
  });
  return {
    console: consoleServer,
    shared: central.shared,
    async close() {
      consoleServer.close();
      await central.close();
    },
  };
}
