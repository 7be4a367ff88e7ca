import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVALUATION_LABELS, EvaluationLevel } from '../../contract/domain.ts';
import type { HallEvent } from '../../contract/events.ts';
import { CODE_MAP_PRESETS, FIELD_MAP_PRESETS, PushStateData, type PushItemView } from '../../contract/push.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer, type TestServerOptions } from '../fixtures/server.ts';
import { TestReceiver } from '../push/receiver.ts';
import { openDatabase } from '../../server/store/db.ts';
import { readEventLog, replayEvents } from '../../server/store/replay/index.ts';

/**
 * The 好差评 push against two local receivers over real HTTP: a provincial one with the GB/T 39046 表9
 * field names and the reversed codes (1 = 非常不满意), and a city one with field names of its own, the
 * GB/T 39046 A.8 codes (1 = 非常满意) and its token in X-Api-Key. The receivers fail on purpose (5xx,
 * a hang past the timeout, a reset, a 4xx with a reason), the provincial one is restarted mid-run and
 * so is the hall server; nothing is lost and nothing arrives twice under two keys.
 */
const PROVINCE_TOKEN = 'province-token-0000000001';
const CITY_TOKEN = 'city-token-000000000001';
const CITY_FIELDS = { recordKey: 'id', caseNumber: 'caseNo', gradeCode: 'satisfaction', gradeLabel: 'satisfactionText', evaluatedAt: 'time', channel: 'channel', times: 'count', itemName: 'matter' } as const;
const labelsByCode = (codes: Record<string, string>) => Object.fromEntries(Object.entries(codes).map(([level, code]) => [code, EVALUATION_LABELS[level as EvaluationLevel]]));

