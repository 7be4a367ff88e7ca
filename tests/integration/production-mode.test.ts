import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { HallConfig } from '../../contract/config.ts';
import { startHallServer } from '../../server/app.ts';
import { createLogger } from '../../server/common/logger.ts';
import { DemoSecretsInUseError } from '../../server/production.ts';
import { AGENT_TOKEN, DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { testHallConfig } from '../fixtures/hall.ts';

/**
 * Production mode over real HTTP: an empty database seeded from a configuration that carries demo
 * passwords and tokens gets none of them; the first admin is set up on the first-run page (loopback,
 * or the one-time code) or with `npm run setup`; a database that still uses a demo secret does not start.
 */

const DEMO_PASSWORD = 'hallq123';
const STRONG = 'Lancang-river-2026-queue';
const root = path.resolve(import.meta.dirname, '..', '..');

/** The test hall as a demo file ships it: plain demo passwords and demo device tokens. */
function demoHall(): HallConfig {
  const base = testHallConfig();
  return { ...base, staff: base.staff.map(({ passwordHash: _h, ...s }) => ({ ...s, password: DEMO_PASSWORD })) };
}

const dirs: string[] = [];
const servers: TestServer[] = [];
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'hallq-prod-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** fetch with an Origin of the server itself, as the server's own pages send. */
async function call(srv: TestServer, method: string, url: string, o: { body?: unknown; cookie?: string; token?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { origin: srv.url, ...(o.headers ?? {}) };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.cookie) headers.cookie = o.cookie;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(`${srv.url}${url}`, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
  const text = await res.text();
  let body: any = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    /* HTML */
  }
  return { status: res.status, body, headers: res.headers };
}

async function login(srv: TestServer, badge: string, password: string) {
  const r = await call(srv, 'POST', '/api/auth/login', { body: { badge, password } });
  return { status: r.status, cookie: (r.headers.get('set-cookie') ?? '').split(';')[0]! };
}

async function production(dir = tempDir()) {
  const cfg = demoHall();
  const srv = await startTestServer({ dir, config: cfg, production: { demoSources: [cfg] } });
  servers.push(srv);
  return srv;
}

describe('production mode: no demo secrets', () => {
  it('seeds an empty database without the demo passwords and tokens: none of them works', async () => {
    const srv = await production();
    for (const badge of ['A001', 'S001', 'T001']) expect((await login(srv, badge, DEMO_PASSWORD)).status, badge).toBe(401);
    for (const token of [KIOSK_TOKEN, DISPLAY_TOKEN, AGENT_TOKEN]) {
      expect((await call(srv, 'GET', '/api/auth/me', { token })).body, token).toEqual({ kind: 'anonymous' });
    }
    expect((await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(401);
    expect(srv.firstRun.open()).toBe(true);
  });

  it('refuses to start on a database that still uses a demo password or token, naming them and the fix', async () => {
    const dir = tempDir();
    const cfg = demoHall();
    // Run as a demo first (not production): the demo secrets are seeded.
    const demo = await startTestServer({ dir, config: cfg });
    expect((await login(demo, 'A001', DEMO_PASSWORD)).status).toBe(200);
    await demo.stop();
    const start = startHallServer({ dataDir: dir, configFile: '(test)', config: cfg, port: 0, host: '127.0.0.1', logger: createLogger('silent'), backups: false, devices: false, production: { demoSources: [cfg] } });
    const error = await start.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DemoSecretsInUseError);
    const found = (error as DemoSecretsInUseError).found;
    expect(found.devices).toEqual(['D1', 'G1', 'K1']);
    expect(found.staff).toEqual(expect.arrayContaining(['A001', 'S001', 'T001']));
    expect((error as Error).message).toContain('npm run setup -- --lock-demo-secrets');
    // An admin who changed every demo secret may start: here, by the setup command's lock.
    const lock = spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/setup.ts', '--lock-demo-secrets', '--badge', 'chief', '--name', '王'], {
      cwd: root,
      input: `${STRONG}\n`,
      encoding: 'utf8',
      env: { ...process.env, NODE_ENV: 'production', HALL_DATA_DIR: dir, HALL_CONFIG: writeConfig(dir, cfg), LOG_LEVEL: 'silent' },
    });
    expect(lock.status, lock.stderr).toBe(0);
    expect(lock.stdout).toContain('replaced 3 demo device token(s) (D1, G1, K1)');
    expect(lock.stdout).toContain('Admin chief is set up');
    const srv = await startTestServer({ dir, config: cfg, production: { demoSources: [cfg] } });
    servers.push(srv);
    expect((await login(srv, 'A001', DEMO_PASSWORD)).status).toBe(401);
    expect((await call(srv, 'GET', '/api/auth/me', { token: KIOSK_TOKEN })).body).toEqual({ kind: 'anonymous' });
    expect((await login(srv, 'chief', STRONG)).status).toBe(200);
  });
});

