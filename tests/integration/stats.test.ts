import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RankingsResponse, StatsFigures, StatsResponse } from '../../contract/admin.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber } from './helpers.ts';

/**
 * Statistics on a seeded synthetic day. The test drives a real server through a day of tickets with a
 * ManualClock and keeps its own record of what it did and when; the expected figures are computed from
 * that record alone (never from the database) and compared with GET /api/stats.
 * Percentile definition on both sides: nearest rank, the ⌈0.9·n⌉-th smallest wait.
 */

const SUNDAY_5PM = '2026-11-29T09:00:00Z'; // 17:00 Asia/Shanghai
const MONDAY_8AM = '2026-11-30T00:00:00Z';
const MONDAY = '2026-11-30';
const SUNDAY = '2026-11-29';

type Level = 'very_satisfied' | 'satisfied' | 'basic' | 'dissatisfied' | 'very_dissatisfied';
const LEVELS: Level[] = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'];
const OUTCOMES = ['done', 'accepted', 'supplement', 'rejected', 'consultation'] as const;
const ITEM_DEPT: Record<string, string> = { I1: 'GA', I2: 'GA', I3: 'SW' };
const ITEM_QUEUE: Record<string, string> = { I1: 'QA', I2: 'QB', I3: 'QC' };

interface Modelled {
  id: string;
  day: string;
  queue: string;
  item: string | null;
  /** Milliseconds since the epoch, as set on the clock. */
  issuedAt: number;
  /** Local hour (Asia/Shanghai is UTC+8 all year). */
  hour: string;
  calledAt?: number;
  startedAt?: number;
  finishedAt?: number;
  state: 'waiting' | 'called' | 'serving' | 'finished' | 'no_show' | 'cancelled';
  outcome?: string;
  level?: Level;
  window?: number;
  staff?: string;
}

