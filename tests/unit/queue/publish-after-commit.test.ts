import { afterEach, describe, expect, it } from 'vitest';
import { createTestHall, KIOSK, type TestHall } from '../../fixtures/hall.ts';

let hall: TestHall;
afterEach(() => hall?.close());

/** A use case runs engine commands inside its own engine transaction (with its audit entry): their events wait for the outer commit. */
describe('events of a command inside another command', () => {
  it('are published once, after the outermost transaction has committed', () => {
    hall = createTestHall();
    const seen: { types: string[]; inTransaction: boolean }[] = [];
    hall.engine.onEvents((events) => seen.push({ types: events.map((e) => e.type), inTransaction: hall.db.inTransaction }));
    hall.engine.core.run(() => {
      hall.engine.issuer.issue({ source: 'kiosk', queue: 'QA', kiosk: 'K1', actor: KIOSK });
      hall.engine.issuer.issue({ source: 'kiosk', queue: 'QA', kiosk: 'K1', actor: KIOSK });
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([{ types: ['ticket.issued', 'ticket.issued'], inTransaction: false }]);
  });

  it('are never published when the outer transaction rolls back', () => {
    hall = createTestHall();
    const seen: string[] = [];
    hall.engine.onEvents((events) => seen.push(...events.map((e) => e.type)));
    expect(() =>
      hall.engine.core.run(() => {
        hall.engine.issuer.issue({ source: 'kiosk', queue: 'QA', kiosk: 'K1', actor: KIOSK });
        throw new Error('the audit entry could not be written');
      }),
    ).toThrow('the audit entry could not be written');
    expect(seen).toEqual([]);
    expect(hall.db.prepare('SELECT COUNT(*) AS n FROM tickets').get()).toEqual({ n: 0 });
  });

  it('of a refused inner command are dropped while the outer one goes on', () => {
    hall = createTestHall();
    const seen: string[] = [];
    hall.engine.onEvents((events) => seen.push(...events.map((e) => e.type)));
    hall.engine.core.run(() => {
      hall.engine.issuer.issue({ source: 'kiosk', queue: 'QA', kiosk: 'K1', actor: KIOSK });
      expect(() => hall.engine.issuer.issue({ source: 'kiosk', queue: 'NOPE', kiosk: 'K1', actor: KIOSK })).toThrow();
    });
    expect(seen).toEqual(['ticket.issued']);
  });
});
