import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisionAlert, SupervisionView } from '../../contract/admin.ts';
import { RESERVE_FILE } from '../../server/store/storage-guard.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * A full disk and a failing disk, through real HTTP against the real database file. The full disk is
 * SQLite's own page limit (`PRAGMA max_page_count` on the server's connection: the next page the
 * database needs is refused with SQLITE_FULL, as on a full filesystem) and, where this machine lets
 * the test mount one, a real tiny tmpfs filled to the last byte. The I/O fault is `PRAGMA query_only`
 * (SQLITE_READONLY on every write).
 */

/** Waits (failure guard only) for something the server does on its own (a push, a probe). */
async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 8000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

interface Harness {
  srv: TestServer;
  /** The active alerts as the admin console reads them. */
  alerts(): Promise<SupervisionAlert[]>;
  issue(): Promise<{ status: number; body: any }>;
  counter(): number;
  ticketCount(): number;
}

async function harness(srv: TestServer): Promise<Harness> {
  const sup = await srv.login('S001');
  return {
    srv,
    alerts: async () => ((await srv.api('GET', '/api/supervision', { cookie: sup })).body as SupervisionView).alerts,
    issue: () => srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } }),
    counter: () => (srv.db.prepare("SELECT COALESCE(MAX(last_no), 0) AS n FROM counters WHERE queue = 'QA'").get() as { n: number }).n,
    ticketCount: () => (srv.db.prepare("SELECT COUNT(*) AS n FROM tickets WHERE queue = 'QA'").get() as { n: number }).n,
  };
}

/** Issues until the storage refuses; returns the numbers issued before and the refusal. */
async function issueUntilRefused(h: Harness, max = 2000): Promise<{ issued: string[]; refusal: { status: number; body: any } }> {
  const issued: string[] = [];
  for (let i = 0; i < max; i++) {
    const r = await h.issue();
    if (r.status !== 200) return { issued, refusal: r };
    issued.push(r.body.number as string);
  }
  throw new Error(`the storage never filled after ${max} tickets`);
}

const storageAlert = (alerts: SupervisionAlert[]) => alerts.find((a) => a.kind === 'storage');

