import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTY, DEMO_HALLS } from '../../central/demo/county.ts';
import { rebuildProjections } from '../../central/projections/index.ts';
import { EvaluationRecordsResponse } from '../../contract/central/evaluations.ts';
import { EVALUATION_LABELS, type EvaluationLevel } from '../../contract/domain.ts';
import { CODE_MAP_PRESETS, FIELD_MAP_PRESETS } from '../../contract/push.ts';
import { startHallServer, type HallServer } from '../../server/app.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { createLogger } from '../../server/common/logger.ts';
import { MONDAY_10AM, TEST_PASSWORD, testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN } from '../fixtures/server.ts';
import { TestReceiver } from '../push/receiver.ts';
import { diffSnapshots, snapshotProjections } from './projection-compare.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/**
 * A real hall (SQLite, HTTP) with an uplink to a real centre (PostgreSQL) and a push to a local
 * provincial receiver: the evaluation records and their push states reach the centre as events, are
 * projected, shown per hall with their push state, filtered by region subtree and push state, scoped
 * like every central route, and rebuilt exactly from the events alone.
 */
const HALL = DEMO_HALLS[0]!;
const PUSH_TOKEN = 'province-token-0000000077';

describe('evaluation records and push states at the centre', () => {
  let c: TestCentral;
  let hall: HallServer;
  let dir: string;
  let staff: string;
  let sup: string;
  const clock = new ManualClock(MONDAY_10AM);
  const receiver = new TestReceiver({
    token: PUSH_TOKEN,
    fields: Object.values(FIELD_MAP_PRESETS.gbt39046),
    codeField: 'myddm',
    labelField: 'myd',
    codes: Object.fromEntries(Object.entries(CODE_MAP_PRESETS.gbt39046).map(([l, code]) => [code, EVALUATION_LABELS[l as EvaluationLevel]])),
  });

  const hallApi = async (method: string, url: string, o: { cookie?: string; token?: string; body?: unknown } = {}) => {
    const res = await fetch(`${hall.url}${url}`, {
      method,
      headers: {
        'content-type': 'application/json',
        origin: hall.url,
        ...(o.cookie ? { cookie: o.cookie } : {}),
        ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      },
      ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}),
    });
    const body = (await res.json()) as any;
    if (res.status !== 200) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(body)}`);
    return { body, headers: res.headers };
  };
  const login = async (badge: string) => (await hallApi('POST', '/api/auth/login', { body: { badge, password: TEST_PASSWORD } })).headers.get('set-cookie')!.split(';')[0]!;
  const rate = async (level: EvaluationLevel) => {
    await hallApi('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const t = (await hallApi('POST', '/api/windows/1/call-next', { cookie: staff, body: {} })).body as { id: string; number: string };
    await hallApi('POST', '/api/windows/1/finish', { cookie: staff, body: { outcome: 'done' } });
    await hallApi('POST', '/api/evaluations', { cookie: staff, body: { ticketId: t.id, level, source: 'evaluator' } });
    clock.advance(60_000);
    return t;
  };
  /** The hall pushed what is due and the centre holds every event the hall has. */
  const synced = async () => {
    await hall.push!.pass();
    await hall.uplink!.drained(hall.ctx.engine.core.log.lastSeq());
  };
  const records = async (cookie: string, q = '') => {
    const r = await c.api('GET', `/api/evaluations${q}`, { cookie });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return EvaluationRecordsResponse.parse(r.body);
  };

  beforeAll(async () => {
    c = await startTestCentral();
    await receiver.start();
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-central-eval-'));
    const config = testHallConfig();
    config.hall.code = HALL.code;
    hall = await startHallServer({
      dataDir: dir,
      configFile: '(test config)',
      config,
      port: 0,
      host: '127.0.0.1',
      clock,
      logger: createLogger('silent'),
      backups: false,
      devices: false,
      uplink: { url: c.central.url, token: HALL.token, pollMs: 50, lingerMs: 5, timeoutMs: 3000, backoff: { baseMs: 20, maxMs: 100 } },
      push: {
        targets: [{ code: 'province', name: '省好差评系统', url: receiver.url, token: PUSH_TOKEN, timeoutMs: 1000, fieldMap: 'gbt39046', codeMap: 'gbt39046' }],
        backoff: { baseSeconds: 30, maxSeconds: 60 },
        allow: ['127.0.0.1/32'],
        pollMs: 50,
      },
    });
    staff = await login('T001');
    sup = await login('S001');
    await hallApi('POST', '/api/windows/1/sign-in', { cookie: staff, body: {} });
  });
  afterAll(async () => {
    await hall?.close();
    await receiver.stop();
    await c?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows each record of the hall with its push state, the receiver reason of a rejection included', async () => {
    receiver.rejectWhen((b) => (b.myddm === '5' ? '非常不满意须附整改联系人' : null));
    await rate('very_satisfied');
    await rate('very_dissatisfied');
    await rate('basic');
    await synced();
    const county = await c.login('lancang');
    const r = await records(county, `?hall=${HALL.code}`);
    expect(r.scope).toEqual({ region: null, hall: HALL.code, halls: 1 });
    expect(r.totals).toEqual({ records: 3, pending: 0, sent: 2, rejected: 1 });
    expect(r.records.map((x) => x.grade)).toEqual(['basic', 'very_dissatisfied', 'very_satisfied']);
    const bad = r.records.find((x) => x.grade === 'very_dissatisfied')!;
    expect(bad).toMatchObject({ hall: HALL.code, hallName: HALL.name, ticketNumber: 'A002', times: 1, channel: 'staff', windowNo: 1, staffBadge: 'T001', revision: 1 });
    expect(bad.caseNumber).toContain('A002');
    expect(bad.pushes).toEqual([
      expect.objectContaining({ target: 'province', targetName: '省好差评系统', state: 'rejected', attempts: 1, status: 422, reason: 'HTTP 422: 非常不满意须附整改联系人', resend: false, sentAt: null }),
    ]);
    expect(r.records.find((x) => x.grade === 'basic')!.pushes[0]).toMatchObject({ state: 'sent', attempts: 1, reason: null });
    // The citizen's words stay at the hall.
    expect(JSON.stringify(r)).not.toContain('evaluator":');
    const rejected = await records(county, `?region=${DEMO_COUNTY}&push=rejected`);
    expect(rejected.records.map((x) => x.ticketNumber)).toEqual(['A002']);
    expect((await records(county, `?hall=${HALL.code}&grade=basic`)).records).toHaveLength(1);
  });

  it('follows a 补报 at the hall: pending again, then sent, at the centre too', async () => {
    receiver.rejectWhen(undefined);
    // The receiver is busy for the first attempt after the 补报: the record waits, pending, at both ends.
    receiver.failNext({ status: 503, reason: '繁忙' });
    const { items } = (await hallApi('GET', '/api/supervisor/push/items?state=rejected', { cookie: sup })).body as { items: { id: number }[] };
    await hallApi('POST', `/api/supervisor/push/items/${items[0]!.id}/resend`, { cookie: sup, body: { reason: '已补充联系人' } });
    await hall.push!.pass();
    await hall.uplink!.drained(hall.ctx.engine.core.log.lastSeq());
    const county = await c.login('lancang');
    const pending = (await records(county, `?hall=${HALL.code}&push=pending`)).records;
    expect(pending.map((x) => [x.ticketNumber, x.pushes[0]!.state, x.pushes[0]!.resend, x.pushes[0]!.reason])).toEqual([['A002', 'pending', true, '已补充联系人']]);
    clock.advance(120_000);
    await synced();
    const after = await records(county, `?hall=${HALL.code}`);
    expect(after.totals).toEqual({ records: 3, pending: 0, sent: 3, rejected: 0 });
    expect(after.records.find((x) => x.ticketNumber === 'A002')!.pushes[0]).toMatchObject({ state: 'sent', attempts: 3, resend: false, reason: null });
  });

  it('is scoped to the user region subtree: the province and prefecture see it, another county does not', async () => {
    for (const user of ['yunnan', 'puer', 'admin']) expect((await records(await c.login(user), `?region=${DEMO_COUNTY}`)).totals.records, user).toBe(3);
    const simao = await c.login('simao');
    expect((await records(simao)).records).toEqual([]);
    expect((await c.api('GET', `/api/evaluations?region=${DEMO_COUNTY}`, { cookie: simao })).status).toBe(403);
    expect((await c.api('GET', `/api/evaluations?hall=${HALL.code}`, { cookie: simao })).status).toBe(403);
    expect((await c.api('GET', '/api/evaluations')).status).toBe(401);
    const bad = await c.api('GET', '/api/evaluations?push=lost', { cookie: simao });
    expect(bad.status).toBe(400);
  });

  it('rebuilds the records and push states exactly from the events alone', async () => {
    const before = await snapshotProjections(c.central.pool);
    expect(before.proj_eval_records!.length).toBe(3);
    expect(before.proj_eval_pushes!.length).toBe(3);
    await c.central.pool.query('DELETE FROM proj_eval_records');
    await c.central.pool.query('DELETE FROM proj_eval_pushes');
    await rebuildProjections(c.central.pool, { halls: [HALL.code] });
    expect(diffSnapshots(before, await snapshotProjections(c.central.pool))).toEqual([]);
  });
});
