/**
 * call-fanout: 500 hall-display sockets (socket.io-client, websocket transport, loopback) held by a worker
 * thread; the time from sending `POST /api/windows/1/call-next` to the LAST socket's receipt of that
 * ticket.called event. Baseline in the same run, interleaved sample by sample: a bare `io.emit` of a
 * payload of the same byte size to the same sockets, measured the same way (from just before the emit
 * to the last receipt).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { toPublicEvent, type HallEvent, type PublicHallEvent } from '../contract/events.ts';
import { startHallServer } from '../server/app.ts';
import { ManualClock } from '../server/common/clock.ts';
import { createLogger } from '../server/common/logger.ts';
import { MONDAY_10AM, testHallConfig, TEST_PASSWORD } from '../tests/fixtures/hall.ts';
import type { FanoutClientsData, FanoutClientsMessage } from './fanout-clients.ts';
import { log, nowMs, percentile, resultHeader, round, type BenchResult } from './lib.ts';

export interface CallFanoutOptions {
  sockets: number;
  calls: number;
  warmup: number;
}

export const CALL_FANOUT_DEFAULTS: CallFanoutOptions = { sockets: 500, calls: 200, warmup: 20 };

const DISPLAY_TOKEN = 'display-token-00000001';
/** Same length as 'ticket.called', so the baseline payload has the same bytes. */
const BASELINE_TYPE = 'bench.emitted';

