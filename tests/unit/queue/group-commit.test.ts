import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../../server/queue/errors.ts';
import { createTestHall, KIOSK, type TestHall } from '../../fixtures/hall.ts';

describe('group commit', () => {
  let hall: TestHall;
  afterEach(() => hall.close());

  it('commits requests of one event-loop turn together; a refusal rolls back only its own work', async () => {
    hall = createTestHall();
    const e = hall.engine;
    let commits = 0;
    hall.db.function('count_commit', () => ++commits);
    hall.db.exec("CREATE TEMP TRIGGER count_ticket AFTER INSERT ON tickets BEGIN SELECT count_commit(); END");
    const published: number[][] = [];
    e.onEvents((events) => published.push(events.map((x) => x.seq)));

    const results = await Promise.allSettled([
      e.core.grouped(() => e.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK })),
      e.core.grouped(() => e.issuer.issue({ queue: 'QB', source: 'kiosk', actor: KIOSK })), // needs an ID: refused
      e.core.grouped(() => e.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK })),
      e.core.grouped(() => {
        // Work that writes, then fails: nothing of it may remain.
        e.issuer.issue({ queue: 'QC', source: 'kiosk', actor: KIOSK });
        throw new Error('handler failed after issuing');
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(QueueError);
    const numbers = (hall.db.prepare('SELECT number FROM tickets ORDER BY rowid').all() as { number: string }[]).map((r) => r.number);
    expect(numbers).toEqual(['A001', 'A002']);
    // The rolled-back C001 did not use up its number.
    expect(hall.db.prepare("SELECT last_no FROM counters WHERE queue = 'QC'").get()).toBeUndefined();
    // One publication for the whole group, after the commit, with contiguous seqs.
    expect(published).toEqual([[1, 2]]);
    expect(hall.engine.core.log.lastSeq()).toBe(2);
    expect(commits).toBe(3); // three inserts attempted, one rolled back with its savepoint
  });

  it('runs work queued in a later turn in a later group', async () => {
    hall = createTestHall();
    const published: number[][] = [];
    hall.engine.onEvents((events) => published.push(events.map((x) => x.seq)));
    await hall.engine.core.grouped(() => hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK }));
    await hall.engine.core.grouped(() => hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK }));
    expect(published).toEqual([[1], [2]]);
  });

  it('rejects every member when the commit itself fails, and publishes nothing', async () => {
    hall = createTestHall();
    const published: unknown[] = [];
    hall.engine.onEvents((events) => published.push(events));
    const results = await Promise.allSettled([
      hall.engine.core.grouped(() => {
        // A deferred foreign-key violation only fails at COMMIT time (the pragma lasts one transaction).
        hall.db.pragma('defer_foreign_keys = ON');
        return hall.engine.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
      }),
      hall.engine.core.grouped(() => hall.db.prepare("INSERT INTO evaluations (ticket_id, level, source, at) VALUES ('no-such-ticket', 'satisfied', 'screen', 'x')").run()),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(published).toEqual([]);
    expect((hall.db.prepare('SELECT COUNT(*) AS n FROM tickets').get() as { n: number }).n).toBe(0);
  });
});
