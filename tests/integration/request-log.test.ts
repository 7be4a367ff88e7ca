import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { createLogger } from '../../server/common/logger.ts';
import { MONDAY_10AM, testHallConfig, TEST_PASSWORD } from '../fixtures/hall.ts';
import { KIOSK_TOKEN } from '../fixtures/server.ts';

/** Request logs of a real server, read from its pino destination. */
describe('request logs', () => {
  let srv: HallServer;
  let dir: string;
  const written: string[] = [];
  const entries = () => written.map((l) => JSON.parse(l) as Record<string, unknown>);
  const requestLines = () => entries().filter((e) => e.area === 'http');

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-log-'));
    srv = await startHallServer({
      dataDir: dir,
      configFile: '(test config)',
      config: testHallConfig(),
      port: 0,
      host: '127.0.0.1',
      clock: new ManualClock(MONDAY_10AM),
      logger: createLogger('info', { write: (line: string) => void written.push(line) }),
      backups: false,
      devices: false,
    });
  });
  afterAll(async () => {
    await srv?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('logs one line per request with method, route, status and duration, and never a token, cookie or ID number', async () => {
    const cookieValue = 'hallq_session=cookie-secret-0123456789abcdef';
    const page = await fetch(`${srv.url}/kiosk?token=${KIOSK_TOKEN}&layout=strip`, { headers: { cookie: cookieValue } });
    expect(page.status).toBe(200);
    const idNumber = '11010519491231002X';
    const issued = await fetch(`${srv.url}/api/kiosk/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KIOSK_TOKEN}`, 'content-type': 'application/json', cookie: cookieValue, origin: srv.url },
      body: JSON.stringify({ queue: 'QA', idNumber, name: '张三丰' }),
    });
    expect(issued.status).toBe(200);
    const ticket = (await issued.json()) as { ticketId: string; statusUrl: string };
    const k = new URL(ticket.statusUrl).searchParams.get('k')!;
    expect((await fetch(`${srv.url}/api/tickets/${ticket.ticketId}/status?k=${encodeURIComponent(k)}`)).status).toBe(200);
    const login = await fetch(`${srv.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ badge: 'T001', password: TEST_PASSWORD }) });
    expect(login.status).toBe(200);
    const session = (login.headers.get('set-cookie') ?? '').split(';')[0]!.split('=')[1]!;
    expect(session.length).toBeGreaterThan(16);

    const lines = requestLines();
    expect(lines.map((l) => [l.method, l.route, l.status])).toEqual([
      ['GET', '/kiosk', 200],
      ['POST', '/api/kiosk/tickets', 200],
      ['GET', '/api/tickets/:id/status', 200],
      ['POST', '/api/auth/login', 200],
    ]);
    for (const l of lines) {
      expect(typeof l.durationMs).toBe('number');
      expect(l.level).toBe(30);
      expect(l.msg).toBe(`${l.method} ${l.route} ${l.status}`);
    }
    expect(lines[0]!.url).toBe('/kiosk?token=[redacted]&layout=strip');
    expect(lines[2]!.url).toBe(`/api/tickets/${ticket.ticketId}/status?k=[redacted]`);

    const all = written.join('');
    for (const secret of [KIOSK_TOKEN, 'cookie-secret-0123456789abcdef', session, k, encodeURIComponent(k), TEST_PASSWORD, idNumber, '张三丰']) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/cookie|authorization|user-agent|remoteAddress/i);
  });

  it('keeps /metrics and the health check out of the info log; a 404 is still one line', async () => {
    const before = requestLines().length;
    expect((await fetch(`${srv.url}/metrics`)).status).toBe(200);
    expect((await fetch(`${srv.url}/api/health`)).status).toBe(200);
    expect((await fetch(`${srv.url}/api/no-such-route/42?token=x`)).status).toBe(404);
    const added = requestLines().slice(before);
    expect(added.map((l) => [l.method, l.route, l.status, l.url])).toEqual([['GET', 'unmatched', 404, '/api/no-such-route/42?token=[redacted]']]);
  });
});
