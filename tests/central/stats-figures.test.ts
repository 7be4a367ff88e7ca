import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import { regionMonthStats } from '../../central/stats/region-month.ts';
import { splitMonths } from '../../central/stats/sums.ts';
import type { HallEvent } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';
import { scriptedHall } from './ingest-script.ts';
import { postAll, startTestCentral, type TestCentral } from './server-harness.ts';

/**
 * The statistics API against figures computed here, independently, from the very events posted:
 * a walk over each hall's log (last view of each ticket, window open intervals, case views).
 */
let c: TestCentral;
let lancang: string;
const halls = [DEMO_HALLS[0]!, DEMO_HALLS[1]!, DEMO_HALLS[9]!];
const logs = new Map<string, HallEvent[]>();
const DAYS = ['2026-11-02', '2026-11-03', '2026-11-04'];

beforeAll(async () => {
  c = await startTestCentral();
  for (const [i, h] of halls.entries()) {
    const s = scriptedHall(h.code, 21 + i, { bad: i !== 0 });
    for (const d of DAYS) s.day(d, 40 + 15 * i);
    s.day('2026-12-01', 5); // outside the month: must not count
    logs.set(h.code, s.events);
    await postAll(c, h.token, h.code, s.events, 300);
  }
  lancang = await c.login('lancang');
}, 60_000);
afterAll(() => c?.stop());

const r2 = (v: number) => Math.round(v * 100) / 100;
const r4 = (v: number) => Math.round(v * 10000) / 10000;

/** Figures of one hall's log over the days, computed from the events alone. */
function expected(events: HallEvent[], days: string[]) {
  const last = new Map<string, TicketView>();
  const cases = new Map<number, { day: string; contactedAt: string | null; dueAt: string }>();
  let open = 0;
  const openedAt = new Map<number, number>();
  for (const e of events) {
    if (e.ticket && days.includes(e.ticket.day)) last.set(e.ticket.id, e.ticket);
    if (e.type === 'window.opened') openedAt.set(e.window!, Date.parse(e.at));
    if (e.type === 'window.closed' && days.includes(e.day)) open += Date.parse(e.at) - openedAt.get(e.window!)!;
    const cv = e.data.case as { id: number; day: string; contactedAt: string | null; dueAt: string } | undefined;
    if (cv && days.includes(cv.day)) cases.set(cv.id, cv);
  }
  const t = [...last.values()];
  const waits = t.filter((x) => x.calledAt).map((x) => Date.parse(x.calledAt!) - Date.parse(x.issuedAt));
  const finished = t.filter((x) => x.state === 'finished');
  const busy = finished.reduce((n, x) => n + Date.parse(x.finishedAt!) - Date.parse(x.calledAt!), 0);
  const evaluated = t.filter((x) => x.evaluation);
  const minutes = waits.map((w) => Math.floor(w / 60_000)).sort((a, b) => a - b);
  const onTime = [...cases.values()].filter((x) => x.contactedAt && x.contactedAt <= x.dueAt).length;
  return {
    tickets: t.length,
    served: finished.length,
    noShow: t.filter((x) => x.state === 'no_show').length,
    cancelled: t.filter((x) => x.state === 'cancelled').length,
    averageWaitMinutes: r2(waits.reduce((a, b) => a + b, 0) / waits.length / 60_000),
    p90WaitMinutes: minutes[Math.ceil(0.9 * minutes.length) - 1],
    onSiteRate: r4(finished.filter((x) => x.outcome === 'done').length / finished.length),
    satisfactionRate: r4(evaluated.filter((x) => x.evaluation === 'very_satisfied' || x.evaluation === 'satisfied').length / evaluated.length),
    badCount: evaluated.filter((x) => x.evaluation === 'dissatisfied').length,
    badCases: cases.size,
    badHandledOnTime: onTime,
    openMinutes: r2(open / 60_000),
    idleMinutes: r2(Math.max(0, open - busy) / 60_000),
  };
}

