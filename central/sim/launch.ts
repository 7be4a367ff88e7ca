/**
 * `npm run central`: the central platform with a living demo county.
 *
 * Starts the central server (`central/main.ts`, a child process: embedded PostgreSQL when there is no
 * DATABASE_URL) and, once its /api/health answers, the hall simulator in this process, whose halls
 * post their events to it over their uplinks.
 *
 *   CENTRAL_PORT         the centre's port (default 8090)
 *   CENTRAL_URL          use a centre that is already running instead of starting one
 *   CENTRAL_SIM_HALLS    how many demo halls to simulate (default all 39: county centre first, then
 *                        townships, then villages); 0 runs the centre alone
 *   CENTRAL_SIM_SKIP     hall codes to leave out, comma-separated (e.g. LCJ-ZWFW when the real
 *                        `npm start` hall joins as the county centre)
 *   CENTRAL_SIM_SPEED    simulated seconds per real second (default 30)
 *   CENTRAL_SIM_TRAFFIC  multiplies every hall's arrivals (default 1)
 *   CENTRAL_SIM_DIR      the simulated halls' SQLite files (default data/central-sim/, kept between
 *                        runs like the embedded PostgreSQL's data/central-pg/)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createLogger } from '../../server/common/logger.ts';
import { ROOT, ensureUiBuilt } from '../../server/ui-build.ts';
import { DEMO_HALLS } from '../demo/county.ts';
import { startSimulator, type Simulator } from './simulator.ts';

const log = createLogger(process.env.LOG_LEVEL ?? 'info');
const port = Number(process.env.CENTRAL_PORT ?? 8090);
const count = process.env.CENTRAL_SIM_HALLS === undefined || process.env.CENTRAL_SIM_HALLS === '' ? DEMO_HALLS.length : Number(process.env.CENTRAL_SIM_HALLS);
if (!Number.isInteger(count) || count < 0) {
  process.stderr.write(`CENTRAL_SIM_HALLS must be a whole number from 0 to ${DEMO_HALLS.length}\n`);
  process.exit(64);
}

// The central pages come from the same Vite build as the hall's; rebuilt here when stale, as `npm start` does.
await ensureUiBuilt((m) => log.info(m));

let child: ChildProcess | undefined;
let centralUrl = process.env.CENTRAL_URL?.replace(/\/+$/, '');
if (!centralUrl) {
  centralUrl = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'central', 'main.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CENTRAL_PORT: String(port) },
  });
  child.once('exit', (code, signal) => {
    if (stopping) return;
    process.stderr.write(`the central server exited (${code ?? signal}); stopping the simulator\n`);
    void stop(1);
  });
}

/** Waits for the centre's /api/health (an embedded PostgreSQL's first start takes a while). */
async function ready(url: string, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`the central server at ${url} did not answer /api/health within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

let sim: Simulator | undefined;
let stopping = false;
async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  await sim?.close();
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill('SIGTERM');
    await new Promise((r) => child!.once('exit', r));
  }
  process.exit(code);
}
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

await ready(centralUrl);
if (count > 0) {
  const skip = (process.env.CENTRAL_SIM_SKIP ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  sim = await startSimulator({
    centralUrl,
    halls: DEMO_HALLS.slice(0, count),
    skip,
    dataDir: path.resolve(process.env.CENTRAL_SIM_DIR ?? path.join(ROOT, 'data', 'central-sim')),
    speed: Number(process.env.CENTRAL_SIM_SPEED ?? 30),
    traffic: Number(process.env.CENTRAL_SIM_TRAFFIC ?? 1),
    log: log.child({ area: 'sim' }),
  });
  const s = sim;
  process.stdout.write(
    `\nHallQ central platform: ${centralUrl}\n` +
      `  simulating ${s.halls.length} halls at ${s.clock.speed}× (simulated time ${s.clock.now().toISOString()})\n` +
      `  each simulated hall also serves its own pages, e.g. ${s.halls[0]?.demo.name ?? ''} at ${s.halls[0]?.server.url ?? ''}\n` +
      `  a real hall joins with HALL_UPLINK_URL=${centralUrl} HALL_UPLINK_TOKEN=demo-hall-token-<code> npm start\n\n`,
  );
  const report = setInterval(() => {
    const c = s.counts();
    log.info({ simulated: s.clock.now().toISOString(), ...c }, 'simulated county');
  }, 30_000);
  report.unref();
} else {
  process.stdout.write(`\nHallQ central platform: ${centralUrl} (no simulated halls: CENTRAL_SIM_HALLS=0)\n\n`);
}
