import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, rowHash, verifyAuditChain } from '../../../server/audit/audit-log.ts';
import { decodeWtf8 } from '../../../server/audit/wtf8.ts';
import { ManualClock } from '../../../server/common/clock.ts';
import { findMalformedText, isWellFormed, toWellFormed } from '../../../server/common/well-formed.ts';
import { openDatabase, type Db } from '../../../server/store/db.ts';
import type { AuditRow } from '../../../server/store/audit-store.ts';

/** Strings a request can carry that are awkward for a UTF-8 store. */
const AWKWARD = {
  loneHigh: '\ud800',
  loneLow: 'x\udfffy',
  reversedPair: '\udc00\ud800',
  nul: 'a\u0000b',
  nonchar: '\uffff\ufdd0\u{10ffff}',
  astral: '😀𠀀',
  rtl: '\u202e\u200fabc',
  replacement: '\ufffd',
  long: '长'.repeat(200_000) + '\ud800',
};

describe('audit entries with any text a request can carry', () => {
  let dir: string;
  let db: Db;
  let log: AuditLog;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hallq-audit-text-'));
    db = openDatabase({ dataDir: dir });
    log = new AuditLog(db, new ManualClock('2026-12-01T02:00:00Z'));
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifies after an unauthenticated login with a lone-surrogate badge (was: "entry 1 was altered")', () => {
    log.append({ actor: 'staff:\ud800', role: 'unknown', action: 'auth.login_failed', place: '127.0.0.1' });
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 1 });
    // Stored as hashed: the lone surrogate became U+FFFD before the hash was taken.
    const row = db.prepare('SELECT * FROM audit WHERE id = 1').get() as AuditRow;
    expect(row.actor).toBe('staff:\ufffd');
    const { hash, ...rest } = row;
    expect(rowHash(rest)).toBe(hash);
  });

  it('verifies every awkward string in every text field and in the detail, which keeps its exact code units', () => {
    for (const [name, s] of Object.entries(AWKWARD)) {
      log.append({ actor: `staff:${s}`, role: s, action: `test.${s}`, target: s, place: s, detail: { [s]: s, name, nested: [{ s }] } });
    }
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: Object.keys(AWKWARD).length });
    const rows = log.list({ limit: 100 }).reverse();
    rows.forEach((r, i) => {
      const s = Object.values(AWKWARD)[i]!;
      expect(r.target).toBe(toWellFormed(s));
      expect(isWellFormed(r.actor)).toBe(true);
      expect((JSON.parse(r.detail!) as { nested: { s: string }[] }).nested[0]!.s).toBe(s);
    });
  });

  it('verifies entries written before the fix (a lone surrogate stored as WTF-8) by their exact bytes, and still catches an edit of them', () => {
    // What the old append did: hash the string with its lone surrogate, then let SQLite store it.
    const insert = db.prepare('INSERT INTO audit (id, at, actor, role, action, target, place, detail, prev_hash, hash) VALUES (@id, @at, @actor, @role, @action, @target, @place, @detail, @prev_hash, @hash)');
    const old: Omit<AuditRow, 'hash'> = { id: 1, at: '2026-11-30T02:00:00.000Z', actor: 'staff:\ud800', role: 'unknown', action: 'auth.login_failed', target: 'x\udfff', place: '127.0.0.1', detail: null, prev_hash: '0'.repeat(64) };
    insert.run({ ...old, hash: rowHash(old) });
    // Read back as text it is no longer what was hashed: the false alarm of the issue.
    expect((db.prepare('SELECT actor FROM audit WHERE id = 1').get() as { actor: string }).actor).not.toBe(old.actor);
    log.append({ actor: 'staff:T001', role: 'staff', action: 'window.call-next' });
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });

    // Someone swaps the lone surrogate for another one, around the triggers: caught.
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare('UPDATE audit SET actor = ? WHERE id = 1').run('staff:\udbff');
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 1, problem: expect.stringContaining('altered') });
    // Or for the U+FFFD text a plain read shows: caught too.
    db.prepare('UPDATE audit SET actor = ? WHERE id = 1').run('staff:\ufffd\ufffd\ufffd');
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 1, problem: expect.stringContaining('altered') });
    db.prepare('UPDATE audit SET actor = ? WHERE id = 1').run(old.actor);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2 });
  });

  it('pages through a long chain and names a break past the first page', () => {
    db.transaction(() => {
      for (let i = 0; i < 2500; i++) log.append({ actor: 'staff:T001', role: 'staff', action: 'a', detail: { i } });
    })();
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: 2500 });
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit SET detail = '{\"i\":0}' WHERE id = 2222").run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 2222 });
  });
});

describe('WTF-8 decoding', () => {
  const bytes = (...b: number[]) => Uint8Array.from(b);
  it('gives back the exact code units V8 wrote, lone surrogates included', () => {
    for (const s of Object.values(AWKWARD)) {
      const db = openDatabase({ dataDir: mkdtempSync(path.join(tmpdir(), 'hallq-wtf8-')) });
      db.exec('CREATE TABLE t (a TEXT)');
      db.prepare('INSERT INTO t VALUES (?)').run(s);
      const raw = (db.prepare('SELECT CAST(a AS BLOB) AS a FROM t').get() as { a: Buffer }).a;
      expect(decodeWtf8(raw)).toBe(s);
      db.close();
    }
  });
  it('refuses bytes that are not WTF-8: overlong forms, stray continuation bytes, a pair spelled as two surrogates', () => {
    expect(decodeWtf8(bytes(0xc0, 0x80))).toBeNull();
    expect(decodeWtf8(bytes(0xe0, 0x80, 0x80))).toBeNull();
    expect(decodeWtf8(bytes(0x80))).toBeNull();
    expect(decodeWtf8(bytes(0xe4, 0xb8))).toBeNull();
    expect(decodeWtf8(bytes(0xed, 0xa0, 0x80, 0xed, 0xb0, 0x80))).toBeNull();
    expect(decodeWtf8(bytes(0xed, 0xa0, 0x80))).toBe('\ud800');
  });
});

describe('storable text at the edges', () => {
  it('finds the path of the first lone surrogate, keys included, in deeply nested values without exhausting the stack', () => {
    expect(findMalformedText({ a: [1, 'ok', { b: 'x\ud800' }] })).toBe('a[2].b');
    expect(findMalformedText({ ['k\udc00']: 1 })).toContain('(key)');
    expect(findMalformedText({ pair: '😀', nonchar: '\uffff', rtl: '\u202e', control: '\u0007' })).toBeNull();
    // U+0000 is well-formed, but PostgreSQL (the centre) keeps it neither in text nor in jsonb.
    expect(findMalformedText({ ok: 'x', name: 'a\u0000b' })).toBe('name');
    let deep: unknown = '\ud800';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findMalformedText(deep)).toMatch(/^\[0\]/);
  });
});
