import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect as tcpConnect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUpdate } from '../../contract/central/console.ts';
import { scriptedHall } from './ingest-script.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';
import { demoToken, startConsoleInstance, until, watchConsole, type ConsoleInstance, type ConsoleWatcher } from './console-harness.ts';

/**
 * Two central instances on one PostgreSQL database and one Redis (a redis-server of this test's own,
 * on a free port): a console connected to instance B receives, through the Redis streams adapter,
 * what a hall's uplink posted to instance A; then Redis is killed while both run, batches keep
 * arriving at A, Redis comes back on the same port, and the console on B ends up with every event
 * exactly once. A's Redis client may hold only 5 commands while Redis is away, so some pushes of the
 * outage are resent after it and at least one is dropped: that one reaches B's console through its
 * tick and the replay from PostgreSQL.
 */

const REDIS = process.env.REDIS_SERVER_PATH ?? '/usr/bin/redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** True once the server answers PING with PONG. */
function pings(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = tcpConnect({ host: '127.0.0.1', port });
    let answer = '';
    sock.once('error', () => resolve(false));
    sock.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n')) {
        sock.destroy();
        resolve(answer.startsWith('+PONG'));
      }
    });
    sock.once('connect', () => sock.write('PING\r\n'));
  });
}

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  // Never left behind, even when a hook times out before afterAll gets to it.
  process.once('exit', () => child.kill('SIGKILL'));
  await until(`redis-server on ${port} answers`, () => pings(port), 10_000);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

describe('two central instances sharing Redis', () => {
  let db: TestDatabase;
  let port: number;
  let redis: ChildProcess;
  let a: ConsoleInstance;
  let b: ConsoleInstance;
  let watcher: ConsoleWatcher;
  const pushed: ConsoleUpdate[] = [];
  const hall = scriptedHall('LCJ-T01', 11);
  const day = hall.day('2026-12-01', 40);
  let posted = 0;
  const postToA = async (n: number) => {
    const batch = day.slice(posted, posted + n);
    const r = await a.post(demoToken('LCJ-T01'), 'LCJ-T01', batch);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    posted += batch.length;
  };

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    db = await createTestDatabase('hallq_redis');
    const redisUrl = `redis://127.0.0.1:${port}`;
    a = await startConsoleInstance(db.url, { redisUrl, tickMs: 300, redisQueueMax: 5 });
    b = await startConsoleInstance(db.url, { redisUrl, tickMs: 300, redisQueueMax: 5 });
    const cookie = await b.login('lancang');
    watcher = watchConsole(b.url, cookie);
    // Record the raw pushes B delivers, to tell Redis-relayed updates from PostgreSQL catch-up.
    (watcher.stream as unknown as { socket: { on(e: string, f: (u: ConsoleUpdate) => void): void } }).socket.on('update', (u) => pushed.push(u));
    await until('the console snapshot from B', () => watcher.stream.state.value !== null);
  });

  afterAll(async () => {
    watcher?.close();
    await b?.stop();
    await a?.stop();
    if (redis) await kill(redis);
    await db?.drop();
  });

  it('runs two distinct instances, both on Redis', () => {
    expect(a.central.instance).not.toBe(b.central.instance);
    expect(a.realtime.shared && b.realtime.shared).toBe(true);
  });

  it('delivers to a console on B what a hall posted to A, as a push relayed through Redis', async () => {
    await postToA(25);
    await until('B’s console holds the batch', () => watcher.stream.seqOf('LCJ-T01') === 25);
    const relayed = pushed.flatMap((u) => u.events.map((e) => e.seq));
    expect(relayed).toEqual(day.slice(0, 25).map((e) => e.seq));
    expect(watcher.events.map((e) => e.seq)).toEqual(day.slice(0, 25).map((e) => e.seq));
  });

  it('loses nothing across a Redis restart: every event reaches the console on B exactly once', async () => {
    await kill(redis);
    // Batches keep arriving at A while Redis is down: stored in PostgreSQL, pushes undeliverable.
    for (let i = 0; i < 10; i++) await postToA(3);
    redis = await startRedis(port);
    await postToA(day.length - posted);
    await until(`B’s console holds all ${day.length} events`, () => watcher.stream.seqOf('LCJ-T01') === day.length, 30_000);
    // The outage's events (26–55): at least one push was dropped by A's capped queue, so PostgreSQL filled it in.
    const relayed = new Set(pushed.flatMap((u) => u.events.map((e) => e.seq)));
    expect(day.slice(25, 55).some((e) => !relayed.has(e.seq))).toBe(true);
    const seqs = watcher.events.map((e) => e.seq);
    expect(seqs).toEqual(day.map((e) => e.seq));
    expect(new Set(seqs).size).toBe(seqs.length);
    const summary = watcher.stream.state.value!.halls['LCJ-T01']!;
    expect(summary.hallSeq).toBe(day.length);
    // And a console on A agrees with the one on B.
    const onA = watchConsole(a.url, await a.login('lancang'));
    try {
      await until('the console on A', () => onA.stream.state.value !== null);
      const pick = ({ hallSeq, waiting, oldestWaitingSince, openWindows, issuedToday, servedToday, badAwaitingFollowUp }: typeof summary) => ({ hallSeq, waiting, oldestWaitingSince, openWindows, issuedToday, servedToday, badAwaitingFollowUp });
      expect(pick(onA.stream.state.value!.halls['LCJ-T01']!)).toEqual(pick(summary));
    } finally {
      onA.close();
    }
  });
});
