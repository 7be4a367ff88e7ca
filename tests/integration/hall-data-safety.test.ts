import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { StreamEvent } from '../../contract/socket.ts';
import { backupDatabase } from '../../server/store/backup.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { until } from '../fixtures/sockets.ts';
import { idNumber } from './helpers.ts';

/**
 * What a copy of the data folder, a kiosk's socket, a kiosk's keypad or an import can give away, over
 * real SQLite files, HTTP and socket.io.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const ID = idNumber('53082219900101123');
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});
const tempDir = () => {
  const d = mkdtempSync(path.join(tmpdir(), 'hallq-safe-'));
  cleanup.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
};
const serve = async (o: Parameters<typeof startTestServer>[0] = {}) => {
  const s = await startTestServer(o);
  let stopped = false;
  cleanup.push(async () => {
    if (!stopped) await s.stop();
  });
  return Object.assign(s, {
    async halt() {
      stopped = true;
      await s.stop();
    },
  });
};

async function call(srv: TestServer, method: string, url: string, o: { body?: unknown; cookie?: string; token?: string } = {}) {
  const headers: Record<string, string> = { origin: srv.url };
  if (o.body !== undefined) headers['content-type'] = 'application/json';
  if (o.cookie) headers.cookie = o.cookie;
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  const res = await fetch(`${srv.url}${url}`, { method, headers, ...(o.body !== undefined ? { body: JSON.stringify(o.body) } : {}) });
  const text = await res.text();
  return { status: res.status, text, body: text ? (JSON.parse(text) as any) : undefined };
}
const login = async (srv: TestServer, badge: string) => {
  const res = await fetch(`${srv.url}/api/auth/login`, { method: 'POST', headers: { origin: srv.url, 'content-type': 'application/json' }, body: JSON.stringify({ badge, password: 'secret123' }) });
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
};
const mode = (f: string) => statSync(f).mode & 0o777;

describe('the data folder', () => {
  it('is 0700 with hallq.db, its -wal and -shm, and backups 0600', async () => {
    const dir = path.join(tempDir(), 'data');
    const srv = await serve({ dir });
    await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    expect(mode(dir)).toBe(0o700);
    for (const f of ['hallq.db', 'hallq.db-wal', 'hallq.db-shm']) expect(mode(path.join(dir, f)), f).toBe(0o600);
    const backup = await backupDatabase(srv.db, path.join(dir, 'backups', 'hallq-test.db'));
    expect(mode(path.join(dir, 'backups'))).toBe(0o700);
    expect(mode(backup)).toBe(0o600);
  });

  it('tightens files an older version left readable by others', async () => {
    const dir = path.join(tempDir(), 'data');
    mkdirSync(dir, { mode: 0o755 });
    const first = await serve({ dir });
    await first.halt();
    chmodSync(path.join(dir, 'hallq.db'), 0o644);
    chmodSync(dir, 0o755);
    await serve({ dir });
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, 'hallq.db'))).toBe(0o600);
  });

  it('holds no key: the ID-hash and webhook keys are in the secrets directory, and an old key beside hallq.db is moved there', async () => {
    const base = tempDir();
    const dir = path.join(base, 'data');
    const secretsDir = path.join(base, 'secrets');
    // The layout before: the key beside the database (an embedder's default keeps it there).
    const old = await serve({ dir });
    const first = await call(old, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: ID } });
    expect(first.status).toBe(200);
    await old.halt();
    const oldKey = readFileSync(path.join(dir, 'id-hash.key'), 'utf8');
    const srv = await serve({ dir, secretsDir });
    expect(existsSync(path.join(dir, 'id-hash.key'))).toBe(false);
    expect(readFileSync(path.join(secretsDir, 'id-hash.key'), 'utf8')).toBe(oldKey);
    expect(existsSync(path.join(secretsDir, 'webhook-secrets.key'))).toBe(true);
    expect(mode(secretsDir)).toBe(0o700);
    for (const f of ['id-hash.key', 'webhook-secrets.key']) expect(mode(path.join(secretsDir, f)), f).toBe(0o600);
    // The same key: the same person is still recognised (one live ticket per ID and queue).
    const again = await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: ID } });
    expect(again.status).toBe(409);
  });
});

describe('kiosks', () => {
  it("a kiosk's socket never carries what staff wrote when finishing its ticket; the window's does", async () => {
    const srv = await serve();
    const kiosk = srv.socket({ token: KIOSK_TOKEN });
    const kioskEvents: StreamEvent[] = [];
    kiosk.on('event', (e) => kioskEvents.push(e));
    const cookie = await login(srv, 'T001');
    const staff = srv.socket({ cookie });
    const staffEvents: StreamEvent[] = [];
    staff.on('event', (e) => staffEvents.push(e));
    await until('both sockets connected', () => kiosk.connected && staff.connected);
    await call(srv, 'POST', '/api/windows/1/sign-in', { cookie, body: {} });
    const issued = await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QB', idNumber: ID, name: '岩' } });
    expect(issued.status).toBe(200);
    await call(srv, 'POST', '/api/windows/1/call-next', { cookie, body: {} });
    await call(srv, 'POST', '/api/windows/1/start', { cookie, body: {} });
    const NOTE = '申请人称其子患病，材料下周补交';
    const finished = await call(srv, 'POST', '/api/windows/1/finish', { cookie, body: { outcome: 'supplement', note: NOTE } });
    expect(finished.status, finished.text).toBe(200);
    await until('the kiosk saw the finish', () => kioskEvents.some((e) => e.type === 'ticket.finished'));
    await until('the window saw the finish', () => staffEvents.some((e) => e.type === 'ticket.finished'));
    // The kiosk sees its own ticket (for reprints) but not the note; a one-character name is masked too.
    expect(JSON.stringify(kioskEvents)).not.toContain(NOTE);
    const own = kioskEvents.find((e) => e.type === 'ticket.finished')!;
    expect(own.ticket?.number).toBe(issued.body.number);
    expect(JSON.stringify(staffEvents)).toContain(NOTE);
    expect(JSON.stringify(staffEvents)).not.toContain('"岩"');
    expect((staffEvents.find((e) => e.type === 'ticket.finished')!.ticket as { nameMasked?: string }).nameMasked).toBe('*');
    // A replay after a reconnect gives the kiosk no more than the live stream did.
    const replayed = srv.socket({ token: KIOSK_TOKEN, lastSeq: 0 });
    const batch = await new Promise<{ events: StreamEvent[] }>((resolve) => replayed.once('replay', resolve));
    expect(batch.events.some((e) => e.type === 'ticket.finished')).toBe(true);
    expect(JSON.stringify(batch)).not.toContain(NOTE);
  });

  it('a typed ID number learns neither the number nor the id of the ticket it already holds, and no body echoes it', async () => {
    const srv = await serve();
    const first = await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: ID, name: '张三丰' } });
    expect(first.status).toBe(200);
    const second = await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: ID, name: '张三丰' } });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('ID_HAS_LIVE_TICKET_TYPED');
    expect(second.body.error.details).toBeUndefined();
    for (const leak of [first.body.number, first.body.ticketId, ID, ID.slice(-4), '张三丰']) expect(second.text, leak).not.toContain(leak);
    // An invalid number and an overlong name are refused without repeating them.
    const wrong = `${ID.slice(0, 17)}${ID.endsWith('1') ? '2' : '1'}`;
    const bad = await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: wrong, name: '张三丰' } });
    expect(bad.status).toBe(422);
    expect(bad.text).not.toContain(wrong);
    const longName = '欧阳'.repeat(30);
    const invalid = await call(srv, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: ID, name: longName } });
    expect(invalid.status).toBe(400);
    expect(invalid.text).not.toContain(ID);
    expect(invalid.text).not.toContain('欧阳欧阳');
  });
});

describe('hall:import', () => {
  it('never brings back a device token an admin replaced, and in production imports no demo secret at all', async () => {
    const dir = tempDir();
    const cfg = testHallConfig();
    const srv = await serve({ dir, config: cfg });
    const admin = await login(srv, 'A001');
    const issued = await call(srv, 'POST', '/api/admin/devices/K1/token', { cookie: admin, body: {} });
    expect(issued.status).toBe(200);
    await srv.halt();
    const file = path.join(dir, 'hall.yaml');
    const withNew = { ...cfg, devices: [...cfg.devices, { code: 'K9', kind: 'kiosk' as const, name: '新取号机', demoToken: 'new-kiosk-demo-token-0009' }] };
    writeFileSync(file, stringify(withNew));
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'server/cli/hall-import.ts', file], { cwd: root, encoding: 'utf8', env: { ...process.env, HALL_DATA_DIR: dir, LOG_LEVEL: 'silent', ...env } });
    const prod = run({ NODE_ENV: 'production' });
    expect(prod.status, prod.stderr).toBe(0);
    expect(prod.stdout).toContain('demo tokens and plain passwords in the file were not imported');
    const after = await serve({ dir, config: cfg });
    // The replaced demo token stays replaced; the admin's token works; the new device got no demo token.
    expect((await call(after, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(401);
    expect((await call(after, 'POST', '/api/kiosk/tickets', { token: issued.body.token, body: { queue: 'QA' } })).status).toBe(200);
    expect((await call(after, 'POST', '/api/kiosk/tickets', { token: 'new-kiosk-demo-token-0009', body: { queue: 'QA' } })).status).toBe(401);
    await after.halt();
    // Outside production the demo token is for a device new to the database only: K1 keeps the admin's.
    const demo = run({ NODE_ENV: 'development' });
    expect(demo.status, demo.stderr).toBe(0);
    const again = await serve({ dir, config: cfg });
    expect((await call(again, 'POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(401);
    expect((await call(again, 'POST', '/api/kiosk/tickets', { token: issued.body.token, body: { queue: 'QA' } })).status).toBe(200);
  });
});
