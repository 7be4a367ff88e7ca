import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, rowHash, verifyAuditChain } from '../../../server/audit/audit-log.ts';
import { ManualClock } from '../../../server/common/clock.ts';
import { openDatabase, type Db } from '../../../server/store/db.ts';

describe('audit log', () => {
  let dir: string;
  let db: Db;
  let log: AuditLog;
  let clock: ManualClock;

  beforeEach(() => {
    clock = new ManualClock('2026-11-30T02:00:00Z');
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-audit-'));
    db = openDatabase({ dataDir: dir });
    log = new AuditLog(db, clock);
    for (let i = 1; i <= 5; i++) {
      clock.advance(1000);
      log.append({ actor: `staff:T00${i}`, role: 'staff', action: 'window.call-next', target: `A00${i}`, place: 'window:1', detail: { i } });
    }
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('chains every entry to the one before it', () => {
    const rows = log.list({ limit: 10 }).reverse();
    expect(rows.map((r) => r.id)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 5 });
  });

  it('refuses updates and deletes', () => {
    expect(() => db.prepare("UPDATE audit SET actor = 'x' WHERE id = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit WHERE id = 2').run()).toThrow(/append-only/);
  });

  it('names the first altered entry when someone edits around the triggers', () => {
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET target = 'A999' WHERE id = 3").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3, problem: expect.stringContaining('altered') });
  });

  it('names a removed entry', () => {
    db.exec('DROP TRIGGER audit_no_delete');
    db.prepare('DELETE FROM audit WHERE id = 4').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, problem: expect.stringContaining('missing') });
  });

  it('detects a re-hashed forged entry by the next link', () => {
    db.exec('DROP TRIGGER audit_no_update');
    const row = db.prepare('SELECT * FROM audit WHERE id = 2').get() as Parameters<typeof rowHash>[0] & { hash: string };
    const forged = { ...row, actor: 'staff:X999' };
    const { hash: _old, ...rest } = forged;
    db.prepare('UPDATE audit SET actor = ?, hash = ? WHERE id = 2').run(forged.actor, rowHash(rest));
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 3, problem: expect.stringContaining('does not follow') });
  });

  it('filters by actor, action and time', () => {
    expect(log.list({ actor: 'staff:T002' }).map((r) => r.target)).toEqual(['A002']);
    expect(log.list({ action: 'window.' }).length).toBe(5);
    expect(log.list({ from: '2026-11-30T02:00:04.000Z' }).map((r) => r.id)).toEqual([5, 4]);
  });
});

describe('audit log inside a caller transaction', () => {
  let dir: string;
  let db: Db;
  let log: AuditLog;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-audit-tx-'));
    db = openDatabase({ dataDir: dir });
    log = new AuditLog(db, new ManualClock('2026-11-30T02:00:00Z'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('commits with the transaction it joins and rolls back with it', () => {
    db.transaction(() => {
      log.append({ actor: 'staff:T001', role: 'staff', action: 'a.kept' });
    })();
    expect(() =>
      db.transaction(() => {
        log.append({ actor: 'staff:T001', role: 'staff', action: 'a.dropped' });
        throw new Error('refused');
      })(),
    ).toThrow('refused');
    log.append({ actor: 'staff:T001', role: 'staff', action: 'a.next' });
    expect(log.list().map((r) => [r.id, r.action]).reverse()).toEqual([
      [1, 'a.kept'],
      [2, 'a.next'],
    ]);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
  });
});
