import { describe, expect, it } from 'vitest';
import { toPublicEvent, type HallEvent } from '../../../contract/events.ts';
import type { Snapshot } from '../../../contract/snapshot.ts';
import { buildSnapshot } from '../../../server/usecases/snapshot.ts';
import { applyEvent } from '../../../ui-kit/reduce.ts';
import { createTestHall, KIOSK, STAFF } from '../../fixtures/hall.ts';
import type { HallContext } from '../../../server/context.ts';
import { hallQueries } from '../../../server/usecases/queries.ts';
import { ANONYMOUS } from '../../../server/auth/principal.ts';

/**
 * The client-side reducer must land exactly where a fresh server snapshot is: run a busy morning,
 * fold the public events into the first snapshot, and compare with the server's own.
 */
describe('applyEvent', () => {
  it('folds events into the same snapshot the server builds', () => {
    const hall = createTestHall();
    const ctx = { engine: hall.engine, clock: hall.clock, queries: hallQueries(hall.db, () => hall.engine.catalog) } as unknown as HallContext;
    try {
      const start = buildSnapshot(ctx, ANONYMOUS) as Snapshot;
      const e = hall.engine;
      for (let i = 0; i < 5; i++) e.issuer.issue({ queue: 'QA', source: 'kiosk', actor: KIOSK });
      e.issuer.issue({ queue: 'QC', source: 'kiosk', actor: KIOSK });
      e.windows.signIn(1, 'T001', STAFF('T001'));
      e.windows.signIn(4, 'T004', STAFF('T004'));
      e.windows.callNext(1, STAFF('T001'));
      e.windows.recall(1, STAFF('T001'));
      e.windows.start(1, STAFF('T001'));
      e.windows.callNext(4, STAFF('T004'));
      const t = e.windows.callNext(1, STAFF('T001'));
      e.windows.suspend(1, STAFF('T001'));
      e.windows.callNext(1, STAFF('T001'));
      e.tickets.transfer(e.windows.current(1)!.id, { queue: 'QC' }, STAFF('T001'));
      e.windows.resume(1, t.id, STAFF('T001'));
      e.windows.pause(4, '业务培训', STAFF('T004'));
      e.windows.noShow(1, STAFF('T001'));

      let folded = start;
      for (const event of hall.events as HallEvent[]) folded = applyEvent(folded, toPublicEvent(event));
      const server = buildSnapshot(ctx, ANONYMOUS) as Snapshot;
      expect(folded.seq).toBe(server.seq);
      expect(folded.windows).toEqual(server.windows);
      expect(folded.queues.map((q) => [q.code, q.waiting, q.issuedToday])).toEqual(server.queues.map((q) => [q.code, q.waiting, q.issuedToday]));
      expect(folded.recentCalls).toEqual(server.recentCalls);
      // An event already applied changes nothing.
      expect(applyEvent(folded, toPublicEvent(hall.events[0]!))).toBe(folded);
    } finally {
      hall.close();
    }
  });
});
