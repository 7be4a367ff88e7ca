import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../contract/api.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { StreamLog } from './helpers.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const login = (srv: TestServer, badge: string, password: string) => srv.api('POST', '/api/auth/login', { body: { badge, password } });
const auditActions = (srv: TestServer) => (srv.db.prepare('SELECT action FROM audit ORDER BY id').all() as { action: string }[]).map((r) => r.action);

// The sign-in limits (back-off per badge and address, the per-address cap, the proxy setting) are in
// login-limits.test.ts.
describe('login refusals', () => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('a wrong password is 401 INVALID_CREDENTIALS, sets no cookie, and is audited', async () => {
    const r = await login(srv, 'T001', 'wrong-password');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(r.headers.get('set-cookie')).toBeNull();
    expect(auditActions(srv)).toContain('auth.login_failed');
  });

  it('an unknown badge counts as a failure and is refused like a wrong password', async () => {
    const r = await login(srv, 'NOBODY', 'secret123');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('INVALID_CREDENTIALS');
    expect(JSON.stringify(r.body)).not.toContain('NOBODY');
  });
});

describe('sessions', () => {
  let srv: TestServer;

  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('the session cookie is HttpOnly, SameSite=Strict, for the whole site, and lasts 12 hours', async () => {
    const r = await login(srv, 'T001', 'secret123');
    expect(r.status).toBe(200);
    const setCookie = r.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^hallq_session=[A-Za-z0-9_-]{32,};/);
    const attrs = setCookie.split(';').map((a) => a.trim().toLowerCase());
    expect(attrs).toContain('httponly');
    expect(attrs).toContain('samesite=strict');
    expect(attrs).toContain('path=/');
    expect(attrs).not.toContain('secure'); // plain HTTP on the hall LAN; set when the request is HTTPS
    // A lifetime the browser counts on its own clock (the server's may differ from a hall PC's).
    expect(attrs).toContain(`max-age=${(12 * HOUR) / 1000}`);
    expect(r.body.expiresAt).toBe(new Date(srv.clock.now().getTime() + 12 * HOUR).toISOString());
    // The token is stored hashed: the database never holds the cookie's value.
    const token = setCookie.split(';')[0]!.split('=')[1]!;
    const rows = JSON.stringify(srv.db.prepare('SELECT * FROM sessions').all());
    expect(rows).not.toContain(token);
  });

  it('logout ends the session and clears the cookie', async () => {
    const cookie = await srv.login('T003');
    expect((await srv.api('GET', '/api/auth/me', { cookie })).body.kind).toBe('staff');
    const before = (srv.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE badge = ?').get('T003') as { n: number }).n;

    const out = await srv.api('POST', '/api/auth/logout', { cookie });
    expect(out.status).toBe(200);
    const cleared = out.headers.get('set-cookie')!;
    expect(cleared).toMatch(/^hallq_session=;/);
    expect(cleared.toLowerCase()).toMatch(/expires=thu, 01 jan 1970/);

    expect((srv.db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE badge = ?').get('T003') as { n: number }).n).toBe(before - 1);
    expect((await srv.api('GET', '/api/auth/me', { cookie })).body).toEqual({ kind: 'anonymous' });
    expect((await srv.api('POST', '/api/auth/logout', { cookie })).status).toBe(401);
    expect(auditActions(srv)).toContain('auth.logout');
  });

  it("logging out at a window with no ticket in hand closes the window; with one, it stays open", async () => {
    const kiosk = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    expect(kiosk.status).toBe(200);

    const a = await srv.login('T001');
    expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie: a, body: {} })).status).toBe(200);
    expect((await srv.api('POST', '/api/auth/logout', { cookie: a })).status).toBe(200);
    const state1 = (await srv.api('GET', '/api/snapshot')).body.windows.find((w: { number: number }) => w.number === 1);
    expect(state1.status).toBe('closed');

    const b = await srv.login('T004');
    expect((await srv.api('POST', '/api/windows/4/sign-in', { cookie: b, body: {} })).status).toBe(200);
    expect((await srv.api('POST', '/api/windows/4/call-next', { cookie: b, body: {} })).status).toBe(200);
    expect((await srv.api('POST', '/api/auth/logout', { cookie: b })).status).toBe(200);
    const state4 = (await srv.api('GET', '/api/snapshot')).body.windows.find((w: { number: number }) => w.number === 4);
    expect(state4.status).toBe('open');
    expect(state4.current?.number).toBe(kiosk.body.number);
  });
  // Last in this block: the clock stays in the evening afterwards.
  it('a session expires after 12 hours', async () => {
    const cookie = await srv.login('T002');
    expect((await srv.api('POST', '/api/windows/2/sign-in', { cookie, body: {} })).status).toBe(200);
    // Close the window again so the evening does not need it; the session stays.
    expect((await srv.api('POST', '/api/windows/2/sign-out', { cookie, body: {} })).status).toBe(200);
    expect((await srv.api('GET', '/api/auth/me', { cookie })).body).toMatchObject({ kind: 'staff', badge: 'T002' });

    srv.clock.advance(12 * HOUR - 1000);
    expect((await srv.api('GET', '/api/auth/me', { cookie })).body.kind).toBe('staff');
    expect((await srv.api('GET', '/api/admin/settings', { cookie })).status).toBe(403);

    srv.clock.advance(2000);
    expect((await srv.api('GET', '/api/auth/me', { cookie })).body).toEqual({ kind: 'anonymous' });
    const refused = await srv.api('POST', '/api/auth/logout', { cookie });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    expect((await srv.api('GET', '/api/windows/2/state', { cookie })).status).toBe(401);

    // A socket presenting the expired cookie is anonymous.
    const s = srv.socket({ cookie });
    const r = (await s.emitWithAck('window:command', { window: 2, action: 'sign-in', body: {} })) as Ack<unknown>;
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    s.close();
  });
});

