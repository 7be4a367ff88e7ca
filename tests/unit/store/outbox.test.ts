import { afterEach, describe, expect, it } from 'vitest';
import { QueueError } from '../../../server/queue/errors.ts';
import { OutboxStore } from '../../../server/store/outbox-store.ts';
import { createTestHall, type TestHall } from '../../fixtures/hall.ts';

/** The outbox row of an event commits with the event, or neither does (DESIGN.md §2 step 3). */
describe('outbox', () => {
  let hall: TestHall;
  afterEach(() => hall.close());

  it('has one row per committed event, keyed by hall code and seq', () => {
    hall = createTestHall();
    for (const q of ['QA', 'QA', 'QA']) hall.engine.issuer.issue({ source: 'kiosk', queue: q, actor: { kind: 'device', id: 'K1' } });
    const outbox = new OutboxStore(hall.db);
    const seqs = hall.events.map((e) => e.seq);
    const entries = outbox.entriesAfter(0, 100).filter((e) => seqs.includes(e.seq));
    expect(entries.map((e) => e.seq)).toEqual(seqs);
    for (const e of entries) {
      expect(e.key).toBe(`${hall.engine.catalog.hall.code}:${e.seq}`);
      expect(e.event).toEqual(hall.events.find((x) => x.seq === e.seq));
    }
  });

  it('writes no row for a command that is refused or rolled back', () => {
    hall = createTestHall();
    const outbox = new OutboxStore(hall.db);
    const before = outbox.lastSeq();
    expect(() =>
      hall.engine.core.run((tx) => {
        tx.emit({ type: 'config.changed', actor: { kind: 'system', id: null }, data: { entity: 'rules', code: 'rules', op: 'update', value: {} } });
        throw new QueueError('NO_WAITING');
      }),
    ).toThrow(QueueError);
    expect(outbox.lastSeq()).toBe(before);
    expect(hall.engine.core.log.lastSeq()).toBe(before);
  });

  it('keeps each consumer on its own cursor, moved only when told', () => {
    hall = createTestHall();
    const outbox = new OutboxStore(hall.db);
    const now = new Date();
    const start = outbox.cursorOf('uplink', () => 0, now);
    expect(start).toBe(0);
    hall.engine.issuer.issue({ source: 'kiosk', queue: 'QA', actor: { kind: 'device', id: 'K1' } });
    const last = outbox.lastSeq();
    outbox.advance('uplink', last, now);
    expect(outbox.cursorOf('uplink', () => -1, now)).toBe(last);
    expect(outbox.entriesAfter(last, 10)).toEqual([]);
    // Another consumer is untouched by the first one's progress.
    expect(outbox.cursorOf('push', () => 0, now)).toBe(0);
    expect(outbox.entriesAfter(0, 1000).length).toBe(last);
  });
});
