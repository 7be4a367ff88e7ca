/**
 * central-latency: a hall's event → the central console's socket. The centre (central/main.ts, a
 * child process, with its Socket.IO console) takes uplink posts from CENTRAL_BENCH_HALLS (1,000) halls
 * at a busy morning's rate (CENTRAL_BENCH_EVENTS_PER_HALL_HOUR, 150 events per hall per hour: about
 * 42 events a second over the county) for CENTRAL_BENCH_LATENCY_SECONDS (20); each post carries the
 * hall's next real event, as an uplink does one commit at a time. A console signed in as the platform
 * admin (socket.io-client, the /console namespace) times each event's arrival in an `update`.
 * Baseline: the same posts' acknowledgement (the uplink's own round trip), measured in the same run.
 */
import { io, type Socket } from 'socket.io-client';
import { DEMO_USERS } from '../central/seed/demo.ts';
import type { HallEvent } from '../contract/events.ts';
import { asHall, postBatch, realMorning, registerBenchHalls, startBenchCentre } from './central-setup.ts';
import { log, nowMs, percentile, resultHeader, round, type BenchResult } from './lib.ts';

export async function benchCentralLatency(): Promise<BenchResult> {
  const hallCount = Number(process.env.CENTRAL_BENCH_HALLS ?? 1000);
  const perHallHour = Number(process.env.CENTRAL_BENCH_EVENTS_PER_HALL_HOUR ?? 150);
  const seconds = Number(process.env.CENTRAL_BENCH_LATENCY_SECONDS ?? 20);
  const rate = (hallCount * perHallHour) / 3600;
  log(`central-latency: ${hallCount} halls, ${round(rate, 1)} events/s for ${seconds} s, to an admin console socket`);
  const morning = await realMorning();
  const b = await startBenchCentre('hallq_bench_latency');
  let socket: Socket | undefined;
  try {
    const halls = await registerBenchHalls(b.pool, hallCount);
    const admin = DEMO_USERS.find((u) => u.role === 'admin')!;
    const login = await fetch(`${b.centre.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: b.centre.url }, body: JSON.stringify({ username: admin.username, password: admin.password }) });
    if (login.status !== 200) throw new Error(`admin sign-in: ${login.status}`);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const sent = new Map<string, number>();
    const socketMs: number[] = [];
    socket = io(`${b.centre.url}/console`, { transports: ['websocket'], extraHeaders: { cookie, origin: b.centre.url }, reconnection: false });
    socket.on('update', (u: { events: { hall: string; seq: number }[] }) => {
      const at = nowMs();
      for (const e of u.events) {
        const key = `${e.hall}:${e.seq}`;
        const t = sent.get(key);
        if (t !== undefined) {
          socketMs.push(at - t);
          sent.delete(key);
        }
      }
    });
    await new Promise<void>((resolve, reject) => {
      socket!.once('snapshot', () => resolve());
      socket!.once('replay', () => resolve());
      socket!.once('connect_error', (e) => reject(e));
    });

    // Every hall first posts what came before its morning's busy part (seed, sign-ins), unmeasured.
    const streams = halls.map((h) => ({ h, events: asHall(morning, h.code), next: 0 }));
    const warmup = 12;
    for (let i = 0; i < streams.length; i += 50) {
      await Promise.all(streams.slice(i, i + 50).map(async (s) => {
        await postBatch(b.centre.url, s.h, 'bench', s.events.slice(0, warmup));
        s.next = warmup;
      }));
    }
    const ackMs: number[] = [];
    const inflight = new Set<Promise<void>>();
    const busy = new Set<string>();
    const started = nowMs();
    let k = 0;
    let due = started;
    while (nowMs() - started < seconds * 1000) {
      // Poisson arrivals over the county; each goes to the next hall in turn that is not mid-post.
      due += -Math.log(1 - Math.random()) * (1000 / rate);
      const wait = due - nowMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      let s = streams[k++ % streams.length]!;
      for (let tries = 0; busy.has(s.h.code) && tries < streams.length; tries++) s = streams[k++ % streams.length]!;
      if (s.next >= s.events.length) continue;
      const event: HallEvent = s.events[s.next++]!;
      busy.add(s.h.code);
      const t0 = nowMs();
      sent.set(`${s.h.code}:${event.seq}`, t0);
      const p = postBatch(b.centre.url, s.h, 'bench', [event]).then(() => {
        ackMs.push(nowMs() - t0);
        busy.delete(s.h.code);
      });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await Promise.all(inflight);
    const deadline = nowMs() + 10_000;
    while (sent.size && nowMs() < deadline) await new Promise((r) => setTimeout(r, 20));
    const lost = sent.size;
    const p50 = round(percentile(socketMs, 50), 1);
    const p99 = round(percentile(socketMs, 99), 1);
    const ack50 = round(percentile(ackMs, 50), 1);
    const ack99 = round(percentile(ackMs, 99), 1);
    log(`  ${socketMs.length} events: socket p50 ${p50} ms, p99 ${p99} ms; ingest ack p50 ${ack50} ms, p99 ${ack99} ms; ${lost} not seen`);
    return {
      ...resultHeader(),
      server: 'child process (central/main.ts with its Socket.IO console), PostgreSQL on 127.0.0.1',
      figures: { halls: hallCount, eventsPerSecond: round(rate, 1), samples: socketMs.length, p50Ms: p50, p99Ms: p99, notSeen: lost },
      baseline: { ackP50Ms: ack50, ackP99Ms: ack99 },
      ratio: { name: 'socket p99 ÷ ingest-ack p99', value: round(p99 / ack99, 3) },
      target: { text: 'p99 < 1000 ms', met: p99 < 1000 && lost === 0 },
    };
  } finally {
    socket?.close();
    await b.close();
  }
}