export async function benchCallFanout(options: CallFanoutOptions = CALL_FANOUT_DEFAULTS): Promise<BenchResult> {
  const { sockets, calls, warmup } = options;
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-bench-fanout-'));
  const clock = new ManualClock(MONDAY_10AM);
  const server = await startHallServer({
    dataDir: dir,
    configFile: '(bench config)',
    config: testHallConfig(),
    port: 0,
    host: '127.0.0.1',
    clock,
    logger: createLogger('silent'),
    backups: false,
  });
  let worker: Worker | undefined;
  try {
    // Tickets to call, issued in one transaction (setup, not measured).
    server.db.transaction(() => {
      for (let i = 0; i < calls + warmup + 5; i++) {
        clock.advance(1000);
        server.ctx.engine.issuer.issue({ source: 'staff', queue: 'QA', actor: { kind: 'staff', id: 'T001' } });
      }
    })();
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ badge: 'T001', password: TEST_PASSWORD }) });
    if (login.status !== 200) throw new Error(`call-fanout: login failed (${login.status})`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const windowAction = async (action: string, body: unknown = {}) => {
      // As the window terminal sends it: a signed-in change names its Origin (server/http/security.ts).
      const r = await fetch(`${server.url}/api/windows/1/${action}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url, cookie }, body: JSON.stringify(body) });
      const text = await r.text();
      if (r.status !== 200) throw new Error(`call-fanout: ${action} → HTTP ${r.status} ${text}`);
    };
    await windowAction('sign-in');

    // The seq of each committed event, to know which key the worker will report.
    let committed: HallEvent[] = [];
    server.ctx.engine.onEvents((events) => {
      committed = events;
    });

    // The worker's reports, and who is waiting for which key.
    const done = new Map<string, number>();
    const waiting = new Map<string, (at: number) => void>();
    let failed: ((e: Error) => void) | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      failed = reject;
      worker = new Worker(new URL('./fanout-worker.mjs', import.meta.url), {
        workerData: { url: server.url, token: DISPLAY_TOKEN, sockets } satisfies FanoutClientsData,
      });
      worker.on('error', (e) => failed?.(e));
      worker.on('message', (m: FanoutClientsMessage) => {
        if (m.kind === 'ready') resolve();
        else if (m.kind === 'error') failed?.(new Error(m.message));
        else if (m.kind === 'done') {
          const w = waiting.get(m.key);
          if (w) {
            waiting.delete(m.key);
            w(m.at);
          } else done.set(m.key, m.at);
        }
      });
    });
    const t0 = nowMs();
    await ready;
    log(`call-fanout: ${sockets} display sockets connected in ${round((nowMs() - t0) / 1000, 1)} s (held by a worker thread; server in-process)`);
    const receiptOf = (key: string): Promise<number> =>
      new Promise((resolve, reject) => {
        const at = done.get(key);
        if (at !== undefined) {
          done.delete(key);
          return resolve(at);
        }
        const timer = setTimeout(() => reject(new Error(`call-fanout: ${key} did not reach all ${sockets} sockets in 10 s`)), 10_000);
        waiting.set(key, (t) => {
          clearTimeout(timer);
          resolve(t);
        });
      });
    const lastOf = (type: string): HallEvent => {
      const e = committed.find((x) => x.type === type);
      if (!e) throw new Error(`call-fanout: no ${type} event was committed`);
      return e;
    };

    /** finish (not measured, and fully delivered) so the measured call-next emits ticket.called alone. */
    const settle = async () => {
      await windowAction('finish', { outcome: 'done' });
      await receiptOf(`ticket.finished:${lastOf('ticket.finished').seq}`);
    };
    const measureCall = async (): Promise<{ ms: number; event: HallEvent }> => {
      const s = nowMs();
      await windowAction('call-next');
      const event = lastOf('ticket.called');
      const at = await receiptOf(`ticket.called:${event.seq}`);
      return { ms: at - s, event };
    };

    // Warm-up calls; the first one's public payload is the baseline's template.
    let template: PublicHallEvent | undefined;
    for (let i = 0; i < warmup; i++) {
      const { event } = await measureCall();
      template ??= toPublicEvent(event);
      await settle();
    }
    const payload = { ...template!, type: BASELINE_TYPE } as unknown as PublicHallEvent;
    const callBytes = JSON.stringify(template).length;
    const baselineBytes = JSON.stringify(payload).length;
    if (callBytes !== baselineBytes) log(`  note: baseline payload ${baselineBytes} bytes, call payload ${callBytes} bytes`);
    const measureEmit = async (): Promise<number> => {
      const s = nowMs();
      server.io.emit('event', payload);
      const at = await receiptOf(`${BASELINE_TYPE}:${payload.seq}`);
      return at - s;
    };
    for (let i = 0; i < warmup; i++) await measureEmit();

    const callMs: number[] = [];
    const emitMs: number[] = [];
    for (let i = 0; i < calls; i++) {
      emitMs.push(await measureEmit());
      callMs.push((await measureCall()).ms);
      await settle();
    }

    const p50 = percentile(callMs, 50);
    const p99 = percentile(callMs, 99);
    const b50 = percentile(emitMs, 50);
    const b99 = percentile(emitMs, 99);
    const limit = 1.5 * b99 + 2;
    log(`  call-next → last socket: p50 ${round(p50)} ms, p99 ${round(p99)} ms (${calls} calls, payload ${callBytes} bytes)`);
    log(`  bare io.emit → last socket: p50 ${round(b50)} ms, p99 ${round(b99)} ms`);
    log(`  ratio p99 call/emit ${round(p99 / b99, 3)}; target p99 ≤ 1.5 × ${round(b99)} + 2 = ${round(limit)} ms`);
    return {
      ...resultHeader(),
      server: 'in-process (display sockets in a worker thread)',
      figures: { sockets, calls, payloadBytes: callBytes, p50Ms: round(p50, 3), p99Ms: round(p99, 3), maxMs: round(Math.max(...callMs), 3) },
      baseline: { sockets, emits: calls, payloadBytes: baselineBytes, p50Ms: round(b50, 3), p99Ms: round(b99, 3), maxMs: round(Math.max(...emitMs), 3) },
      ratio: { name: 'p99 call-next fan-out / p99 bare io.emit', value: round(p99 / b99, 3) },
      target: { text: 'p99 ≤ 1.5 × baseline p99 + 2 ms', met: p99 <= limit },
      notes: [`each measured call-next emits only ticket.called (the previous ticket is finished, unmeasured, before it)`],
    };
  } finally {
    if (worker) {
      const w = worker;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 3000);
        w.on('message', (m: FanoutClientsMessage) => {
          if (m.kind === 'closed') {
            clearTimeout(timer);
            resolve();
          }
        });
        w.postMessage({ kind: 'close' });
      });
      await w.terminate();
    }
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