function writeConfig(dir: string, cfg: HallConfig): string {
  const file = path.join(dir, 'hall.yaml');
  writeFileSync(file, stringify(cfg));
  return file;
}

describe('production mode: the first admin', () => {
  it('the first-run page is open while no admin can sign in, from this host without a code', async () => {
    const srv = await production();
    const page = await call(srv, 'GET', '/setup');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.body).toContain('/setup/setup.js');
    expect(page.body).not.toContain('name="code"');
    expect((await call(srv, 'GET', '/api/setup')).body).toEqual({ open: true, codeRequired: false });
    // The password policy holds here too.
    const weak = await call(srv, 'POST', '/api/setup', { body: { badge: 'boss', name: '和建明', password: 'boss12345678' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PASSWORD_REJECTED');
    const done = await call(srv, 'POST', '/api/setup', { body: { badge: 'A001', name: '和建明', password: STRONG } });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toEqual({ badge: 'A001', next: '/admin' });
    const admin = await login(srv, 'A001', STRONG);
    expect(admin.status).toBe(200);
    // Closed for good: the page and the API are gone, and a second admin cannot be made this way.
    expect((await call(srv, 'GET', '/setup')).status).toBe(404);
    expect((await call(srv, 'POST', '/api/setup', { body: { badge: 'evil', name: '某', password: `${STRONG}!` } })).status).toBe(404);
    expect((await login(srv, 'evil', `${STRONG}!`)).status).toBe(401);
    // The admin issues device tokens; the kiosk works with its issued token.
    const issued = await call(srv, 'POST', '/api/admin/devices/K1/token', { cookie: admin.cookie, body: {} });
    expect(issued.status, JSON.stringify(issued.body)).toBe(200);
    const ticket = await call(srv, 'POST', '/api/kiosk/tickets', { token: issued.body.token, body: { queue: 'QA' } });
    expect(ticket.status).toBe(200);
    const audit = await call(srv, 'GET', '/api/audit?action=setup', { cookie: admin.cookie });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toContain('setup.first_admin');
  });

  it('from another computer (a proxied or LAN request) the one-time code is needed, and wrong codes are limited', async () => {
    const srv = await production();
    const lan = { 'x-forwarded-for': '192.168.1.50' };
    expect((await call(srv, 'GET', '/api/setup', { headers: lan })).body).toEqual({ open: true, codeRequired: true });
    expect((await call(srv, 'GET', '/setup', { headers: lan })).body).toContain('name="code"');
    const body = { badge: 'boss', name: '和建明', password: STRONG };
    const none = await call(srv, 'POST', '/api/setup', { headers: lan, body });
    expect(none.status).toBe(403);
    expect(none.body.error.code).toBe('SETUP_CODE_REQUIRED');
    const first = srv.firstRun.code;
    expect(first).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    for (let i = 0; i < 5; i++) {
      const wrong = await call(srv, 'POST', '/api/setup', { headers: lan, body: { ...body, code: 'AAAA-AAAA-AAAA' } });
      expect(wrong.body.error.code).toBe('SETUP_CODE_WRONG');
    }
    // Five wrong codes: the code was replaced, so the old one no longer works.
    expect(srv.firstRun.code).not.toBe(first);
    expect((await call(srv, 'POST', '/api/setup', { headers: lan, body: { ...body, code: first } })).body.error.code).toBe('SETUP_CODE_WRONG');
    const ok = await call(srv, 'POST', '/api/setup', { headers: lan, body: { ...body, code: srv.firstRun.code.toLowerCase() } });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect((await login(srv, 'boss', STRONG)).status).toBe(200);
  });

  it('a hall that has an admin never shows the page (a demo hall outside production)', async () => {
    const srv = await startTestServer();
    servers.push(srv);
    expect(srv.firstRun.open()).toBe(false);
    expect((await call(srv, 'GET', '/setup')).status).toBe(404);
    expect((await call(srv, 'POST', '/api/setup', { body: { badge: 'evil', name: '某', password: STRONG } })).status).toBe(404);
  });

  it('npm run setup sets up the first admin from the console, with the password policy', () => {
    const dir = tempDir();
    const env = { ...process.env, NODE_ENV: 'production', HALL_DATA_DIR: dir, HALL_CONFIG: writeConfig(dir, demoHall()), LOG_LEVEL: 'silent' };
    const run = (args: string[], input: string) => spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/setup.ts', ...args], { cwd: root, input, encoding: 'utf8', env });
    const weak = run(['--badge', 'boss', '--name', '和建明'], 'boss2026\n');
    expect(weak.status).toBe(65);
    expect(weak.stderr).toContain('No admin was set up');
    // The first run seeded the empty database, the way production mode does.
    expect(weak.stdout).toContain('without its demo passwords and tokens');
    const ok = run(['--badge', 'boss', '--name', '和建明'], `${STRONG}\n`);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Admin boss is set up');
    const again = run(['--badge', 'other', '--name', '某'], `${STRONG}\n`);
    expect(again.status).toBe(65);
    expect(again.stderr).toContain('already exists');
  });
});
