/**
 * The hall side of the uplink (server/uplink/) against a centre that speaks the contract
 * (uplink-contract-centre.ts), both real HTTP servers on 127.0.0.1: order and batching, the cursor
 * moving only on an acknowledgement, an outage that leaves the hall serving, resuming from the
 * centre's mark, and halting on a refusal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { createLogger } from '../../server/common/logger.ts';
import { uplinkBackoffMs, UPLINK_CONSUMER } from '../../server/uplink/uplink.ts';
import { UplinkConfigError, uplinkFromEnv } from '../../server/uplink/env.ts';
import { MONDAY_10AM, testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN } from '../fixtures/server.ts';
import { startContractCentre, type ContractCentre } from './uplink-contract-centre.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const TOKEN = 'hall-token-TEST-0001';
let centre: ContractCentre | undefined;
let hall: HallServer | undefined;
let dir: string | undefined;

afterEach(async () => {
  await hall?.close();
  await centre?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  hall = centre = dir = undefined;
});

async function start(options: { maxBatch?: number; token?: string } = {}): Promise<HallServer> {
  dir ??= mkdtempSync(path.join(tmpdir(), 'hallq-uplink-'));
  hall = await startHallServer({
    dataDir: dir,
    configFile: '(test config)',
    config: testHallConfig(),
    port: 0,
    host: '127.0.0.1',
    clock: new ManualClock(MONDAY_10AM),
    logger: createLogger('silent'),
    backups: false,
    devices: false,
    uplink: { url: centre!.url, token: options.token ?? TOKEN, pollMs: 50, lingerMs: 5, timeoutMs: 2000, backoff: { baseMs: 20, maxMs: 100 } },
  });
  return hall;
}

async function issue(h: HallServer, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${h.url}/api/kiosk/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${KIOSK_TOKEN}` }, body: JSON.stringify({ queue: 'QA' }) });
    expect(res.status, await res.text()).toBe(200);
  }
}

const lastSeq = (h: HallServer) => h.ctx.engine.core.log.lastSeq();
const cursor = (h: HallServer) => (h.db.prepare('SELECT seq FROM outbox_cursors WHERE consumer = ?').get(UPLINK_CONSUMER) as { seq: number }).seq;
const health = async (h: HallServer) => (await (await fetch(`${h.url}/api/health`)).json()) as { uplink?: { state: string; connected: boolean; lagEvents: number; highWater: number; lastAckAt: string | null; error: { code: string } | null } };

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('the hall uplink', () => {
  it('sends the whole history, seed first, in consecutive batches no larger than asked, and reports itself in /api/health', async () => {
    centre = await startContractCentre('TEST', TOKEN);
    const h = await start({ maxBatch: 7 });
    await issue(h, 30);
    await h.uplink!.drained(lastSeq(h));
    expect(centre.highWater()).toBe(lastSeq(h));
    expect(JSON.parse(centre.stored.get(1)!).type).toBe('config.seeded');
    for (let s = 1; s <= lastSeq(h); s++) expect(JSON.parse(centre.stored.get(s)!).seq).toBe(s);
    expect(Math.max(...centre.batches.map((b) => b.count))).toBeLessThanOrEqual(7);
    expect(cursor(h)).toBe(lastSeq(h));
    const body = await health(h);
    expect(body.uplink).toMatchObject({ state: 'connected', connected: true, lagEvents: 0, highWater: lastSeq(h), error: null });
    expect(body.uplink!.lastAckAt).not.toBeNull();
  });

  it('keeps serving through an outage, moves its cursor only on an acknowledgement, and drains the backlog in order afterwards', async () => {
    centre = await startContractCentre('TEST', TOKEN);
    const h = await start();
    await issue(h, 3);
    await h.uplink!.drained(lastSeq(h));
    const before = cursor(h);
    centre.failWith = 503;
    await issue(h, 40); // the hall takes tickets while the centre answers nothing useful
    await until('the uplink to notice the outage', async () => (await health(h)).uplink!.state === 'retrying');
    expect(cursor(h)).toBe(before);
    expect((await health(h)).uplink).toMatchObject({ connected: false, lagEvents: lastSeq(h) - before, error: { code: 'TEST_FAILURE' } });
    centre.failWith = null;
    await h.uplink!.drained(lastSeq(h));
    expect(centre.highWater()).toBe(lastSeq(h));
    expect(cursor(h)).toBe(lastSeq(h));
    expect(centre.diverged).toBe(false);
  });

  it('resumes from the centre’s high-water mark when the centre has lost events (restored centre)', async () => {
    centre = await startContractCentre('TEST', TOKEN);
    const h = await start();
    await issue(h, 10);
    await h.uplink!.drained(lastSeq(h));
    centre.forgetAfter(4);
    centre.failWith = 502; // a failure makes the uplink ask where the centre stands
    await issue(h, 1);
    await until('a failure', async () => (await health(h)).uplink!.state === 'retrying');
    centre.failWith = null;
    await until('the centre to hold everything again', () => centre!.highWater() === lastSeq(h));
    expect(centre.diverged).toBe(false);
  });

  it('halts on UPLINK_DIVERGED (a database restored from an old backup) and says so in /api/health', async () => {
    centre = await startContractCentre('TEST', TOKEN);
    const h = await start();
    await issue(h, 2);
    await h.uplink!.drained(lastSeq(h));
    // The centre holds a different event under the next seq: what a database restored from an old backup meets.
    const next = lastSeq(h) + 1;
    centre.stored.set(next, JSON.stringify({ other: true }));
    await issue(h, 1);
    await until('the halt', async () => (await health(h)).uplink!.state === 'halted');
    const body = await health(h);
    expect(body.uplink).toMatchObject({ connected: false, error: { code: 'UPLINK_DIVERGED' } });
    await issue(h, 2); // the hall itself keeps working
    expect(centre.stored.get(next)).toBe(JSON.stringify({ other: true }));
    expect(centre.stored.has(next + 1)).toBe(false);
  });

  it('halts on a refused hall token without retrying in a loop', async () => {
    centre = await startContractCentre('TEST', TOKEN);
    const h = await start({ token: 'not-the-right-token' });
    await until('the halt', async () => (await health(h)).uplink!.state === 'halted');
    expect((await health(h)).uplink!.error!.code).toBe('HALL_TOKEN_INVALID');
    expect(centre.stored.size).toBe(0);
  });

  it('has no uplink block in /api/health when none is configured', async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-uplink-'));
    hall = await startHallServer({ dataDir: dir, configFile: '(test config)', config: testHallConfig(), port: 0, host: '127.0.0.1', clock: new ManualClock(MONDAY_10AM), logger: createLogger('silent'), backups: false, devices: false });
    expect((await health(hall)).uplink).toBeUndefined();
  });
});

describe('uplink settings and back-off', () => {
  it('takes HALL_UPLINK_URL and HALL_UPLINK_TOKEN together or not at all', () => {
    expect(uplinkFromEnv({})).toBeUndefined();
    expect(uplinkFromEnv({ HALL_UPLINK_URL: 'https://centre.example/', HALL_UPLINK_TOKEN: 'abcdefgh12' })).toEqual({ url: 'https://centre.example', token: 'abcdefgh12' });
    expect(() => uplinkFromEnv({ HALL_UPLINK_URL: 'https://centre.example' })).toThrow(UplinkConfigError);
    expect(() => uplinkFromEnv({ HALL_UPLINK_URL: 'ftp://centre.example', HALL_UPLINK_TOKEN: 'abcdefgh12' })).toThrow(/https/);
  });

  it('doubles the back-off up to its cap, with jitter between half and all of it', () => {
    const o = { baseMs: 100, maxMs: 1000 };
    expect(uplinkBackoffMs(1, o, () => 1)).toBe(100);
    expect(uplinkBackoffMs(3, o, () => 1)).toBe(400);
    expect(uplinkBackoffMs(30, o, () => 1)).toBe(1000);
    expect(uplinkBackoffMs(30, o, () => 0)).toBe(500);
  });
});
