import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { TEST_PASSWORD } from '../fixtures/hall.ts';

interface Answer {
  status: number;
  body: { error?: { code: string; message: string } } & Record<string, unknown>;
  retryAfter: number | null;
}

/**
 * A login sent from a chosen loopback address (127.0.0.0/8 is all this machine), optionally with
 * X-Forwarded-* headers, so tests can be two people at two hall PCs.
 */
function loginFrom(srv: TestServer, from: string, badge: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
  const url = new URL('/api/auth/login', srv.url);
  const payload = JSON.stringify({ badge, password });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: from, headers: { 'content-type': 'application/json', origin: srv.url, 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => {
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {}, retryAfter: retry === undefined ? null : Number(retry) });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Retries `attempt` until it answers `status`, within a deadline (a back-off running out in real time). */
async function until(status: number, attempt: () => Promise<Answer>, deadlineMs: number, what: string): Promise<Answer> {
  const end = Date.now() + deadlineMs;
  let last: Answer | undefined;
  while (Date.now() < end) {
    last = await attempt();
    if (last.status === status) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: still ${last?.status} ${JSON.stringify(last?.body)} after ${deadlineMs} ms`);
}

const A = '127.0.0.1';
const B = '127.0.0.2';
const auditPlaces = (srv: TestServer, action: string) => (srv.db.prepare('SELECT place FROM audit WHERE action = ? ORDER BY id').all(action) as { place: string | null }[]).map((r) => r.place);

describe('sign-in back-off per badge and address', () => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer({ sessions: { freeFailures: 3, backoffBaseSeconds: 1, backoffMaxSeconds: 4, addressFailures: 100 } });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("three wrong guesses at one PC hold back that badge there only: the owner at another PC signs in at once", async () => {
    for (let i = 0; i < 3; i++) expect((await loginFrom(srv, A, 'T001', `wrong-${i}`)).status).toBe(401);
    const held = await loginFrom(srv, A, 'T001', TEST_PASSWORD);
    expect(held.status).toBe(429);
    expect(held.body.error?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(held.retryAfter).toBe(1);
    // Another badge from the same PC is not held back by T001's streak.
    expect((await loginFrom(srv, A, 'T002', TEST_PASSWORD)).status).toBe(200);
    // The owner elsewhere is not locked out by what happened at A.
    expect((await loginFrom(srv, B, 'T001', TEST_PASSWORD)).status).toBe(200);
    expect(auditPlaces(srv, 'auth.login_blocked')).toContain(A);
  });

  it('the owner at the same PC outlasts the back-off, and a success ends the streak', async () => {
    const ok = await until(200, () => loginFrom(srv, A, 'T001', TEST_PASSWORD), 5000, 'T001 at A after the back-off');
    expect(ok.body.badge).toBe('T001');
    // The streak is gone: three free tries again.
    for (let i = 0; i < 3; i++) expect((await loginFrom(srv, A, 'T001', `again-${i}`)).status).toBe(401);
    expect((await loginFrom(srv, A, 'T001', TEST_PASSWORD)).status).toBe(429);
  });

  it('each further failure doubles the wait, up to the cap', async () => {
    // T003 at B: 3 free failures, then waits of 1 s, 2 s, 4 s, and 4 s (the cap of this server).
    for (let i = 0; i < 3; i++) expect((await loginFrom(srv, B, 'T003', `w${i}`)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const held = await loginFrom(srv, B, 'T003', 'still-wrong');
      expect(held.status).toBe(429);
      waits.push(held.retryAfter!);
      // Wait it out (a wrong guess once the wait is over is a 401 and starts the next, longer wait).
      await until(401, () => loginFrom(srv, B, 'T003', 'still-wrong'), held.retryAfter! * 1000 + 2000, `T003 round ${round}`);
    }
    expect(waits).toEqual([1, 2, 4, 4]);
    expect(srv.ctx.sessions.backoffSeconds(20)).toBe(4);
  }, 30_000);

  it('parallel guesses are taken one at a time: ten at once get three tries, the rest wait', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => loginFrom(srv, B, 'T004', `parallel-${i}`)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([401, 401, 401, 429, 429, 429, 429, 429, 429, 429]);
  });
});

describe('sign-in limit per address', () => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer({ sessions: { freeFailures: 100, addressFailures: 5, addressWindowSeconds: 600 } });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("a success does not clear the address's count: four failures, a success, one failure, then 429 for everyone there", async () => {
    for (const badge of ['T001', 'T002', 'T003', 'T004']) expect((await loginFrom(srv, A, badge, 'guess')).status).toBe(401);
    expect((await loginFrom(srv, A, 'S001', TEST_PASSWORD)).status).toBe(200);
    expect((await loginFrom(srv, A, 'A001', 'guess')).status).toBe(401);
    const capped = await loginFrom(srv, A, 'T001', TEST_PASSWORD);
    expect(capped.status).toBe(429);
    expect(capped.body.error?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(capped.retryAfter).toBeGreaterThan(500);
    expect(capped.retryAfter).toBeLessThanOrEqual(600);
    // Another PC is not affected.
    expect((await loginFrom(srv, B, 'T001', TEST_PASSWORD)).status).toBe(200);
  });
});

describe('X-Forwarded-For and the trusted-proxy setting', () => {
  it('by default X-Forwarded-For is ignored, even from loopback: a guesser cannot pick a fresh address per guess', async () => {
    const srv = await startTestServer({ sessions: { freeFailures: 100, addressFailures: 3 } });
    try {
      for (let i = 0; i < 3; i++) expect((await loginFrom(srv, A, 'T001', 'guess', { 'x-forwarded-for': `10.0.0.${i + 1}` })).status).toBe(401);
      expect((await loginFrom(srv, A, 'T001', TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.99' })).status).toBe(429);
      expect(new Set(auditPlaces(srv, 'auth.login_failed'))).toEqual(new Set([A]));
    } finally {
      await srv.stop();
    }
  });

  it('with HALL_TRUST_PROXY naming the proxy, the forwarded client address counts', async () => {
    const srv = await startTestServer({ sessions: { freeFailures: 100, addressFailures: 3 }, trustProxy: 'loopback' });
    try {
      for (let i = 0; i < 3; i++) expect((await loginFrom(srv, A, 'T001', 'guess', { 'x-forwarded-for': '10.0.0.1' })).status).toBe(401);
      expect((await loginFrom(srv, A, 'T001', TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.1' })).status).toBe(429);
      // Another client behind the same proxy is another address.
      expect((await loginFrom(srv, A, 'T001', TEST_PASSWORD, { 'x-forwarded-for': '10.0.0.2' })).status).toBe(200);
      expect(auditPlaces(srv, 'auth.login_failed')).toEqual(['10.0.0.1', '10.0.0.1', '10.0.0.1']);
    } finally {
      await srv.stop();
    }
  });
});
