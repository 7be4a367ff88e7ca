import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsResponse } from '../../contract/admin.ts';
import type { CaseView } from '../../contract/admin.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * GB/T 39734 figures through the real API and CSV: 主动评价率 (rated finished visits ÷ finished), 好评率,
 * 差评率, 差评按时回访率 and 整改率, per hall, window and staff. A known day at two windows:
 *   window 1 (T001): five finished visits: 非常满意, 满意, 基本满意, 不满意 (called back in time and
 *   rectified), one unrated; window 2 (T002): three finished visits: 非常不满意 (called back late,
 *   not rectified), 满意, one unrated; plus a no-show (not a finished visit).
 */
const MONDAY_9AM = '2026-11-30T01:00:00.000Z';
const DAY = '2026-11-30';

describe('好差评 figures', () => {
  let srv: TestServer;
  const cookies: Record<string, string> = {};
  const ok = async (method: string, url: string, cookie: string, body: unknown = method === 'GET' ? undefined : {}) => {
    const r = await srv.api(method, url, { cookie, ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const visit = async (window: 1 | 2, level: string | null) => {
    const staff = cookies[`w${window}`]!;
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    const t = (await ok('POST', `/api/windows/${window}/call-next`, staff)) as { id: string };
    srv.clock.advance(60_000);
    await ok('POST', `/api/windows/${window}/finish`, staff, { outcome: 'done' });
    if (level) await ok('POST', '/api/evaluations', staff, { ticketId: t.id, level, source: 'screen' });
    return t.id;
  };

  beforeAll(async () => {
    srv = await startTestServer({ config: testHallConfig(), at: MONDAY_9AM });
    cookies.w1 = await srv.login('T001');
    cookies.w2 = await srv.login('T002');
    cookies.sup = await srv.login('S001');
    await ok('POST', '/api/windows/1/sign-in', cookies.w1);
    await ok('POST', '/api/windows/2/sign-in', cookies.w2);
    for (const l of ['very_satisfied', 'satisfied', 'basic']) await visit(1, l);
    const inTime = await visit(1, 'dissatisfied');
    await visit(1, null);
    const late = await visit(2, 'very_dissatisfied');
    await visit(2, 'satisfied');
    await visit(2, null);
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    await ok('POST', '/api/windows/2/call-next', cookies.w2);
    await ok('POST', '/api/windows/2/no-show', cookies.w2);

    const { cases } = (await ok('GET', '/api/cases', cookies.sup)) as { cases: CaseView[] };
    const caseOf = (ticketId: string) => cases.find((c) => c.ticketId === ticketId)!.id;
    // The first 差评 is called back at once and rectified; the second only after its deadline (1 working day).
    await ok('POST', `/api/cases/${caseOf(inTime)}/contact`, cookies.sup, { note: '当天回访' });
    await ok('POST', `/api/cases/${caseOf(inTime)}/rectify`, cookies.sup, { rectification: '补充一次性告知单' });
    srv.clock.advance(26 * 3600_000);
    const sup = await srv.login('S001');
    await ok('POST', `/api/cases/${caseOf(late)}/contact`, sup, { note: '次日才回访' });
    cookies.sup = sup;
  });
  afterAll(async () => {
    await srv?.stop();
  });

  const stats = (groupBy: string) => ok('GET', `/api/stats?from=${DAY}&to=${DAY}&groupBy=${groupBy}`, cookies.sup!) as Promise<StatsResponse>;

  it('for the hall', async () => {
    const s = await stats('none');
    expect(s.total.evaluation).toEqual({
      finished: 8,
      rated: 6,
      activeRate: 6 / 8,
      good: 4,
      goodRate: 4 / 6,
      bad: 2,
      badRate: 2 / 6,
      badCases: 2,
      contactedOnTime: 1,
      contactedOnTimeRate: 1 / 2,
      rectified: 1,
      rectifiedRate: 1 / 2,
    });
  });

  it('per window and per staff member', async () => {
    for (const [groupBy, one, two] of [
      ['window', '1', '2'],
      ['staff', 'T001', 'T002'],
    ] as const) {
      const s = await stats(groupBy);
      const row = (k: string) => s.rows.find((r) => r.key === k)!.evaluation!;
      expect(row(one)).toMatchObject({ finished: 5, rated: 4, activeRate: 0.8, goodRate: 0.75, badRate: 0.25, badCases: 1, contactedOnTimeRate: 1, rectifiedRate: 1 });
      expect(row(two)).toMatchObject({ finished: 3, rated: 2, activeRate: 2 / 3, goodRate: 0.5, badRate: 0.5, badCases: 1, contactedOnTimeRate: 0, rectifiedRate: 0 });
    }
    const dept = await stats('department');
    expect(dept.rows.find((r) => r.key === 'GA')!.evaluation).toMatchObject({ finished: 8, rated: 6 });
  });

  it('in the CSV, as percentages with one decimal', async () => {
    const res = await fetch(`${srv.url}/api/stats/export.csv?from=${DAY}&to=${DAY}&groupBy=window`, { headers: { cookie: cookies.sup! } });
    const lines = new TextDecoder().decode(new Uint8Array(await res.arrayBuffer()).slice(3)).split('\r\n').filter(Boolean);
    const header = lines[0]!.split(',');
    const at = (name: string) => header.indexOf(name);
    for (const name of ['主动评价率(%)', '好评率(%)', '差评率(%)', '差评按时回访率(%)', '整改率(%)']) expect(at(name)).toBeGreaterThan(0);
    const w1 = lines.find((l) => l.startsWith('综合窗口1,'))!.split(',');
    expect([w1[at('主动评价率(%)')], w1[at('好评率(%)')], w1[at('差评率(%)')], w1[at('差评按时回访率(%)')], w1[at('整改率(%)')]]).toEqual(['80', '75', '25', '100', '100']);
    const total = lines.at(-1)!.split(',');
    expect([total[at('主动评价率(%)')], total[at('好评率(%)')], total[at('差评率(%)')]]).toEqual(['75', '66.7', '33.3']);
  });
});
