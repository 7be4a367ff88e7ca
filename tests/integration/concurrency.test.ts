import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, scryptSync } from 'node:crypto';
import { testHallConfig, TEST_PASSWORD } from '../fixtures/hall.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * Forty windows press 叫号 at once, over HTTP, against a thousand waiting tickets (DESIGN.md §2: the engine
 * is single-writer, so two windows can never call the same ticket). The event log must show every
 * ticket called exactly once, by exactly the window that was told so, in the configured service order:
 * green channel first, then arrival order.
 */

const WINDOWS = 40;
const TICKETS = 1000;
/** Positions (0-based, in arrival order) of the green-channel tickets a window issues among the others. */
const GREEN_AT = new Set([6, 233, 234, 500, 777, 998]);

/**
 * A password hash in the server's format (scrypt$N$r$p$salt$hash) with a small N: forty logins at the
 * production cost would spend seconds in scrypt, which is not what this test is about.
 */
function cheapHash(password: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(password.normalize('NFKC'), salt, 32, { N: 1024, r: 8, p: 1 });
  return `scrypt$1024$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const badge = (n: number) => `W${String(n).padStart(3, '0')}`;

let server: TestServer;
const cookies = new Map<number, string>();

beforeAll(async () => {
  const hash = cheapHash(TEST_PASSWORD);
  const base = testHallConfig();
  const config = testHallConfig({
    // Priority streaks must not interfere with the order under test: anti-starvation is tested elsewhere.
    rules: { antiStarvationAfter: 100 },
    queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, numberWidth: 4 } : q)),
    windows: Array.from({ length: WINDOWS }, (_, i) => ({ number: i + 1, name: `窗口${i + 1}`, queues: ['QA'] })),
    staff: Array.from({ length: WINDOWS }, (_, i) => ({ badge: badge(i + 1), name: `工作人员${i + 1}`, role: 'staff' as const, passwordHash: hash })),
  });
  server = await startTestServer({ config });

  for (let n = 1; n <= WINDOWS; n++) {
    const cookie = await server.login(badge(n));
    const r = await server.api('POST', `/api/windows/${n}/sign-in`, { cookie, body: {} });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    cookies.set(n, cookie);
  }
  // Ordinary tickets go straight through the engine, a run between two green ones per SQLite transaction
  // (setup only: one fsync per run instead of per ticket); the green ones over HTTP, issued at a window.
  const issueOrdinary = server.db.transaction((count: number) => {
    for (let k = 0; k < count; k++) {
      server.clock.advance(500);
      server.ctx.engine.issuer.issue({ source: 'staff', queue: 'QA', actor: { kind: 'staff', id: badge(1) } });
    }
  });
  let run = 0;
  for (let i = 0; i < TICKETS; i++) {
    if (!GREEN_AT.has(i)) {
      run++;
      continue;
    }
    issueOrdinary(run);
    run = 0;
    server.clock.advance(500);
    const r = await server.api('POST', '/api/windows/1/tickets', { cookie: cookies.get(1)!, body: { queue: 'QA', green: true, greenReason: '老年人' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.tags).toContain('green');
  }
  issueOrdinary(run);
}, 60_000);

afterAll(async () => {
  await server?.stop();
});

describe('40 windows calling at once', () => {
  it('calls every ticket exactly once, never the same one at two windows, in service order', async () => {
    const numberOf = (serial: number) => `A${String(serial).padStart(4, '0')}`;
    const all = Array.from({ length: TICKETS }, (_, i) => numberOf(i + 1));
    const greens = all.filter((_, i) => GREEN_AT.has(i));
    const expectedOrder = [...greens, ...all.filter((_, i) => !GREEN_AT.has(i))];

    const waiting = server.db.prepare("SELECT number, priority FROM tickets WHERE state = 'waiting' ORDER BY serial").all() as { number: string; priority: string }[];
    expect(waiting.map((t) => t.number)).toEqual(all);
    expect(waiting.filter((t) => t.priority === 'green').map((t) => t.number)).toEqual(greens);
    const firstSeq = server.ctx.engine.core.log.lastSeq();

    const gotBy = new Map<number, string[]>();
    const failures: string[] = [];
    const windowLoop = async (n: number) => {
      const got: string[] = [];
      gotBy.set(n, got);
      for (;;) {
        const r = await server.api('POST', `/api/windows/${n}/call-next`, { cookie: cookies.get(n)!, body: {} });
        if (r.status === 409 && r.body?.error?.code === 'NO_WAITING') return;
        if (r.status !== 200) {
          failures.push(`window ${n}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
          return;
        }
        expect(r.body.window).toBe(n);
        got.push(r.body.number as string);
      }
    };
    await Promise.all(Array.from({ length: WINDOWS }, (_, i) => windowLoop(i + 1)));
    expect(failures).toEqual([]);

    // What the windows were told: no ticket at two windows, every ticket somewhere.
    const told = [...gotBy.values()].flat();
    expect(told.length).toBe(TICKETS);
    expect(new Set(told).size).toBe(TICKETS);
    expect(new Set(told)).toEqual(new Set(all));
    // More than one window really took part (the calls did interleave).
    expect([...gotBy.values()].filter((g) => g.length > 0).length).toBeGreaterThan(1);

    // What the event log says, in seq order.
    const called = server.db
      .prepare("SELECT seq, window, ticket_id, json_extract(body, '$.ticket.number') AS number FROM events WHERE type = 'ticket.called' AND seq > ? ORDER BY seq")
      .all(firstSeq) as { seq: number; window: number; ticket_id: string; number: string }[];
    expect(called.length).toBe(TICKETS);
    expect(new Set(called.map((e) => e.ticket_id)).size).toBe(TICKETS);
    expect(called.map((e) => e.number)).toEqual(expectedOrder);
    // Each call landed at the window whose request got that ticket, in that window's order.
    for (const [n, got] of gotBy) expect(called.filter((e) => e.window === n).map((e) => e.number)).toEqual(got);
    // The green-channel tickets went to the first calls made.
    expect(called.slice(0, greens.length).map((e) => e.number)).toEqual(greens);

    // Nothing is left waiting; each window holds at most its last call; every earlier one was finished.
    const states = server.db.prepare('SELECT state, COUNT(*) AS n FROM tickets GROUP BY state').all() as { state: string; n: number }[];
    const count = (s: string) => states.find((x) => x.state === s)?.n ?? 0;
    expect(count('waiting')).toBe(0);
    expect(count('called')).toBe([...gotBy.values()].filter((g) => g.length > 0).length);
    expect(count('finished') + count('called')).toBe(TICKETS);
  }, 60_000);
});
