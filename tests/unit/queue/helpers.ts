import type { HallConfig, HallConfigInput } from '../../../contract/config.ts';
import type { Db } from '../../../server/store/db.ts';
import { QueueError, type RefusalCode } from '../../../server/queue/errors.ts';
import { localToInstant } from '../../../server/common/hall-time.ts';
import type { ProtectedIdentity } from '../../../server/queue/identity.ts';
import type { IssueInput } from '../../../server/queue/issue.ts';
import { KIOSK, STAFF, testHallConfig, type TestHall } from '../../fixtures/hall.ts';

export const TODAY = '2026-11-30';
export const TZ = 'Asia/Shanghai';

/** The instant of a local Shanghai time (default: the test Monday). */
export function at(hhmm: string, date = TODAY): Date {
  return localToInstant(date, hhmm, TZ);
}

/** Runs `fn` and returns the refusal it throws; fails if it succeeds or throws anything else. */
export function refusal(fn: () => unknown): QueueError {
  try {
    fn();
  } catch (error) {
    if (error instanceof QueueError) return error;
    throw error;
  }
  throw new Error('expected a QueueError refusal, but the command succeeded');
}

export function expectCode(fn: () => unknown, code: RefusalCode): QueueError {
  const e = refusal(fn);
  if (e.code !== code) throw new Error(`expected refusal ${code}, got ${e.code}: ${e.message}`);
  return e;
}

/** An identity as the kiosk hands it to the engine: hashed and masked. */
export function identity(n: number): ProtectedIdentity {
  return { idHash: `hash-${n}`, idMasked: `110101********${String(n).padStart(4, '0')}`, nameMasked: '张*三' };
}

/** Issues from the kiosk, optionally moving the clock a second first so arrival order is unambiguous. */
export function kioskIssue(hall: TestHall, input: Partial<IssueInput> & { queue?: string; item?: string }, stepMs = 1000) {
  if (stepMs) hall.clock.advance(stepMs);
  return hall.engine.issuer.issue({ source: 'kiosk', actor: KIOSK, kiosk: 'K1', ...input });
}

export function signIn(hall: TestHall, window: number, badge = `T00${window}`) {
  hall.engine.windows.signIn(window, badge, STAFF(badge));
}

/** All rows of a table in a stable order, for before/after comparisons. */
export function rows(db: Db, table: string): unknown[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all();
}

export function count(db: Db, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
}

export function eventCount(db: Db): number {
  return count(db, 'events');
}

/** The test hall's configuration with rules (and anything else) replaced. */
export function configWith(rules: HallConfigInput['rules'], overrides: Partial<HallConfigInput> = {}): HallConfig {
  return testHallConfig({ rules, ...overrides });
}

/** Base configuration input, for tests that need to edit queues or hours. */
export function baseInput(): HallConfigInput {
  return structuredClone(testHallConfig()) as HallConfigInput;
}
