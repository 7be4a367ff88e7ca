import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../../server/common/errors.ts';
import { toErrorPayload } from '../../../server/http/errors.ts';
import { storageFailureKind } from '../../../server/store/storage-guard.ts';
import { createTestHall, KIOSK, type TestHall } from '../../fixtures/hall.ts';

/** Which SQLite failures are storage failures, and what the engine answers for them. */

const sqliteError = (code: string) => new Database.SqliteError('simulated', code);

let hall: TestHall | undefined;
afterEach(() => {
  hall?.close();
  hall = undefined;
});

describe('storage failures', () => {
  it('are told apart by SQLite result code', () => {
    expect(storageFailureKind(sqliteError('SQLITE_FULL'))).toBe('full');
    for (const code of ['SQLITE_IOERR', 'SQLITE_IOERR_WRITE', 'SQLITE_IOERR_FSYNC', 'SQLITE_READONLY', 'SQLITE_READONLY_DBMOVED', 'SQLITE_CANTOPEN', 'SQLITE_CANTOPEN_ISDIR']) {
      expect(storageFailureKind(sqliteError(code)), code).toBe('io');
    }
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_BUSY', 'SQLITE_ERROR', 'SQLITE_CORRUPT', 'SQLITE_IOERRX']) {
      expect(storageFailureKind(sqliteError(code)), code).toBeUndefined();
    }
    expect(storageFailureKind(new Error('plain'))).toBeUndefined();
    expect(storageFailureKind(undefined)).toBeUndefined();
  });

  it('become 507 STORAGE_FULL / 503 STORAGE_ERROR refusals; a constraint error stays a fault', () => {
    hall = createTestHall();
    const storage = hall.engine.core.storage;
    const full = toErrorPayload(storage.failure(sqliteError('SQLITE_FULL')))!;
    expect(full.status).toBe(507);
    expect(full.body.error.code).toBe('STORAGE_FULL');
    expect(full.body.error.message).toContain(storage.folder);
    expect(storage.status()).toMatchObject({ state: 'full', code: 'SQLITE_FULL' });
    const io = toErrorPayload(storage.failure(sqliteError('SQLITE_IOERR_WRITE')))!;
    expect(io.status).toBe(503);
    expect(io.body.error).toMatchObject({ code: 'STORAGE_ERROR', details: { sqlite: 'SQLITE_IOERR_WRITE' } });
    const other = sqliteError('SQLITE_CONSTRAINT_UNIQUE');
    expect(storage.failure(other)).toBe(other);
  });

  it('while full, engine writes are refused before they start, critical ones pass, and room ends it', () => {
    hall = createTestHall();
    const { core } = hall.engine;
    hall.db.pragma(`max_page_count = ${hall.db.pragma('page_count', { simple: true }) as number}`);
    core.storage.failure(sqliteError('SQLITE_FULL'));
    const before = hall.events.length;
    let refusal: unknown;
    try {
      hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK, kiosk: 'K1' });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DomainError);
    expect((refusal as DomainError).code).toBe('STORAGE_FULL');
    expect(hall.events.length).toBe(before);
    expect(core.run(() => 'signed in', { critical: true })).toBe('signed in');
    hall.db.pragma('max_page_count = 1000000');
    expect(hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK, kiosk: 'K1' }).ticket.number).toBe('A001');
    expect(core.storage.status().state).toBe('ok');
  });

  it('a failing disk at midnight is reported, not thrown out of the rollover timer; the next command rolls over', async () => {
    hall = createTestHall({ at: '2026-11-30T15:59:59.500Z' }); // 23:59:59.5 in Shanghai
    const { core } = hall.engine;
    const reported = new Promise<unknown>((resolve) => {
      core.onListenerError = resolve;
    });
    hall.engine.startMidnightTimer();
    hall.clock.set('2026-11-30T16:00:01Z');
    // The disk fails under the database (every write refused with SQLITE_READONLY).
    hall.db.pragma('query_only = ON');
    const error = await Promise.race([reported, new Promise((_, reject) => setTimeout(() => reject(new Error('the timer reported nothing in 5 s')), 5000))]);
    expect((error as DomainError).code).toBe('STORAGE_ERROR');
    expect(core.storedDay()).toBe('2026-11-30');
    hall.engine.stop();
    hall.db.pragma('query_only = OFF');
    expect(hall.engine.issuer.issue({ queue: 'QA', source: 'staff', actor: KIOSK }).ticket.day).toBe('2026-12-01');
  });
});
