import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';

export interface CentralIo {
  io: Server;
  /** True once the Redis adapter is in place (CENTRAL_REDIS_URL given). */
  shared: boolean;
  close(): Promise<void>;
}

/**
 * The central Socket.IO server on the central HTTP server. With a Redis URL, broadcasts go through
 * `@socket.io/redis-streams-adapter`, so a console on any instance receives what any other instance
 * publishes. The Redis client reconnects on its own after an outage and sends what it queued meanwhile
 * (up to redisQueueMax commands); whatever was dropped reaches consoles through their ticks and the
 * replay from PostgreSQL (console-server.ts).
 */
export interface CentralIoOptions {
  redisUrl?: string;
  /**
   * Commands the Redis client holds while Redis is unreachable (default 10,000): pushes beyond it are
   * dropped rather than filling memory during a long outage; consoles fetch them from PostgreSQL.
   */
  redisQueueMax?: number;
  log?: { warn(obj: object, msg: string): void };
}

export async function createCentralIo(http: HttpServer, options: CentralIoOptions = {}): Promise<CentralIo> {
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 64 * 1024, transports: ['websocket', 'polling'] });
  if (!options.redisUrl) return { io, shared: false, close: () => closeIo(io) };

  const redis = createClient({
    url: options.redisUrl,
    commandsQueueMaxLength: options.redisQueueMax ?? 10_000,
    socket: {
      // Keep retrying with a short, capped delay: Redis coming back should be noticed within a second.
      reconnectStrategy: (retries) => Math.min(100 * 2 ** Math.min(retries, 4), 1000),
    },
  });
  let lastWarn = 0;
  redis.on('error', (err: unknown) => {
    // A Redis outage repeats the same error on every retry; log it at most every ten seconds.
    if (Date.now() - lastWarn > 10_000) {
      lastWarn = Date.now();
      options.log?.warn({ err }, 'redis unavailable; console pushes between instances pause, replay covers them');
    }
  });
  await redis.connect();
  io.adapter(createAdapter(redis, { blockTimeInMs: 1000 }));
  return {
    io,
    shared: true,
    async close() {
      await closeIo(io);
      // close() waits for queued commands; with Redis away they never finish, so give up after a second.
      const closed = redis.close().then(() => true, () => false);
      const done = await Promise.race([closed, new Promise<false>((r) => setTimeout(() => r(false), 1000).unref())]);
      if (!done && redis.isOpen) redis.destroy();
    },
  };
}

/** Closes the sockets, adapters and engine but not the HTTP server, which its owner closes. */
async function closeIo(io: Server): Promise<void> {
  io.local.disconnectSockets(true);
  await Promise.allSettled([...io._nsps.values()].map((nsp) => nsp.adapter.close()));
  io.engine.close();
}