describe('好差评 push to provincial receivers', () => {
  let srv: TestServer;
  let dir: string;
  let staff: string;
  let sup: string;
  const province = new TestReceiver({
    token: PROVINCE_TOKEN,
    fields: Object.values(FIELD_MAP_PRESETS.gbt39046),
    codeField: 'myddm',
    labelField: 'myd',
    codes: labelsByCode(CODE_MAP_PRESETS.reversed),
  });
  const city = new TestReceiver({
    token: CITY_TOKEN,
    authHeader: 'X-Api-Key',
    authScheme: '',
    fields: Object.values(CITY_FIELDS),
    codeField: 'satisfaction',
    labelField: 'satisfactionText',
    codes: labelsByCode(CODE_MAP_PRESETS.gbt39046),
  });

  const pushOption = (): NonNullable<TestServerOptions['push']> => ({
    targets: [
      { code: 'province', name: '省好差评系统', url: province.url, token: PROVINCE_TOKEN, timeoutMs: 400, fieldMap: 'gbt39046', codeMap: 'reversed' },
      { code: 'city', name: '市12345好差评', url: city.url, token: CITY_TOKEN, authHeader: 'X-Api-Key', authScheme: '', timeoutMs: 400, fieldMap: { ...CITY_FIELDS }, codeMap: 'gbt39046' },
    ],
    backoff: { baseSeconds: 1, maxSeconds: 4 },
    allow: ['127.0.0.1/32'],
    pollMs: 20,
  });
  const start = async () => {
    srv = await startTestServer({ config: testHallConfig(), dir, push: pushOption() });
    staff = await srv.login('T001');
    sup = await srv.login('S001');
    await srv.api('POST', '/api/windows/1/sign-in', { cookie: staff, body: {} });
  };
  const ok = async (method: string, url: string, cookie: string, body?: unknown) => {
    const r = await srv.api(method, url, { cookie, ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  /** Serves a visit at window 1 and rates it; returns the ticket. */
  const rate = async (level: EvaluationLevel) => {
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const t = (await ok('POST', '/api/windows/1/call-next', staff, {})) as { id: string; number: string };
    await ok('POST', '/api/windows/1/finish', staff, { outcome: 'done' });
    await ok('POST', '/api/evaluations', staff, { ticketId: t.id, level, source: 'evaluator', ...(level.includes('dis') ? { reasons: ['等候太久'] } : {}) });
    return t;
  };
  const items = async (q = '') => ((await ok('GET', `/api/supervisor/push/items?limit=500${q}`, sup)) as { items: PushItemView[] }).items;
  /** Moves the hall clock past any back-off and lets the push work, until `done` holds (deadline, with what is pending). */
  const settle = async (done: () => boolean | Promise<boolean>, what: string, ms = 15_000) => {
    const deadline = Date.now() + ms;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`${what}: not reached in ${ms} ms; pending ${JSON.stringify((await items('&state=pending')).map((i) => [i.target, i.recordKey, i.attempts, i.reason]))}`);
      srv.clock.advance(5_000);
      await srv.push!.pass();
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const pushEvents = async (): Promise<(HallEvent & { data: PushStateData })[]> => {
    const all: HallEvent[] = [];
    for (let after = 0; ; ) {
      const page = (await ok('GET', `/api/events?after=${after}&limit=1000`, sup)) as { events: HallEvent[] };
      all.push(...page.events);
      if (page.events.length < 1000) break;
      after = page.events[page.events.length - 1]!.seq;
    }
    return all.filter((e) => e.type === 'evaluation.push_state').map((e) => ({ ...e, data: PushStateData.parse(e.data) }));
  };

  beforeAll(async () => {
    await province.start();
    await city.start();
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-push-'));
    await start();
  });
  afterAll(async () => {
    await srv?.stop();
    await province.stop();
    await city.stop();
    const { rmSync } = await import('node:fs');
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('pushes every grade with the field list and the code of each receiver: the same grade, opposite codes', async () => {
    const tickets: { id: string; level: EvaluationLevel }[] = [];
    for (const level of EvaluationLevel.options) tickets.push({ id: (await rate(level)).id, level });
    await settle(() => province.accepted.size >= 5 && city.accepted.size >= 5, 'five records at each receiver');
    for (const { id, level } of tickets) {
      const p = [...province.accepted.values()].find((b) => String(b.wyid).endsWith(`-${id}:1`))!;
      const c = [...city.accepted.values()].find((b) => String(b.id).endsWith(`-${id}:1`))!;
      expect(p.myddm, level).toBe(CODE_MAP_PRESETS.reversed[level]);
      expect(c.satisfaction, level).toBe(CODE_MAP_PRESETS.gbt39046[level]);
      expect(p.myd).toBe(EVALUATION_LABELS[level]);
      expect(c.satisfactionText).toBe(EVALUATION_LABELS[level]);
      expect(Object.keys(p).sort()).toEqual(Object.values(FIELD_MAP_PRESETS.gbt39046).sort());
      expect(Object.keys(c).sort()).toEqual(Object.values(CITY_FIELDS).sort());
      // Rated through the staff member's session: 评价渠道 says so (工作人员代录).
      expect(p).toMatchObject({ pjqd: 'staff', pjcs: 1 });
    }
    // 非常满意 is "5" at the province and "1" at the city.
    const best = tickets.find((t) => t.level === 'very_satisfied')!.id;
    expect([...province.accepted.values()].find((b) => String(b.wyid).includes(best))!.myddm).toBe('5');
    expect([...city.accepted.values()].find((b) => String(b.id).includes(best))!.satisfaction).toBe('1');
    // Each item's states are events: pending, then sent.
    const events = await pushEvents();
    for (const target of ['province', 'city']) {
      const mine = events.filter((e) => e.data.target === target && e.data.ticketId === best);
      expect(mine.map((e) => e.data.state)).toEqual(['pending', 'sent']);
    }
    const sent = await items('&state=sent');
    expect(sent.length).toBe(10);
    expect(sent.every((i) => i.attempts === 1 && i.sentAt !== null)).toBe(true);
  });

  it('5xx, a hang past the timeout and a reset are retried with back-off under the same key until the receiver takes it', async () => {
    province.failNext({ status: 503, reason: '系统维护中' }, 'hang', 'reset');
    const before = province.arrivals.length;
    const t = await rate('satisfied');
    // The first failure is seen, with its reason, while the record waits.
    await settle(async () => (await items('&target=province')).some((i) => i.ticketId === t.id && i.attempts >= 1), 'a first attempt');
    await settle(async () => (await items('&target=province')).some((i) => i.ticketId === t.id && i.state === 'sent'), 'the record sent after three failures');
    const arrivals = province.arrivals.slice(before).filter((a) => a.body && String(a.body.wyid).includes(t.id));
    expect(arrivals.map((a) => a.answered)).toEqual([503, 'hang', 'reset', 200]);
    expect(new Set(arrivals.map((a) => a.key)).size).toBe(1);
    const item = (await items('&target=province')).find((i) => i.ticketId === t.id)!;
    expect(item.log.map((l) => l.outcome)).toEqual(['retry', 'retry', 'retry', 'sent']);
    expect(item.log.map((l) => l.reason)).toEqual(['HTTP 503: 系统维护中', 'timeout', 'unreachable', null]);
    // A retry is no state change: pending once, sent once.
    expect((await pushEvents()).filter((e) => e.data.target === 'province' && e.data.ticketId === t.id).map((e) => e.data.state)).toEqual(['pending', 'sent']);
  });

  it('a 4xx is a rejection with the receiver reason, shown and not retried; 补报 sends it again under the same key, audited', async () => {
    province.rejectWhen((b) => (b.myddm === '1' ? '差评须附评价原因编码' : null));
    const t = await rate('very_dissatisfied');
    await settle(async () => (await items('&state=rejected')).some((i) => i.ticketId === t.id), 'the rejection');
    const [rejected] = (await items('&state=rejected')).filter((i) => i.ticketId === t.id);
    expect(rejected).toMatchObject({ target: 'province', state: 'rejected', lastStatus: 422, reason: 'HTTP 422: 差评须附评价原因编码', attempts: 1 });
    // Not retried: time passes, the push works, nothing more arrives.
    const arrivals = province.arrivals.length;
    srv.clock.advance(3_600_000);
    await srv.push!.pass();
    expect(province.arrivals.length).toBe(arrivals);
    // The event tells the centre why.
    const ev = (await pushEvents()).filter((e) => e.data.ticketId === t.id && e.data.target === 'province');
    expect(ev.map((e) => [e.data.state, e.data.reason])).toEqual([['pending', null], ['rejected', 'HTTP 422: 差评须附评价原因编码']]);
    // Staff may not resend; a supervisor may, once.
    expect((await srv.api('POST', `/api/supervisor/push/items/${rejected!.id}/resend`, { cookie: staff, body: {} })).status).toBe(403);
    province.rejectWhen(undefined);
    const r = await ok('POST', `/api/supervisor/push/items/${rejected!.id}/resend`, sup, { reason: '省平台已放开校验' });
    expect(r.item.state).toBe('pending');
    const again = await srv.api('POST', `/api/supervisor/push/items/${rejected!.id}/resend`, { cookie: sup, body: {} });
    expect([again.status, again.body.error.code]).toEqual([409, 'PUSH_ALREADY_PENDING']);
    await settle(async () => (await items('&target=province')).some((i) => i.id === rejected!.id && i.state === 'sent'), 'the resent record');
    const keys = province.arrivals.filter((a) => a.body && String(a.body.wyid).includes(t.id)).map((a) => a.key);
    expect(keys.length).toBe(2);
    expect(new Set(keys).size).toBe(1);
    const after = (await pushEvents()).filter((e) => e.data.ticketId === t.id && e.data.target === 'province');
    expect(after.map((e) => [e.data.state, e.data.resend, e.actor.kind])).toEqual([['pending', false, 'system'], ['rejected', false, 'system'], ['pending', true, 'staff'], ['sent', false, 'system']]);
    const audit = (await ok('GET', '/api/audit?limit=50', sup)) as { entries: { action: string; actor: string; target: string | null }[] };
    expect(audit.entries.find((e) => e.action === 'supervisor.push.resend')).toMatchObject({ actor: 'staff:S001', target: rejected!.recordKey });
  });

  it('the receiver restarted mid-run and the hall server restarted with records pending: nothing lost, nothing twice under two keys', async () => {
    const rated: string[] = [];
    for (let i = 0; i < 4; i++) rated.push((await rate(i % 2 ? 'basic' : 'satisfied')).id);
    await settle(() => rated.every((id) => [...province.accepted.values()].some((b) => String(b.wyid).includes(id))), 'the first four');
    await province.stop();
    for (let i = 0; i < 4; i++) rated.push((await rate('satisfied')).id);
    // Attempts fail while the province is down; the city takes them meanwhile.
    await settle(async () => (await items('&target=province&state=pending')).filter((i) => i.attempts >= 1).length >= 4, 'failed attempts while down');
    // The hall server goes down too, with the province's records pending, and comes back on the same data,
    // its clock an hour behind the one that scheduled the retries: they fall due at once, not in an hour.
    await srv.stop();
    await province.start();
    await start();
    for (let i = 0; i < 2; i++) rated.push((await rate('very_satisfied')).id);
    await settle(
      () => rated.every((id) => [...province.accepted.values()].some((b) => String(b.wyid).includes(id)) && [...city.accepted.values()].some((b) => String(b.id).includes(id))),
      'every record at both receivers',
    );
    // Nothing twice under two keys: each record version arrived under one key only, at each receiver.
    for (const [receiver, keyField] of [[province, 'wyid'], [city, 'id']] as const) {
      const keysByRecord = new Map<string, Set<string>>();
      for (const a of receiver.arrivals) {
        if (!a.body || !a.key) continue;
        expect(a.key).toBe(a.body[keyField]);
        const set = keysByRecord.get(String(a.body[keyField])) ?? new Set();
        set.add(a.key);
        keysByRecord.set(String(a.body[keyField]), set);
      }
      for (const [record, keys] of keysByRecord) expect(keys.size, record).toBe(1);
    }
    // Nothing lost: every rated visit is at both receivers once, and every item is sent.
    const all = await items();
    const ticketIds = new Set(all.map((i) => i.ticketId));
    expect(ticketIds.size).toBe(5 + 1 + 1 + rated.length);
    expect(all.filter((i) => i.state !== 'sent')).toEqual([]);
    expect(province.accepted.size).toBe(ticketIds.size);
    expect(city.accepted.size).toBe(ticketIds.size);
  });

  it("a record's later version waits while an earlier one is being retried: the receiver gets them in order", async () => {
    province.failNext({ status: 502, reason: '网关超时' });
    const t = await rate('dissatisfied');
    await settle(async () => (await items('&target=province')).some((i) => i.ticketId === t.id && i.attempts === 1), 'the first version failed once');
    // 回访 changes the record's case summary: a new version, queued while the first waits for its retry.
    const { cases } = (await ok('GET', '/api/cases', sup)) as { cases: { id: number; ticketId: string }[] };
    await ok('POST', `/api/cases/${cases.find((c) => c.ticketId === t.id)!.id}/contact`, sup, { note: '已电话回访' });
    await srv.push!.pass();
    const versions = (await items('&target=province')).filter((i) => i.ticketId === t.id).sort((a, b) => a.revision - b.revision);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    const last = versions[versions.length - 1]!;
    expect(last.attempts).toBe(0);
    await settle(async () => (await items('&target=province&state=pending')).every((i) => i.ticketId !== t.id), 'every version sent');
    const order = province.arrivals.filter((a) => a.answered === 200 && a.body && String(a.body.wyid).includes(t.id)).map((a) => Number(String(a.key).split(':').pop()));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(order[order.length - 1]).toBe(last.revision);
  });

  it('a hall rebuilt from its event log knows what it pushed, to whom, in which state and why', async () => {
    province.rejectWhen((b) => (b.myddm === '2' ? '重复办件编号' : null));
    await rate('dissatisfied');
    await settle(async () => (await items('&state=rejected')).length === 1, 'a rejection to rebuild');
    const columns = 'target, record_key, ticket_id, event_seq, record, state, attempts, last_status, last_error, sent_at IS NOT NULL AS sent';
    const original = srv.db.prepare(`SELECT ${columns} FROM push_items ORDER BY target, record_key`).all();
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const rebuiltDir = mkdtempSync(path.join(tmpdir(), 'hallq-push-replay-'));
    const rebuilt = openDatabase({ dataDir: rebuiltDir });
    try {
      replayEvents(rebuilt, readEventLog(srv.db));
      expect(rebuilt.prepare(`SELECT ${columns} FROM push_items ORDER BY target, record_key`).all()).toEqual(original);
      // Targets come back as inactive placeholders without a token until the push file names them.
      expect(rebuilt.prepare('SELECT code, active, token FROM push_targets ORDER BY code').all()).toEqual([
        { code: 'city', active: 0, token: '' },
        { code: 'province', active: 0, token: '' },
      ]);
    } finally {
      rebuilt.close();
      rmSync(rebuiltDir, { recursive: true, force: true });
    }
    province.rejectWhen(undefined);
  });

  it('the console lists the targets with their maps, token hint and counts', async () => {
    const { targets } = (await ok('GET', '/api/supervisor/push/targets', sup)) as { targets: { code: string; tokenHint: string; codeMap: Record<string, string>; counts: Record<string, number> }[] };
    expect(targets.map((t) => t.code)).toEqual(['city', 'province']);
    const p = targets.find((t) => t.code === 'province')!;
    expect(p.tokenHint).toBe('…0001');
    expect(p.codeMap.very_satisfied).toBe('5');
    expect(p.counts.rejected).toBe(1);
    expect(JSON.stringify(targets)).not.toContain(PROVINCE_TOKEN);
  });
});
