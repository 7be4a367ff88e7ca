import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { createLogger } from '../../server/common/logger.ts';
import { childHallConfig, spawnChildServer, type ChildServer } from '../fixtures/child-server.ts';
import { KIOSK_TOKEN } from '../fixtures/server.ts';
import { TEST_PASSWORD } from '../fixtures/hall.ts';

/**
 * A clock stepped back across midnight (an NTP correction) must never reopen the closed day: the hall
 * stays on the business day it had begun, tickets go into that day (and can be called), and the step
 * is logged with both readings. Once with the controllable clock in-process, once with a real child
 * process whose wall clock libfaketime moves (skipped where faketime is not installed).
 */

// Shanghai is UTC+8: 15:58Z on 12-02 is 23:58 local.
const DEC2_2358 = '2026-12-02T15:58:00Z';
const DEC3_0000_30 = '2026-12-02T16:00:30Z';
// 23:58:40: the child hall issues 00:00–23:59, so its last open minute.
const DEC2_2358_40 = '2026-12-02T15:58:40Z';

type Json = Record<string, any>;

async function call(url: string, method: string, p: string, o: { token?: string; cookie?: string; body?: unknown } = {}): Promise<{ status: number; body: Json; headers: Headers }> {
  const headers: Record<string, string> = { 'content-type': 'application/json', origin: url };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.cookie) headers.cookie = o.cookie;
  const res = await fetch(`${url}${p}`, { method, headers, ...(method === 'GET' ? {} : { body: JSON.stringify(o.body ?? {}) }) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Json) : {}, headers: res.headers };
}

async function login(url: string, badge: string): Promise<string> {
  const r = await call(url, 'POST', '/api/auth/login', { body: { badge, password: TEST_PASSWORD } });
  if (r.status !== 200) throw new Error(`login ${badge}: ${r.status} ${JSON.stringify(r.body)}`);
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('a clock stepped back across midnight (controllable clock, real HTTP)', () => {
  let srv: HallServer;
  let dir: string;
  const clock = new ManualClock(DEC2_2358);
  const lines: Json[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-clock-'));
    srv = await startHallServer({
      dataDir: dir,
      configFile: '(test config)',
      config: childHallConfig(),
      port: 0,
      host: '127.0.0.1',
      clock,
      logger: createLogger('warn', { write: (s: string) => void lines.push(JSON.parse(s) as Json) }),
      backups: false,
      devices: false,
      storageReserve: false,
    });
  });
  afterAll(async () => {
    await srv?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('issues into the day the hall is on, logs the step, and the ticket can be called', async () => {
    const issue = () => call(srv.url, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const late = await issue();
    expect(late.body).toMatchObject({ number: 'A0001' });

    clock.set(DEC3_0000_30);
    const first = await issue();
    expect(first.body).toMatchObject({ number: 'A0001' });
    expect((await call(srv.url, 'GET', '/api/health')).body.day).toBe('2026-12-03');

    // NTP steps the clock back to 23:58:40 on 12-02: 12-02 was closed at midnight and stays closed.
    clock.set(DEC2_2358_40);
    const afterStep = await issue();
    expect(afterStep.status).toBe(200);
    expect(afterStep.body.number).toBe('A0002');
    const row = srv.db.prepare('SELECT day, state FROM tickets WHERE id = ?').get(afterStep.body.ticketId) as { day: string; state: string };
    expect(row).toEqual({ day: '2026-12-03', state: 'waiting' });
    expect(srv.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE day = '2026-12-02' AND state = 'waiting'").get()).toEqual({ n: 0 });
    expect((await call(srv.url, 'GET', '/api/health')).body.day).toBe('2026-12-03');

    const step = lines.find((l) => l.msg?.includes('clock stepped backwards'));
    expect(step).toMatchObject({ level: 40, from: new Date(DEC3_0000_30).toISOString(), to: new Date(DEC2_2358_40).toISOString(), clockDay: '2026-12-02', hallDay: '2026-12-03' });

    // The ticket issued after the step is called like any other of the day.
    const cookie = await login(srv.url, 'T001');
    expect((await call(srv.url, 'POST', '/api/windows/1/sign-in', { cookie })).status).toBe(200);
    const calls: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await call(srv.url, 'POST', '/api/windows/1/call-next', { cookie });
      expect(r.status).toBe(200);
      calls.push(r.body.number as string);
      expect((await call(srv.url, 'POST', '/api/windows/1/finish', { cookie, body: { outcome: 'done' } })).status).toBe(200);
    }
    expect(calls).toEqual(['A0001', 'A0002']);
  });
});

const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'].find((f) => existsSync(f));
const faketimeWorks = LIBFAKETIME !== undefined && spawnSync(process.execPath, ['-e', 'process.stdout.write(String(new Date().getUTCFullYear()))'], { env: { ...process.env, LD_PRELOAD: LIBFAKETIME, FAKETIME: '@2031-01-01 00:00:00' }, encoding: 'utf8' }).stdout === '2031';

describe.skipIf(!faketimeWorks)('a clock stepped back across midnight (a real child process under libfaketime)', () => {
  let child: ChildServer | undefined;
  let dir: string;
  let stamp: string;
  // libfaketime reads the fake wall clock from this file on every call (no cache), so the test steps it.
  const setWallClock = (local: string) => writeFileSync(stamp, `@${local}\n`);

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-faketime-'));
    stamp = path.join(dir, 'faketime.rc');
    setWallClock('2026-12-02 23:58:00');
    child = await spawnChildServer({
      dataDir: path.join(dir, 'data'),
      env: { LD_PRELOAD: LIBFAKETIME!, FAKETIME_TIMESTAMP_FILE: stamp, FAKETIME_NO_CACHE: '1', FAKETIME_DONT_FAKE_MONOTONIC: '1', TZ: 'Asia/Shanghai', LOG_LEVEL: 'warn' },
    });
  });
  afterAll(async () => {
    await child?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps issuing into 12-03 after the wall clock went back to 12-02 23:58:40, and logs the step', async () => {
    const url = child!.url;
    const issue = () => call(url, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    expect((await issue()).body.number).toBe('A0001');
    setWallClock('2026-12-03 00:00:30');
    expect((await issue()).body.number).toBe('A0001');
    expect((await call(url, 'GET', '/api/health')).body.day).toBe('2026-12-03');
    setWallClock('2026-12-02 23:58:40');
    const afterStep = await issue();
    expect(afterStep.body.number).toBe('A0002');
    expect((await call(url, 'GET', '/api/health')).body.day).toBe('2026-12-03');
    const deadline = Date.now() + 5000;
    while (!child!.output().includes('clock stepped backwards') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const line = child!.output().split('\n').find((l) => l.includes('clock stepped backwards'));
    expect(line, 'the warning in the child log').toBeDefined();
    expect(JSON.parse(line!)).toMatchObject({ level: 40, clockDay: '2026-12-02', hallDay: '2026-12-03' });
  });
});
