/**
 * Sign-in: what the limits allow a guesser, and what sign-in costs everyone else.
 *
 * 1. Guesses allowed, from the limits as configured (server/auth/sessions.ts defaults): one badge from one
 *    address (free tries, then the doubling back-off up to its cap), and one address over all badges (the
 *    per-address cap, which a success does not reset). Computed by playing the fastest possible guesser
 *    against the server's own back-off function, not measured in real minutes.
 * 2. `/api/health` latency while 10 logins run in parallel, round after round, with the password check on
 *    libuv's thread pool (async scrypt, as shipped) and, in the same run, with the synchronous check on the
 *    event loop (the former behaviour). The ratio is sync p99 / async p99.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startHallServer } from '../server/app.ts';
import { Sessions, type SessionOptions } from '../server/auth/sessions.ts';
import { ManualClock } from '../server/common/clock.ts';
import { createLogger } from '../server/common/logger.ts';
import { verifyPassword } from '../server/common/password.ts';
import { openDatabase } from '../server/store/db.ts';
import { MONDAY_10AM, testHallConfig, TEST_PASSWORD } from '../tests/fixtures/hall.ts';
import { log, nowMs, percentile, resultHeader, round, type BenchResult } from './lib.ts';

const PARALLEL_LOGINS = 10;
const ROUNDS = 12;

/** Guesses a guesser who always retries the moment the back-off ends gets within `seconds`. */
function guessesWithin(sessions: Sessions, seconds: number): number {
  let t = 0;
  let streak = 0;
  let guesses = 0;
  while (t <= seconds) {
    guesses++;
    streak++;
    const wait = sessions.backoffSeconds(streak);
    t += wait > 0 ? wait : 0.05; // a failed scrypt check takes ~50 ms
  }
  return guesses;
}

async function healthUnderLogins(options: SessionOptions): Promise<{ p50: number; p99: number; max: number; samples: number; loginsPerSecond: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-bench-login-'));
  // Limits out of the way: this measures the cost of the password check, not the refusals.
  const server = await startHallServer({
    dataDir: dir,
    configFile: '(bench)',
    config: testHallConfig(),
    port: 0,
    host: '127.0.0.1',
    clock: new ManualClock(MONDAY_10AM),
    logger: createLogger('silent'),
    backups: false,
    devices: false,
    tls: false,
    sessions: { ...options, addressFailures: 1_000_000, freeFailures: 1_000_000 },
  });
  const latencies: number[] = [];
  let running = true;
  const probe = (async () => {
    while (running) {
      const t0 = nowMs();
      const r = await fetch(`${server.url}/api/health`);
      await r.arrayBuffer();
      latencies.push(nowMs() - t0);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  const started = nowMs();
  let logins = 0;
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      Array.from({ length: PARALLEL_LOGINS }, async (_, i) => {
        const r = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: server.url },
          // Ten different badges (unknown ones cost the same check), so no two wait for each other.
          body: JSON.stringify({ badge: ['T001', 'T002', 'T003', 'T004', 'S001', 'A001', 'X001', 'X002', 'X003', 'X004'][i], password: i % 2 ? TEST_PASSWORD : 'a-wrong-guess' }),
        });
        await r.arrayBuffer();
        logins++;
      }),
    );
  }
  const elapsed = (nowMs() - started) / 1000;
  running = false;
  await probe;
  await server.close();
  rmSync(dir, { recursive: true, force: true });
  return { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(Math.max(...latencies)), samples: latencies.length, loginsPerSecond: round(logins / elapsed, 1) };
}

export async function benchLogin(): Promise<BenchResult> {
  log('login: guesses the limits allow, and /api/health p99 during 10 parallel logins (async vs sync scrypt)');
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-bench-limits-'));
  const db = openDatabase({ dataDir: dir });
  const sessions = new Sessions(db, new ManualClock(MONDAY_10AM));
  const perBadgeFirstMinute = guessesWithin(sessions, 60);
  const perBadgeFirstHour = guessesWithin(sessions, 3600);
  const cap = sessions.backoffSeconds(1000);
  db.close();
  rmSync(dir, { recursive: true, force: true });
  const addressFailures = 20;
  const addressWindowMinutes = 15;
  log(`  one badge from one address: ${perBadgeFirstMinute} guesses in the first minute, ${perBadgeFirstHour} in the first hour, then ${round(3600 / cap, 1)} per hour (back-off cap ${cap} s)`);
  log(`  one address over all badges: at most ${addressFailures} failed guesses per ${addressWindowMinutes} minutes (${round((addressFailures * 60) / addressWindowMinutes)} per hour), a success does not reset it`);

  const asyncRun = await healthUnderLogins({});
  log(`  async scrypt: /api/health p50 ${asyncRun.p50} ms, p99 ${asyncRun.p99} ms, max ${asyncRun.max} ms (${asyncRun.samples} probes, ${asyncRun.loginsPerSecond} logins/s)`);
  const syncRun = await healthUnderLogins({ verify: async (password, stored) => verifyPassword(password, stored) });
  log(`  sync scrypt:  /api/health p50 ${syncRun.p50} ms, p99 ${syncRun.p99} ms, max ${syncRun.max} ms (${syncRun.samples} probes, ${syncRun.loginsPerSecond} logins/s)`);
  const ratio = round(syncRun.p99 / Math.max(asyncRun.p99, 0.01), 1);
  return {
    ...resultHeader(),
    server: 'in-process',
    figures: {
      guessesPerBadgeAddressFirstMinute: perBadgeFirstMinute,
      guessesPerBadgeAddressFirstHour: perBadgeFirstHour,
      guessesPerBadgeAddressPerHourSteady: round(3600 / cap, 1),
      failedGuessesPerAddressPerMinuteAverage: round(addressFailures / addressWindowMinutes, 2),
      failedGuessesPerAddressPerHour: round((addressFailures * 60) / addressWindowMinutes),
      healthP50MsAsync: asyncRun.p50,
      healthP99MsAsync: asyncRun.p99,
      healthMaxMsAsync: asyncRun.max,
      loginsPerSecondAsync: asyncRun.loginsPerSecond,
    },
    baseline: { healthP50MsSync: syncRun.p50, healthP99MsSync: syncRun.p99, healthMaxMsSync: syncRun.max, loginsPerSecondSync: syncRun.loginsPerSecond },
    ratio: { name: 'health p99 sync / async', value: ratio },
    target: { text: '/api/health p99 during 10 parallel logins < 20 ms', met: asyncRun.p99 < 20 },
    notes: [
      `${PARALLEL_LOGINS} parallel logins × ${ROUNDS} rounds, half right and half wrong passwords; /api/health probed back to back meanwhile`,
      'guess counts are played against Sessions.backoffSeconds with the default limits (3 free tries, 1 s doubling to 15 min; 20 failures per address per 15 min)',
      'a guesser spreading one badge over many addresses meets each address’s own limits; the account is never locked for its owner',
    ],
  };
}