describe('device tokens', () => {
  let srv: TestServer;
  let admin: string;

  beforeAll(async () => {
    srv = await startTestServer();
    admin = await srv.login('A001');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('a revoked kiosk token gets 401; a newly issued one works', async () => {
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);

    const revoke = await srv.api('DELETE', '/api/admin/devices/K1', { cookie: admin });
    expect(revoke.status).toBe(200);
    expect(auditActions(srv)).toContain('admin.devices.retire');

    const refused = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
    expect((await srv.api('GET', '/api/auth/me', { token: KIOSK_TOKEN })).body).toEqual({ kind: 'anonymous' });

    // The revoked device drops out of the list; the other tokens are untouched.
    const list = await srv.api('GET', '/api/admin/devices', { cookie: admin });
    expect(list.body.devices.map((d: { code: string }) => d.code)).not.toContain('K1');
    expect((await srv.api('GET', '/api/auth/me', { token: DISPLAY_TOKEN })).body).toMatchObject({ kind: 'device', code: 'D1' });

    const issued = await srv.api('POST', '/api/admin/devices/K1/token', { cookie: admin });
    expect(issued.status).toBe(200);
    const fresh = issued.body.token as string;
    expect(fresh.length).toBeGreaterThanOrEqual(24);
    expect(fresh).not.toBe(KIOSK_TOKEN);
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: fresh, body: { queue: 'QA' } })).status).toBe(200);
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(401);
    // Shown once, stored hashed.
    expect(JSON.stringify(srv.db.prepare('SELECT * FROM devices').all())).not.toContain(fresh);
  });

  it('a socket presenting a revoked token is treated as anonymous', async () => {
    const revoke = await srv.api('DELETE', '/api/admin/devices/D1', { cookie: admin });
    expect(revoke.status).toBe(200);
    const log = new StreamLog(srv.socket({ token: DISPLAY_TOKEN }));
    await log.synced();
    expect(log.kinds).toEqual(['snapshot']);
    const r = (await log.socket.emitWithAck('window:command', { window: 1, action: 'recall', body: {} })) as Ack<unknown>;
    expect(r).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    log.socket.close();
  });
});
