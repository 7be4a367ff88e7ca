/**
 * A hall server with its uplink, run as a child process by the failure tests (failure-processes.ts):
 *   node --import tsx tests/central/failure-hall-child.ts <dataDir> <hall code> <speed> <start ISO>
 * The uplink target comes from HALL_UPLINK_URL / HALL_UPLINK_TOKEN, as in server/main.ts. The hall is
 * the child test hall (open around the clock, four uncapped queues) under a demo hall's code, on a
 * clock that runs `speed` times real time from `start` (so an hour's outage takes seconds). Prints
 * `{"url":…,"pid":…}` once listening; SIGTERM closes it cleanly; the end of stdin ends it.
 */
import { startHallServer } from '../../server/app.ts';
import { createLogger } from '../../server/common/logger.ts';
import { uplinkFromEnv } from '../../server/uplink/env.ts';
import { CompressedClock } from '../../central/sim/clock.ts';
import { childHallConfig, noonTimezone } from '../fixtures/child-server.ts';

const [dataDir, code, speed, start] = process.argv.slice(2);
if (!dataDir || !code) {
  process.stderr.write('usage: failure-hall-child.ts <dataDir> <hall code> [speed] [start]\n');
  process.exit(64);
}
const clock = new CompressedClock(new Date(start ?? Date.now()), Number(speed ?? 1));
const base = childHallConfig(noonTimezone(new Date(start ?? Date.now())));
const target = uplinkFromEnv(process.env);
const server = await startHallServer({
  dataDir,
  configFile: '(failure test hall)',
  config: { ...base, hall: { ...base.hall, code } },
  port: 0,
  host: '127.0.0.1',
  clock,
  logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
  backups: false,
  devices: false,
  ...(target ? { uplink: { ...target, pollMs: 100, lingerMs: 10, timeoutMs: 3000, backoff: { baseMs: 100, maxMs: 800 } } } : {}),
});
process.stdout.write(`${JSON.stringify({ url: server.url, pid: process.pid })}\n`);
const stop = async () => {
  await server.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
process.stdin.on('end', () => process.exit(1));
process.stdin.on('error', () => process.exit(1));
process.stdin.resume();