describe('statistics across halls', () => {
  it('gives each hall of the county the figures its events make', async () => {
    const r = await c.api('GET', `/api/stats?region=530830&from=${DAYS[0]}&to=${DAYS[2]}&groupBy=hall`, { cookie: lancang });
    expect(r.status).toBe(200);
    expect(r.body.scope).toMatchObject({ region: '530830', halls: 39 });
    expect(r.body.rows.map((x: { key: string }) => x.key)).toEqual(halls.map((h) => h.code).sort());
    for (const h of halls) {
      const row = r.body.rows.find((x: { key: string }) => x.key === h.code);
      expect(row, h.code).toMatchObject({ label: h.name, ...expected(logs.get(h.code)!, DAYS) });
    }
    const all = [...logs.values()].flat();
    expect(r.body.total.tickets).toBe(halls.reduce((n, h) => n + expected(logs.get(h.code)!, DAYS).tickets, 0));
    expect(r.body.total.p90WaitMinutes).toBe(expected(all, DAYS).p90WaitMinutes);
  });

  it('splits a hall by department, with the item’s department first and the window’s as fallback', async () => {
    const h = halls[0]!;
    const r = await c.api('GET', `/api/stats?hall=${h.code}&from=${DAYS[0]}&to=${DAYS[2]}&groupBy=department`, { cookie: lancang });
    expect(r.status).toBe(200);
    const last = new Map<string, TicketView>();
    for (const e of logs.get(h.code)!) if (e.ticket && DAYS.includes(e.ticket.day)) last.set(e.ticket.id, e.ticket);
    const dept = (t: TicketView) => (t.item === 'I1' ? 'GA' : t.item === 'I3' ? 'SW' : t.window === 2 ? 'SW' : null);
    const counts = new Map<string | null, number>();
    for (const t of last.values()) counts.set(dept(t), (counts.get(dept(t)) ?? 0) + 1);
    const got = new Map(r.body.rows.map((x: { key: string | null; tickets: number }) => [x.key, x.tickets]));
    expect(got).toEqual(counts);
    expect(r.body.rows.find((x: { key: string }) => x.key === 'GA').label).toBe('公安局');
    expect(r.body.rows.find((x: { key: string | null }) => x.key === null).label).toBe('未归属部门');
    expect(r.body.total.openMinutes).toBe(expected(logs.get(h.code)!, DAYS).openMinutes);
  });

  it('groups by window and staff per hall, by child region, and by day', async () => {
    const q = `from=${DAYS[0]}&to=${DAYS[2]}`;
    const w = await c.api('GET', `/api/stats?region=530830&${q}&groupBy=window`, { cookie: lancang });
    expect(w.body.rows.filter((x: { key: string | null }) => x.key !== null).map((x: { key: string }) => x.key)).toEqual(
      halls.flatMap((h) => [`${h.code}:1`, `${h.code}:2`]).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
    );
    const s = await c.api('GET', `/api/stats?region=530830&${q}&groupBy=staff`, { cookie: lancang });
    expect(s.body.rows.find((x: { key: string }) => x.key === `${halls[0]!.code}:T001`).label).toBe(`${halls[0]!.name} 李小明（T001）`);
    const reg = await c.api('GET', `/api/stats?region=530830&${q}&groupBy=region`, { cookie: lancang });
    // The county centre sits at the county itself; the township centre and the village station under the same township.
    expect(halls[2]!.region.startsWith(halls[1]!.region.slice(0, 9))).toBe(true);
    expect(reg.body.rows.map((x: { key: string }) => x.key)).toEqual(['530830', halls[1]!.region]);
    expect(reg.body.rows[1].tickets).toBe(expected(logs.get(halls[1]!.code)!, DAYS).tickets + expected(logs.get(halls[2]!.code)!, DAYS).tickets);
    const days = await c.api('GET', `/api/stats?region=530830&${q}&groupBy=day`, { cookie: lancang });
    expect(days.body.rows.map((x: { key: string }) => x.key)).toEqual(DAYS);
    const sum = days.body.rows.reduce((n: number, x: { tickets: number }) => n + x.tickets, 0);
    expect(sum).toBe(days.body.total.tickets);
  });

  it('computes the same region-month figures from the aggregates as from a plain GROUP BY over the tickets', async () => {
    const agg = await regionMonthStats(c.central.pool, '530830', '2026-11', { via: 'aggregates' });
    const raw = await regionMonthStats(c.central.pool, '530830', '2026-11', { via: 'raw' });
    expect(agg.halls).toHaveLength(3);
    expect(raw).toEqual(agg);
    expect(agg.total.tickets).toBe(halls.reduce((n, h) => n + expected(logs.get(h.code)!, DAYS).tickets, 0));
  });

  it('exports CSV with a byte-order mark, CRLF and a total row', async () => {
    const r = await fetch(`${c.central.url}/api/stats.csv?region=530830&from=${DAYS[0]}&to=${DAYS[2]}&groupBy=hall`, { headers: { cookie: lancang } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n').filter(Boolean);
    expect(lines[0]).toContain('现场办结率(%)');
    expect(lines).toHaveLength(1 + 3 + 1);
    expect(lines[4]!.startsWith('合计,')).toBe(true);
  });

  it('proposes 流动红旗窗口 and 优质服务之星 only from eligible windows and staff, across halls', async () => {
    const r = await c.api('GET', `/api/rankings?region=530830&from=${DAYS[0]}&to=${DAYS[2]}&minServed=10&count=2`, { cookie: lancang });
    expect(r.status).toBe(200);
    const { windows, redFlagWindows, serviceStars, staff } = r.body;
    expect(windows).toHaveLength(6);
    for (const w of windows) expect(w.eligible).toBe(w.served >= 10 && w.evaluated > 0 && w.badCount === 0);
    expect(redFlagWindows.length).toBeLessThanOrEqual(2);
    expect(redFlagWindows.every((w: { eligible: boolean }) => w.eligible)).toBe(true);
    expect(new Set(windows.map((w: { hall: string }) => w.hall)).size).toBe(3);
    expect(serviceStars.every((s: { eligible: boolean }) => s.eligible)).toBe(true);
    expect(staff.length).toBe(6);
  });

  it('publishes the monthly appraisal with masked names and nothing personal', async () => {
    const r = await c.api('GET', '/api/public/appraisal?region=530830&month=2026-11');
    expect(r.status).toBe(200);
    expect(r.body.halls.map((h: { hall: string }) => h.hall).sort()).toEqual(halls.map((h) => h.code).sort());
    expect(r.body.serviceStars.length).toBeGreaterThan(0);
    for (const s of r.body.serviceStars) expect(s.maskedName).toMatch(/^[李王]＊+$/);
    for (const secret of ['李小明', '王芳', 'T001', 'T002', '张*三', '110101', '等太久']) expect(r.text).not.toContain(secret);
    expect(r.body.final).toBe(true);
  });

  it('keeps supervisors inside their subtree', async () => {
    const simao = await c.login('simao');
    const q = `from=${DAYS[0]}&to=${DAYS[2]}`;
    expect((await c.api('GET', `/api/stats?region=530830&${q}`, { cookie: simao })).status).toBe(403);
    expect((await c.api('GET', `/api/stats?hall=${halls[0]!.code}&${q}`, { cookie: simao })).status).toBe(403);
    const own = await c.api('GET', `/api/stats?${q}`, { cookie: simao });
    expect(own.body).toMatchObject({ scope: { region: '530802', halls: 0 }, rows: [], total: { tickets: 0 } });
    const province = await c.api('GET', `/api/stats?${q}&groupBy=none`, { cookie: await c.login('yunnan') });
    expect(province.body.total.tickets).toBe(halls.reduce((n, h) => n + expected(logs.get(h.code)!, DAYS).tickets, 0));
  });

  it('takes the P90 of whole months from the monthly histogram and of the days around them from the daily one', async () => {
    const all = [...logs.values()].flat();
    const days = [...DAYS, '2026-12-01'];
    for (const [from, to] of [['2026-11-01', '2026-12-01'], ['2026-10-20', '2026-12-31'], ['2026-11-03', '2026-12-01']] as const) {
      const r = await c.api('GET', `/api/stats?region=530830&from=${from}&to=${to}&groupBy=hall`, { cookie: lancang });
      const inRange = days.filter((d) => d >= from && d <= to);
      expect(r.body.total.p90WaitMinutes, `${from}…${to}`).toBe(expected(all, inRange).p90WaitMinutes);
      for (const h of halls) expect(r.body.rows.find((x: { key: string }) => x.key === h.code).p90WaitMinutes).toBe(expected(logs.get(h.code)!, inRange).p90WaitMinutes);
    }
  });

  it('splits a range into whole months and the days around them', () => {
    expect(splitMonths('2026-11-01', '2026-11-30')).toEqual({ months: ['2026-11-01'], days: [] });
    expect(splitMonths('2026-10-20', '2027-01-05')).toEqual({ months: ['2026-11-01', '2026-12-01'], days: [['2026-10-20', '2026-10-31'], ['2027-01-01', '2027-01-05']] });
    expect(splitMonths('2026-11-02', '2026-11-30')).toEqual({ months: [], days: [['2026-11-02', '2026-11-30']] });
    expect(splitMonths('2026-02-01', '2026-02-28')).toEqual({ months: ['2026-02-01'], days: [] });
  });

  it('validates the range', async () => {
    const r = await c.api('GET', '/api/stats?from=2026-11-05&to=2026-11-01', { cookie: lancang });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION');
    for (const q of ['from=2026-02-30&to=2026-03-01', 'from=2026-11-01&to=2026-13-01', 'from=2025-01-01&to=2026-12-31', 'from=2026-11-01&to=2026-11-30&groupBy=nope'])
      expect((await c.api('GET', `/api/stats?${q}`, { cookie: lancang })).status, q).toBe(400);
    expect((await c.api('GET', '/api/public/appraisal?region=530830&month=2026-13')).status).toBe(400);
  });
});
