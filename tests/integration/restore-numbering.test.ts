import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit-log.ts';
import { restoreHall } from '../../server/cli/restore-hall.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { backupDatabase } from '../../server/store/backup.ts';
import { openDatabase } from '../../server/store/db.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * A restore from a backup taken mid-day must not hand out again the numbers already printed on
 * citizens' tickets. Real servers over HTTP on one data folder: issue, back up (the nightly backup's
 * code), issue more, stop, restore, start again, issue.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MIN = 60_000;
let dir: string;
let srv: TestServer | undefined;

afterEach(async () => {
  await srv?.stop();
  srv = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function issue(s: TestServer): Promise<string> {
  s.clock.advance(MIN);
  const r = await s.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
  if (r.status !== 200) throw new Error(`issue: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.number as string;
}

/** Issues 5, backs up, issues 7 more (A001–A012 printed); returns the backup file and the numbers printed. */
async function busyMorning(): Promise<{ backup: string; printed: string[]; at: number }> {
  dir = mkdtempSync(path.join(tmpdir(), 'hallq-restore-'));
  srv = await startTestServer({ dir });
  const printed: string[] = [];
  for (let i = 0; i < 5; i++) printed.push(await issue(srv));
  const backup = path.join(dir, 'backups', 'hallq-midday.db');
  await backupDatabase(srv.db, backup);
  for (let i = 0; i < 7; i++) printed.push(await issue(srv));
  const at = srv.clock.now().getTime();
  await srv.stop();
  srv = undefined;
  expect(printed.at(-1)).toBe('A012');
  return { backup, printed, at };
}

describe('restore from a mid-day backup', () => {
  it('continues after the last printed number when the replaced database can still be read', async () => {
    const { backup, printed, at } = await busyMorning();
    const clock = new ManualClock(new Date(at + 5 * MIN));
    const outcome = await restoreHall({ dataDir: dir, backupFile: backup, clock });
    expect(outcome.basis).toBe('replaced-database');
    expect(outcome.advances.find((a) => a.queue === 'QA')).toEqual({ queue: 'QA', from: 5, to: 12, basis: 'replaced-database' });
    expect(outcome.replacedDir && existsSync(path.join(outcome.replacedDir, 'hallq.db'))).toBe(true);

    srv = await startTestServer({ dir, at: new Date(at + 6 * MIN).toISOString() });
    const after = [await issue(srv), await issue(srv)];
    expect(after).toEqual(['A013', 'A014']);
    for (const n of after) expect(printed).not.toContain(n);
    // The tickets issued after the backup are not in the restored hall: only the first five wait.
    expect((await srv.api('GET', '/api/queues/status')).body.queues.find((q: { code: string }) => q.code === 'QA').waiting).toBe(5 + 2);
    expect(verifyAuditChain(srv.db).ok).toBe(true);
    const restored = srv.db.prepare("SELECT action, detail FROM audit WHERE action = 'hall.restored'").get() as { action: string; detail: string };
    expect(JSON.parse(restored.detail)).toMatchObject({ basis: 'replaced-database', counters: expect.arrayContaining([{ queue: 'QA', from: 5, to: 12 }]) });
    const event = srv.db.prepare("SELECT body FROM events WHERE type = 'numbering.advanced'").get() as { body: string };
    expect(JSON.parse(event.body).data).toMatchObject({ reason: 'restore', counters: [{ queue: 'QA', from: 5, to: 12 }] });
  });

  it('starts a new numbering block past an estimate when the replaced database is lost', async () => {
    const { backup, printed, at } = await busyMorning();
    // The disk that held the database died: nothing of it can be read.
    writeFileSync(path.join(dir, 'hallq.db'), 'not a database any more');
    rmSync(path.join(dir, 'hallq.db-wal'), { force: true });
    const clock = new ManualClock(new Date(at + 5 * MIN));
    const outcome = await restoreHall({ dataDir: dir, backupFile: backup, clock });
    expect(outcome.basis).toBe('estimate');
    const qa = outcome.advances.find((a) => a.queue === 'QA')!;
    expect(qa.from).toBe(5);
    // 12 minutes since the backup's last event (10:05 → 10:17) at one ticket a minute, ×1.5 + 20 = 38 after A005, rounded up to a block.
    expect(qa.to).toBe(100);

    srv = await startTestServer({ dir, at: new Date(at + 6 * MIN).toISOString() });
    const after = [await issue(srv), await issue(srv)];
    expect(after).toEqual(['A101', 'A102']);
    for (const n of after) expect(printed).not.toContain(n);
    // Queues that issued nothing move too: their kiosks were open since the backup.
    expect(outcome.advances.find((a) => a.queue === 'QC')!.to).toBeGreaterThan(0);
    expect(verifyAuditChain(srv.db).ok).toBe(true);
  });

  it('npm run restore does the same from the command line', async () => {
    const { backup } = await busyMorning();
    writeFileSync(path.join(dir, 'hallq.db'), 'not a database any more');
    rmSync(path.join(dir, 'hallq.db-wal'), { force: true });
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', path.join(root, 'server/cli/restore.ts'), backup], {
      cwd: root,
      env: { ...process.env, HALL_DATA_DIR: dir },
    });
    expect(stdout).toContain('Restored');
    expect(stdout).toContain('estimate');
    expect(stdout).toMatch(/QA: \d+ -> next ticket \d+/);
    expect(readdirSync(dir).some((f) => f.startsWith('replaced-'))).toBe(true);
    const db = openDatabase({ dataDir: dir });
    try {
      // Whatever today is on this machine's clock, QA's numbering for it moved forward (kiosks were open since the backup).
      const advanced = db.prepare("SELECT body FROM events WHERE type = 'numbering.advanced'").get() as { body: string };
      const qa = (JSON.parse(advanced.body).data as { counters: { queue: string; from: number; to: number }[] }).counters.find((c) => c.queue === 'QA');
      expect(qa!.to).toBeGreaterThan(qa!.from);
      expect(verifyAuditChain(db).ok).toBe(true);
    } finally {
      db.close();
    }
  });
});
