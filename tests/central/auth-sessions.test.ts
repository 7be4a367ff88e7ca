import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../central/app.ts';
import { authenticateCookieHeader } from '../../central/auth/socket-auth.ts';
import { canSeePath, scopePath } from '../../central/auth/principal.ts';
import { verifyPassword } from '../../central/auth/passwords.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/** Sessions in PostgreSQL (shared by instances), the login rate limit, the Origin check, the socket handshake check. */
let a: TestCentral;
let b: Central;

beforeAll(async () => {
  a = await startTestCentral();
  b = await createCentral({ databaseUrl: a.db.url, port: 0, host: '127.0.0.1', demo: true });
}, 60_000);
afterAll(async () => {
  await b?.close();
  await a?.stop();
});

describe('central sessions', () => {
  it('a session made on one instance is honoured by another, and ends for both at logout', async () => {
    const cookie = await a.login('puer');
    const me = await fetch(`${b.url}/api/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ username: 'puer', role: 'prefecture', region: { code: '530800', path: ['530000', '530800'] } });
    const out = await fetch(`${b.url}/api/auth/logout`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(out.status).toBe(204);
    expect((await a.api('GET', '/api/auth/me', { cookie })).status).toBe(401);
  });

  it('stores passwords as scrypt hashes and sets an HttpOnly, SameSite=Strict cookie', async () => {
    const row = await a.central.pool.query<{ password_hash: string }>("SELECT password_hash FROM central_users WHERE username = 'lancang'");
    expect(row.rows[0]!.password_hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('demo-lancang-2026', row.rows[0]!.password_hash)).toBe(true);
    expect(await verifyPassword('wrong', row.rows[0]!.password_hash)).toBe(false);
    const res = await fetch(`${a.central.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lancang', password: 'demo-lancang-2026' }) });
    const set = res.headers.get('set-cookie')!;
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    const stored = await a.central.pool.query<{ id_hash: string }>("SELECT id_hash FROM central_sessions WHERE username = 'lancang'");
    const id = set.split(';')[0]!.split('=')[1]!;
    expect(stored.rows.every((r) => r.id_hash !== id && /^[0-9a-f]{64}$/.test(r.id_hash))).toBe(true);
  });

  it('refuses a wrong password with 401 and audits it; after 5 failures even the right password waits (429), on every instance', async () => {
    const tryLogin = (url: string, password: string) =>
      fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'yunnan', password }) });
    for (let i = 0; i < 5; i++) expect((await tryLogin(a.central.url, 'wrong-password')).status).toBe(401);
    const blocked = await tryLogin(b.url, 'demo-yunnan-2026');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await blocked.json()).error.code).toBe('TOO_MANY_ATTEMPTS');
    const audited = await a.central.pool.query("SELECT * FROM central_audit WHERE action = 'login.failed' AND target = 'yunnan'");
    expect(audited.rowCount).toBe(5);
    // Another user is not affected.
    expect((await fetch(`${b.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'simao', password: 'demo-simao-2026' }) })).status).toBe(200);
  });

  it('refuses a cookie-authenticated write from another origin', async () => {
    const cookie = await a.login('admin');
    const body = JSON.stringify({ code: '530802101000', name: '某镇', level: 'township', parent: '530802' });
    const cross = await fetch(`${a.central.url}/api/admin/regions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: 'http://evil.example' }, body });
    expect(cross.status).toBe(403);
    expect((await cross.json()).error.code).toBe('ORIGIN_REFUSED');
    const same = await fetch(`${a.central.url}/api/admin/regions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json', origin: a.central.url }, body });
    expect(same.status).toBe(201);
  });

  it('authenticates a socket handshake cookie and gives the user’s region', async () => {
    const cookie = await a.login('lancang');
    const user = await authenticateCookieHeader(a.central.pool, `other=1; ${cookie}`);
    expect(user).toMatchObject({ username: 'lancang', role: 'county', region: { code: '530830' } });
    expect(scopePath(user!)).toBe('/530000/530800/530830/');
    expect(canSeePath(user!, '/530000/530800/530830/530830100000/')).toBe(true);
    expect(canSeePath(user!, '/530000/530800/530802/')).toBe(false);
    expect(await authenticateCookieHeader(a.central.pool, 'hallq_central=forged')).toBeNull();
    expect(await authenticateCookieHeader(a.central.pool, undefined)).toBeNull();
    const admin = await authenticateCookieHeader(a.central.pool, await a.login('admin'));
    expect(admin?.region).toBeNull();
    expect(scopePath(admin!)).toBe('/');
  });

  it('sends security headers', async () => {
    const r = await fetch(`${a.central.url}/api/health`);
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-security-policy')).toBeTruthy();
    expect(r.headers.get('x-powered-by')).toBeNull();
  });
});

describe('content type', () => {
  it('refuses a POST that does not say it is JSON, even one without a body', async () => {
    const cookie = await a.login('admin');
    const plain = await fetch(`${a.central.url}/api/admin/halls/LCJ-V29/token`, { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: '' });
    expect(plain.status).toBe(415);
    const none = await fetch(`${a.central.url}/api/auth/logout`, { method: 'POST', headers: { cookie } });
    expect(none.status).toBe(415);
    expect((await a.api('GET', '/api/auth/me', { cookie })).status).toBe(200);
  });
});

describe('behind a trusted proxy', () => {
  it('guesses from one address do not lock the owner out at another', async () => {
    const p = await createCentral({ databaseUrl: a.db.url, port: 0, host: '127.0.0.1', trustProxy: 'loopback' });
    try {
      const login = (password: string, xff: string) =>
        fetch(`${p.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ username: 'puer', password }) });
      for (let i = 0; i < 5; i++) expect((await login('wrong-password', '203.0.113.20')).status).toBe(401);
      expect((await login('demo-puer-2026', '203.0.113.20')).status).toBe(429);
      expect((await login('demo-puer-2026', '203.0.113.21')).status).toBe(200);
    } finally {
      await p.close();
    }
  });

  it('counts sign-in failures per forwarded client address, not per proxy', async () => {
    const p = await createCentral({ databaseUrl: a.db.url, port: 0, host: '127.0.0.1', trustProxy: 'loopback' });
    try {
      const login = (username: string, password: string, xff: string) =>
        fetch(`${p.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': xff }, body: JSON.stringify({ username, password }) });
      for (let i = 0; i < 20; i++) expect((await login(`nobody${i}`, 'wrong-password', '203.0.113.9')).status).toBe(401);
      expect((await login('lancang', 'demo-lancang-2026', '203.0.113.9')).status).toBe(429);
      expect((await login('lancang', 'demo-lancang-2026', '203.0.113.10')).status).toBe(200);
      const audited = await a.central.pool.query("SELECT DISTINCT ip FROM central_audit WHERE action = 'login.failed' AND target LIKE 'nobody%'");
      expect(audited.rows).toEqual([{ ip: '203.0.113.9' }]);
    } finally {
      await p.close();
    }
  });
});