/** Mulberry32: a small seeded generator, so the day is the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function expected(list: Modelled[]): StatsFigures {
  const waits = list.filter((t) => t.calledAt !== undefined).map((t) => (t.calledAt! - t.issuedAt) / 60_000);
  const finished = list.filter((t) => t.state === 'finished');
  const services = finished.map((t) => (t.finishedAt! - (t.startedAt ?? t.calledAt!)) / 60_000);
  const evaluations = Object.fromEntries(LEVELS.map((l) => [l, list.filter((t) => t.level === l).length])) as Record<Level, number>;
  const evaluated = list.filter((t) => t.level).length;
  const sorted = [...waits].sort((a, b) => a - b);
  const avg = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  const done = finished.filter((t) => t.outcome === 'done').length;
  return {
    issued: list.length,
    served: finished.length,
    noShow: list.filter((t) => t.state === 'no_show').length,
    cancelled: list.filter((t) => t.state === 'cancelled').length,
    waited: waits.length,
    averageWaitMinutes: avg(waits),
    p90WaitMinutes: sorted.length ? sorted[Math.ceil(sorted.length * 0.9) - 1]! : null,
    averageServiceMinutes: avg(services),
    doneOnSite: done,
    onSiteRate: finished.length ? done / finished.length : null,
    evaluated,
    evaluations,
    satisfactionRate: evaluated ? (evaluations.very_satisfied + evaluations.satisfied) / evaluated : null,
    badCount: evaluations.dissatisfied + evaluations.very_dissatisfied,
  };
}

function expectFigures(actual: StatsFigures, want: StatsFigures, what: string): void {
  const { averageWaitMinutes, p90WaitMinutes, averageServiceMinutes, onSiteRate, satisfactionRate, ...counts } = want;
  expect(actual, what).toMatchObject(counts);
  const close = (a: number | null, b: number | null, field: string) => {
    if (b === null) expect(a, `${what} ${field}`).toBeNull();
    else expect(a, `${what} ${field}`).toBeCloseTo(b, 9);
  };
  close(actual.averageWaitMinutes, averageWaitMinutes, 'averageWaitMinutes');
  close(actual.p90WaitMinutes, p90WaitMinutes, 'p90WaitMinutes');
  close(actual.averageServiceMinutes, averageServiceMinutes, 'averageServiceMinutes');
  close(actual.onSiteRate, onSiteRate, 'onSiteRate');
  close(actual.satisfactionRate, satisfactionRate, 'satisfactionRate');
}

function groupBy(list: Modelled[], key: (t: Modelled) => string | null): Map<string | null, Modelled[]> {
  const m = new Map<string | null, Modelled[]>();
  for (const t of list) m.set(key(t), [...(m.get(key(t)) ?? []), t]);
  return m;
}

describe('statistics over a seeded synthetic day', () => {
  let srv: TestServer;
  let sup: string;
  const model: Modelled[] = [];
  const cookies = new Map<string, string>();
  /** Who sits at each window now. */
  const seat = new Map<number, string>();

  const ok = async (method: string, url: string, cookie: string | undefined, body?: unknown, token?: string) => {
    const r = await srv.api(method, url, { ...(cookie ? { cookie } : {}), ...(token ? { token } : {}), ...(body !== undefined ? { body } : {}) });
    if (r.status !== 200) throw new Error(`${method} ${url}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const now = () => srv.clock.now().getTime();
  const localHour = () => String((new Date(now()).getUTCHours() + 8) % 24).padStart(2, '0');
  const localDay = () => new Date(now() + 8 * 3600_000).toISOString().slice(0, 10);

  let idSerial = 0;
  const issue = async (choice: { item?: string; queue?: string }) => {
    const queue = choice.item ? ITEM_QUEUE[choice.item]! : choice.queue!;
    const body: Record<string, unknown> = { ...choice };
    if (queue === 'QB') body.idNumber = idNumber(`1101051980010${String(1000 + idSerial++).slice(-4)}`);
    const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body });
    if (r.status !== 200) return undefined; // e.g. QC's daily cap of 3
    const t: Modelled = { id: r.body.ticketId, day: localDay(), queue, item: choice.item ?? null, issuedAt: now(), hour: localHour(), state: 'waiting' };
    model.push(t);
    return t;
  };
  const signIn = async (badge: string, window: number) => {
    await ok('POST', `/api/windows/${window}/sign-in`, cookies.get(badge), {});
    seat.set(window, badge);
  };

  beforeAll(async () => {
    srv = await startTestServer({ at: SUNDAY_5PM });

    // Sunday: two tickets left waiting; the rollover cancels them on Sunday's business day.
    await issue({ item: 'I1' });
    srv.clock.advance(5 * 60_000);
    await issue({ queue: 'QA' });
    srv.clock.set(MONDAY_8AM);
    for (const t of model) t.state = 'cancelled';
    for (const b of ['T001', 'T002', 'T003', 'T004', 'S001']) cookies.set(b, await srv.login(b));
    sup = cookies.get('S001')!;

    const random = rng(20261130);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
    await signIn('T001', 1);
    await signIn('T002', 2);
    await signIn('T004', 4);
    let swapped = false;

    // 08:00–12:30 in steps of 1–4 minutes.
    while (now() < Date.parse(MONDAY_8AM) + 270 * 60_000) {
      if (random() < 0.55) await issue(random() < 0.15 ? { queue: pick(['QA', 'QB']) } : { item: pick(['I1', 'I1', 'I2', 'I3']) });
      if (random() < 0.05) {
        const waiting = model.filter((t) => t.state === 'waiting' && t.day === MONDAY);
        if (waiting.length) {
          const t = pick(waiting);
          await ok('POST', `/api/tickets/${t.id}/cancel`, sup, { reason: '群众离开' });
          t.state = 'cancelled';
          t.finishedAt = now();
        }
      }
      for (const w of [1, 2, 4]) {
        const badge = seat.get(w)!;
        const cookie = cookies.get(badge)!;
        const cur = model.find((t) => t.window === w && (t.state === 'called' || t.state === 'serving'));
        if (!cur) {
          if (random() < 0.6) {
            const r = await srv.api('POST', `/api/windows/${w}/call-next`, { cookie, body: {} });
            if (r.status === 200) {
              const t = model.find((m) => m.id === r.body.id)!;
              Object.assign(t, { state: 'called', calledAt: now(), window: w, staff: badge });
            } else expect(r.body.error.code, `${w} ${badge} ${new Date(now()).toISOString()}`).toBe('NO_WAITING');
          }
          continue;
        }
        const roll = random();
        if (cur.state === 'called' && roll < 0.12) {
          await ok('POST', `/api/windows/${w}/no-show`, cookie, {});
          Object.assign(cur, { state: 'no_show', finishedAt: now() });
        } else if (cur.state === 'called' && roll < 0.7) {
          await ok('POST', `/api/windows/${w}/start`, cookie, {});
          Object.assign(cur, { state: 'serving', startedAt: now() });
        } else if (roll < 0.85 || cur.state === 'serving') {
          if (random() < 0.5) continue; // still serving
          const outcome = pick(OUTCOMES);
          await ok('POST', `/api/windows/${w}/finish`, cookie, { outcome });
          Object.assign(cur, { state: 'finished', finishedAt: now(), outcome });
          if (random() < 0.7) {
            const level = pick(LEVELS);
            await ok('POST', '/api/evaluations', cookie, { ticketId: cur.id, level, ...(level.includes('dissatisfied') ? { reason: '等候时间长' } : {}) });
            cur.level = level;
          }
        }
      }
      // 10:30: T003 takes over window 2 once it is free, so staff and window groups differ.
      if (!swapped && now() >= Date.parse(MONDAY_8AM) + 150 * 60_000 && !model.some((t) => t.window === 2 && (t.state === 'called' || t.state === 'serving'))) {
        await ok('POST', '/api/windows/2/sign-out', cookies.get('T002'), {});
        await signIn('T003', 2);
        swapped = true;
      }
      srv.clock.advance((1 + Math.floor(random() * 4)) * 60_000);
    }
    expect(swapped).toBe(true);
  });

  afterAll(async () => {
    await srv?.stop();
  });

  const monday = () => model.filter((t) => t.day === MONDAY);
  const stats = async (q: string): Promise<StatsResponse> => ok('GET', `/api/stats?${q}`, sup);

  it('the synthetic day is rich enough to mean something', () => {
    const m = monday();
    const e = expected(m);
    expect(m.length).toBeGreaterThan(40);
    expect(e.served).toBeGreaterThan(20);
    expect(e.noShow).toBeGreaterThan(0);
    expect(e.cancelled).toBeGreaterThan(0);
    expect(e.badCount).toBeGreaterThan(0);
    expect(e.evaluations.very_satisfied + e.evaluations.satisfied).toBeGreaterThan(0);
    expect(new Set(m.map((t) => t.staff).filter(Boolean)).size).toBe(4);
    expect(new Set(m.map((t) => t.hour)).size).toBeGreaterThanOrEqual(4);
  });

  it('totals of the day match the independent computation', async () => {
    const s = await stats(`from=${MONDAY}&to=${MONDAY}`);
    expectFigures(s.total, expected(monday()), 'total');
    expect(s.rows).toHaveLength(1);
    expectFigures(s.rows[0]!, expected(monday()), 'the one row');
  });

  it('the wait distribution counts every called ticket once, in its bucket', async () => {
    const s = await stats(`from=${MONDAY}&to=${MONDAY}`);
    const waits = monday().filter((t) => t.calledAt !== undefined).map((t) => (t.calledAt! - t.issuedAt) / 60_000);
    const edges = [0, 5, 10, 15, 20, 30, 45, 60, 90, 120];
    const want = edges.map((from, i) => ({
      fromMinutes: from,
      toMinutes: edges[i + 1] ?? null,
      count: waits.filter((w) => w >= from && (i + 1 >= edges.length || w < edges[i + 1]!)).length,
    }));
    expect(s.waitDistribution).toEqual(want);
    expect(s.waitDistribution.reduce((n, b) => n + b.count, 0)).toBe(s.total.waited);
    expect(want.filter((b) => b.count > 0).length).toBeGreaterThan(1);
  });

  it('business days are the hall’s local dates: Sunday’s tickets are Sunday’s', async () => {
    const sunday = model.filter((t) => t.day === SUNDAY);
    expect(sunday).toHaveLength(2);
    expectFigures((await stats(`from=${SUNDAY}&to=${SUNDAY}`)).total, expected(sunday), 'sunday');
    expectFigures((await stats(`from=${SUNDAY}&to=${MONDAY}`)).total, expected(model), 'both days');
    const perDay = await stats(`from=${SUNDAY}&to=${MONDAY}&groupBy=day`);
    expect(perDay.rows.map((r) => [r.key, r.issued])).toEqual([[SUNDAY, 2], [MONDAY, monday().length]]);
  });

  const groupings: [string, (t: Modelled) => string | null][] = [
    ['queue', (t) => t.queue],
    ['window', (t) => (t.window === undefined ? null : String(t.window))],
    ['staff', (t) => t.staff ?? null],
    ['hour', (t) => t.hour],
    // The item's department, else the serving window's (none in the test hall).
    ['department', (t) => (t.item ? ITEM_DEPT[t.item]! : null)],
  ];
  for (const [by, key] of groupings) {
    it(`grouped by ${by}`, async () => {
      const s = await stats(`from=${MONDAY}&to=${MONDAY}&groupBy=${by}`);
      const want = groupBy(monday(), key);
      expect(new Set(s.rows.map((r) => r.key))).toEqual(new Set(want.keys()));
      for (const row of s.rows) expectFigures(row, expected(want.get(row.key)!), `${by}=${row.key}`);
      expect(s.rows.reduce((n, r) => n + r.issued, 0)).toBe(monday().length);
    });
  }

  it('exports CSV with a BOM, CRLF lines, one row per group and a total', async () => {
    const res = await fetch(`${srv.url}/api/stats/export.csv?from=${MONDAY}&to=${MONDAY}&groupBy=window`, { headers: { cookie: sup } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['窗口', '取号数', '办理数']);
    const byWindow = groupBy(monday(), (t) => (t.window === undefined ? null : String(t.window)));
    expect(lines).toHaveLength(1 + byWindow.size + 1);
    const total = lines[lines.length - 1]!.split(',');
    expect(total[0]).toBe('合计');
    expect(Number(total[1])).toBe(monday().length);
    expect(Number(total[2])).toBe(expected(monday()).served);
    const audit = await ok('GET', '/api/audit?action=stats.export', sup);
    expect(audit.entries.length).toBe(1);
  });

  it('rankings propose only eligible windows and staff, best satisfaction first', async () => {
    const r: RankingsResponse = await ok('GET', `/api/stats/rankings?from=${MONDAY}&to=${MONDAY}&count=3&minServed=1`, sup);
    const byWindow = groupBy(monday().filter((t) => t.window !== undefined), (t) => String(t.window));
    expect(r.windows.map((w) => w.key).sort()).toEqual([...byWindow.keys()].sort());
    for (const w of r.windows) {
      const e = expected(byWindow.get(w.key)!);
      expect(w.eligible, w.key).toBe(e.served >= 1 && e.evaluated > 0 && e.badCount === 0);
    }
    expect(r.redFlagWindows.every((w) => w.eligible)).toBe(true);
    expect(r.redFlagWindows.map((w) => w.key)).toEqual(r.windows.filter((w) => w.eligible).slice(0, 3).map((w) => w.key));
    const rates = r.windows.filter((w) => w.eligible).map((w) => w.satisfactionRate!);
    expect(rates).toEqual([...rates].sort((a, b) => b - a));
    expect(r.serviceStars.every((s) => s.eligible && s.badCount === 0)).toBe(true);
    // With a high bar nobody qualifies.
    const strict: RankingsResponse = await ok('GET', `/api/stats/rankings?from=${MONDAY}&to=${MONDAY}&minServed=10000`, sup);
    expect(strict.redFlagWindows).toEqual([]);
    expect(strict.serviceStars).toEqual([]);
  });

  it('refuses a reversed range and is for supervisors only', async () => {
    expect((await srv.api('GET', `/api/stats?from=${MONDAY}&to=${SUNDAY}`, { cookie: sup })).status).toBe(400);
    expect((await srv.api('GET', `/api/stats?from=${MONDAY}&to=${MONDAY}`, { cookie: cookies.get('T001')! })).status).toBe(403);
    expect((await srv.api('GET', `/api/stats?from=${MONDAY}&to=${MONDAY}`)).status).toBe(401);
  });
});