/** The whole story on a full storage: refusal, health, alert, reads, sign-in, recovery. */
async function fullStory(h: Harness, fill: () => void, makeRoom: () => void): Promise<void> {
  const { srv } = h;
  const reserveFile = path.join(srv.dir, RESERVE_FILE);
  expect(existsSync(reserveFile)).toBe(true);
  const before = await h.issue();
  expect(before.status).toBe(200);

  fill();
  const { issued, refusal } = await issueUntilRefused(h);
  expect(refusal.status).toBe(507);
  expect(refusal.body.error.code).toBe('STORAGE_FULL');
  expect(refusal.body.error.message).toContain('数据存储已满');
  expect(refusal.body.error.message).toContain(srv.dir);
  expect(refusal.body.error.details.en).toMatch(/storage is full/);
  expect(refusal.body.error.details.storage).toBe(srv.dir);

  // Nothing half-written: the failed issue took no number and left no ticket.
  const last = issued.at(-1) ?? before.body.number;
  const lastSerial = Number(String(last).slice(1));
  expect(h.counter()).toBe(lastSerial);
  expect(h.ticketCount()).toBe(lastSerial);

  // The reserve was given up for the writes that must still land.
  expect(existsSync(reserveFile)).toBe(false);

  const metrics = await srv.api('GET', '/metrics');
  expect(metrics.body).toContain('hallq_storage_state{state="full"} 1');
  const health = await srv.api('GET', '/api/health');
  expect(health.status).toBe(200);
  expect(health.body).toMatchObject({ ok: true, status: 'degraded' });
  expect(health.body.problems).toEqual([expect.objectContaining({ code: 'STORAGE_FULL', since: expect.any(String) })]);
  expect(health.body.problems[0].message).toContain(srv.dir);

  const pushed = await until('a storage alert for supervisors', async () => storageAlert(await h.alerts()));
  expect(pushed).toMatchObject({ id: 'storage:full', severity: 'critical' });
  expect(pushed.message).toContain(srv.dir);

  // Further tickets are refused at once, so the reserve is kept for sign-in.
  const again = await h.issue();
  expect(again.status).toBe(507);
  expect(h.counter()).toBe(lastSerial);

  // Reads keep working.
  const status = await srv.api('GET', '/api/queues/status');
  expect(status.status).toBe(200);
  expect(status.body.queues.find((q: { code: string }) => q.code === 'QA').waiting).toBe(lastSerial);
  expect((await srv.api('GET', '/api/snapshot')).status).toBe(200);

  // Sign-in and sign-out keep working, with their audit entries.
  const auditBefore = (srv.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n;
  const cookie = await srv.login('T001');
  const me = await srv.api('GET', '/api/auth/me', { cookie });
  expect(me.status).toBe(200);
  expect(me.body).toMatchObject({ kind: 'staff', badge: 'T001' });
  // A signed-in change names its origin, as the window page's own requests do.
  const logout = await fetch(`${srv.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: srv.url, 'content-type': 'application/json' }, body: '{}' });
  expect(logout.status).toBe(200);
  const actions = (srv.db.prepare('SELECT action FROM audit ORDER BY id DESC LIMIT 2').all() as { action: string }[]).map((r) => r.action);
  expect(actions).toEqual(['auth.logout', 'auth.login']);
  expect((srv.db.prepare('SELECT COUNT(*) AS n FROM audit').get() as { n: number }).n).toBe(auditBefore + 2);
  expect((await srv.api('GET', '/api/health')).body.status).toBe('degraded');

  // Room is made: the next ticket goes through with the next number, and everything clears.
  makeRoom();
  const next = await h.issue();
  expect(next.status).toBe(200);
  expect(next.body.number).toBe(`A${String(lastSerial + 1).padStart(3, '0')}`);
  const healthy = await srv.api('GET', '/api/health');
  expect(healthy.body).toMatchObject({ status: 'ok', problems: [] });
  await until('the storage alert cleared', async () => (!storageAlert(await h.alerts()) ? true : undefined));
  await until('the reserve re-created', () => (existsSync(reserveFile) ? true : undefined));
}

describe('a full database (SQLite page limit on the real file)', () => {
  let srv: TestServer | undefined;
  let h: Harness;
  beforeAll(async () => {
    srv = await startTestServer();
    h = await harness(srv);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('answers 507 STORAGE_FULL naming the folder, degrades health, alerts, keeps reads and sign-in, and recovers', async () => {
    let pages = 0;
    await fullStory(
      h,
      () => {
        pages = h.srv.db.pragma('page_count', { simple: true }) as number;
        h.srv.db.pragma(`max_page_count = ${pages}`);
      },
      () => {
        h.srv.db.pragma(`max_page_count = ${pages + 100_000}`);
      },
    );
  });

  it('an I/O fault answers 503 STORAGE_ERROR and clears on the next write that succeeds', async () => {
    const { srv } = h;
    const before = h.counter();
    srv.db.pragma('query_only = ON');
    const r = await h.issue();
    expect(r.status).toBe(503);
    expect(r.body.error).toMatchObject({ code: 'STORAGE_ERROR', details: { sqlite: 'SQLITE_READONLY', storage: srv.dir } });
    expect(r.body.error.message).toContain('数据存储读写故障');
    expect(h.counter()).toBe(before);
    expect((await srv.api('GET', '/api/health')).body.problems[0].code).toBe('STORAGE_ERROR');
    await until('a storage:error alert', async () => (storageAlert(await h.alerts())?.id === 'storage:error' ? true : undefined));
    expect((await srv.api('GET', '/api/queues/status')).status).toBe(200);
    srv.db.pragma('query_only = OFF');
    const next = await h.issue();
    expect(next.status).toBe(200);
    expect((await srv.api('GET', '/api/health')).body.status).toBe('ok');
    await until('the storage alert cleared', async () => (!storageAlert(await h.alerts()) ? true : undefined));
  });
});

/** A real tmpfs of a few MiB, when this machine lets the test mount one (root on Linux). */
function mountTinyFs(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-tinyfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

const tinyFs = mountTinyFs();

describe.skipIf(!tinyFs)('a full filesystem (a tiny tmpfs filled to the last byte)', () => {
  let srv: TestServer | undefined;
  let h: Harness;
  const filler = tinyFs ? path.join(tinyFs, 'filler.bin') : '';
  beforeAll(async () => {
    srv = await startTestServer({ dir: path.join(tinyFs!, 'data'), storageReserve: { fileBytes: 512 * 1024, pages: 16, headroomBytes: 512 * 1024 } });
    h = await harness(srv);
  });
  afterAll(async () => {
    await srv?.stop();
    execFileSync('umount', [tinyFs!]);
    rmSync(tinyFs!, { recursive: true, force: true });
  });

  it('answers 507 STORAGE_FULL, keeps sign-in working from the reserve file, and recovers once space is freed', async () => {
    await fullStory(
      h,
      () => {
        // Every free block taken, so the next WAL frame the database needs hits ENOSPC.
        const fd = openSync(filler, 'w');
        const chunk = Buffer.alloc(64 * 1024);
        try {
          for (;;) writeSync(fd, chunk);
        } catch {
          /* ENOSPC: full */
        }
        try {
          for (;;) writeSync(fd, chunk, 0, 512);
        } catch {
          /* the last partial block */
        }
        closeSync(fd);
        expect(statSync(filler).size).toBeGreaterThan(0);
      },
      () => writeFileSync(filler, ''),
    );
  });
});
