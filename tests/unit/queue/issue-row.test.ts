import { afterEach, describe, expect, it } from 'vitest';
import { createTestHall, KIOSK, STAFF, type TestHall } from '../../fixtures/hall.ts';
import type { IssueResult } from '../../../server/queue/issue.ts';
import { identity, kioskIssue } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

/**
 * The issuer builds the new ticket's view from the values it inserts instead of reading the row back:
 * that view, the event's ticket and the people ahead must be what a read of the row gives.
 */
describe('the issued ticket is the row as stored', () => {
  it('for every way in: kiosk, item, ID card, proxy, staff walk-in, green channel, appointment', () => {
    hall = createTestHall();
    const check = (r: IssueResult) => {
      const stored = hall.engine.core.ticket(r.ticket.id);
      expect(r.ticket).toEqual(stored);
      expect(hall.events.find((e) => e.type === 'ticket.issued' && e.ticket?.id === r.ticket.id)?.ticket).toEqual(stored);
      // Counted from the stored row the moment it was issued.
      expect(r.peopleAhead).toBe(hall.engine.views.peopleAhead(r.ticket.id));
    };
    check(kioskIssue(hall, { queue: 'QA' }));
    check(kioskIssue(hall, { item: 'I1', proxy: true }));
    check(kioskIssue(hall, { queue: 'QB', identity: identity(7) }));
    check(kioskIssue(hall, { queue: 'QC' }));
    check(hall.engine.issuer.issue({ source: 'staff', queue: 'QA', actor: STAFF('T001') }));
    check(hall.engine.issuer.issue({ source: 'staff', queue: 'QA', priority: 'green', greenReason: '老年人', actor: STAFF('T001') }));
    check(hall.engine.issuer.issue({ source: 'staff', queue: 'QA', priority: 'green', actor: STAFF('T001') }));
    const booked = hall.engine.appointments.book({ item: 'I1', date: '2026-11-30', slotStart: '10:30', identity: identity(8), actor: { kind: 'public', id: null } });
    hall.clock.advance(20 * 60_000);
    check(hall.engine.appointments.checkIn({ code: booked.code }, 'K1', KIOSK));
  });
});
