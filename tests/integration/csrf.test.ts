import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io as connect } from 'socket.io-client';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { judgeOrigin } from '../../server/auth/request-origin.ts';

/** The origin of a page on another port of the same host: same site for cookies, another origin. */
const otherPort = (url: string) => {
  const u = new URL(url);
  u.port = String(Number(u.port) === 65535 ? 65534 : Number(u.port) + 1);
  return u.origin;
};

/** Resolves with 'connected' or the handshake's error message. */
function handshake(url: string, extraHeaders: Record<string, string>, auth: Record<string, unknown> = {}): Promise<string> {
  const socket = connect(url, { transports: ['websocket'], extraHeaders, auth, reconnection: false, forceNew: true });
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no answer to the handshake within 5 s')), 5000);
    socket.once('snapshot', () => {
      clearTimeout(timer);
      resolve('connected');
    });
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      resolve(`refused: ${error.message}`);
    });
  }).finally(() => socket.close());
}

describe('CSRF: changes only from the server’s own pages', () => {
  let srv: TestServer;
  let admin: string;
  let staff: string;
  let foreign: string;

  beforeAll(async () => {
    srv = await startTestServer();
    admin = await srv.login('A001');
    staff = await srv.login('S001');
    foreign = otherPort(srv.url);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it("a form on another port of 127.0.0.1 cannot re-issue a device token through the admin's browser", async () => {
    // What Chromium sends for <form method=post action="http://127.0.0.1:PORT/api/admin/devices/K1/token">
    // on http://127.0.0.1:OTHER: the SameSite=Strict cookie goes along (same site), the Origin tells.
    const form = await srv.api('POST', '/api/admin/devices/K1/token', {
      cookie: admin,
      origin: foreign,
      contentType: 'application/x-www-form-urlencoded',
      raw: '',
    });
    expect(form.status).toBe(403);
    expect(form.body.error.code).toBe('ORIGIN_REFUSED');
    expect(form.body.error.message).toContain(foreign);
    // A fetch from that page with a JSON type (a preflight would stop it anyway) is refused the same way.
    const json = await srv.api('POST', '/api/admin/devices/K1/token', { cookie: admin, origin: foreign });
    expect(json.status).toBe(403);
    expect(json.body.error.code).toBe('ORIGIN_REFUSED');
    // Nothing changed: the kiosk's token still works, and no token was issued.
    expect((await srv.api('GET', '/api/auth/me', { token: KIOSK_TOKEN })).body).toMatchObject({ kind: 'device', code: 'K1' });
    const issued = srv.db.prepare("SELECT COUNT(*) AS n FROM audit WHERE action = 'admin.devices.token'").get() as { n: number };
    expect(issued.n).toBe(0);
    // From the admin console itself the same request works.
    const own = await srv.api('POST', '/api/admin/devices/G1/token', { cookie: admin });
    expect(own.status).toBe(200);
  });

  it('a signed-in change that names no origin at all is refused; Referer or Sec-Fetch-Site of this server admit it', async () => {
    const bare = await srv.api('POST', '/api/supervision/evaluate', { cookie: staff, origin: null });
    expect(bare.status).toBe(403);
    expect(bare.body.error.code).toBe('ORIGIN_REFUSED');
    const headers = (extra: Record<string, string>) => fetch(`${srv.url}/api/supervision/evaluate`, { method: 'POST', headers: { cookie: staff, 'content-type': 'application/json', ...extra } });
    expect((await headers({ referer: `${srv.url}/admin` })).status).toBe(200);
    expect((await headers({ referer: `${foreign}/admin` })).status).toBe(403);
    expect((await headers({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await headers({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
    // "Origin: null" is what a no-referrer page sends on a same-origin POST; Sec-Fetch-Site decides.
    expect((await headers({ origin: 'null', 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    expect((await headers({ origin: 'null' })).status).toBe(403);
  });

  it('device tokens and sign-in refuse a foreign browser origin too; a device without an Origin is served', async () => {
    const kiosk = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, origin: foreign, body: { queue: 'QA' } });
    expect(kiosk.status).toBe(403);
    expect(kiosk.body.error.code).toBe('ORIGIN_REFUSED');
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, origin: null, body: { queue: 'QA' } })).status).toBe(200);
    const login = await srv.api('POST', '/api/auth/login', { origin: foreign, body: { badge: 'T001', password: 'secret123' } });
    expect(login.status).toBe(403);
    expect(login.headers.get('set-cookie')).toBeNull();
  });

  it('a socket handshake with a staff cookie from a foreign origin is refused; from this server it connects', async () => {
    expect(await handshake(srv.url, { cookie: staff, origin: foreign })).toMatch(/^refused/);
    expect(await handshake(srv.url, { cookie: staff })).toMatch(/^refused/);
    expect(await handshake(srv.url, { cookie: staff, origin: srv.url })).toBe('connected');
    // A display (token in the handshake, no cookie, no browser Origin): the device path is unchanged.
    expect(await handshake(srv.url, {}, { token: DISPLAY_TOKEN })).toBe('connected');
    expect(await handshake(srv.url, { origin: foreign }, { token: DISPLAY_TOKEN })).toMatch(/^refused/);
  });

  it('HALL_ALLOWED_ORIGINS-style extra origins and the public address are accepted', () => {
    const policy = { extraOrigins: () => ['https://hall.example.gov.cn'] };
    expect(judgeOrigin({ origin: 'https://hall.example.gov.cn', cookie: 'hallq_session=x' }, '10.0.0.5:8080', 'http', policy)).toEqual({ ok: true });
    expect(judgeOrigin({ origin: 'https://evil.example', cookie: 'hallq_session=x' }, '10.0.0.5:8080', 'http', policy)).toMatchObject({ ok: false, reason: 'foreign' });
    expect(judgeOrigin({ origin: 'http://10.0.0.5:8080' }, '10.0.0.5:8080', 'http', policy)).toEqual({ ok: true });
    expect(judgeOrigin({ origin: 'https://10.0.0.5:8080' }, '10.0.0.5:8080', 'http', policy)).toMatchObject({ ok: false });
    expect(judgeOrigin({}, '10.0.0.5:8080', 'http', policy)).toEqual({ ok: true });
  });
});

describe('JSON routes take JSON only', () => {
  let srv: TestServer;
  let admin: string;

  beforeAll(async () => {
    srv = await startTestServer();
    admin = await srv.login('A001');
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('text/plain is refused with 415, also on a route with an empty body, and nothing changes', async () => {
    for (const [method, url, raw] of [
      ['POST', '/api/auth/login', JSON.stringify({ badge: 'A001', password: 'secret123' })],
      ['POST', '/api/admin/devices/K1/token', ''],
      ['POST', '/api/auth/logout', ''],
      ['PUT', '/api/supervision/settings', '{}'],
      ['DELETE', '/api/admin/notices/N1', ''],
    ] as const) {
      const r = await srv.api(method, url, { cookie: admin, contentType: 'text/plain;charset=UTF-8', raw });
      expect(r.status, `${method} ${url}`).toBe(415);
      expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(r.body.error.message).toContain('application/json');
      expect(r.body.error.details).toMatchObject({ accepts: ['application/json'], received: 'text/plain' });
    }
    // No Content-Type at all is refused as well; the session still works afterwards.
    const none = await srv.api('POST', '/api/admin/devices/K1/token', { cookie: admin, contentType: null });
    expect(none.status).toBe(415);
    expect((await srv.api('GET', '/api/auth/me', { cookie: admin })).body.kind).toBe('staff');
    expect((await srv.api('GET', '/api/auth/me', { token: KIOSK_TOKEN })).body.kind).toBe('device');
  });

  it('an empty body with the JSON type is fine on a route without a body', async () => {
    const r = await srv.api('POST', '/api/admin/devices/K1/token', { cookie: admin, raw: '' });
    expect(r.status).toBe(200);
    expect(typeof r.body.token).toBe('string');
  });

  it('the CSV import takes text/csv or JSON, not text/plain', async () => {
    const plain = await srv.api('POST', '/api/admin/items.csv?dryRun=true', { cookie: admin, contentType: 'text/plain', raw: 'code,name\n' });
    expect(plain.status).toBe(415);
    expect(plain.body.error.details.accepts).toEqual(['text/csv', 'application/json']);
  });
});
