import { afterEach, describe, expect, it } from 'vitest';
import { ageOn, careClassAtIssue } from '../../../server/queue/care-class.ts';
import { createTestHall, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { configWith, expectCode, identity, kioskIssue, signIn } from './helpers.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const call = (window = 1) => hall.engine.windows.callNext(window, STAFF(`T00${window}`)).number;
/** An identity as the kiosk hands it over: hashed, masked, with the birth date kept in memory only. */
const born = (n: number, birthDate: string) => ({ ...identity(n), birthDate });
const assisted = () => {
  hall.clock.advance(1000);
  return hall.engine.issuer.issue({ queue: 'QA', source: 'staff', careClass: 'assisted', actor: STAFF('T001') }).ticket;
};
const green = () => {
  hall.clock.advance(1000);
  return hall.engine.issuer.issue({ queue: 'QA', source: 'staff', priority: 'green', greenReason: '军人', actor: STAFF('S001') }).ticket;
};

describe('age from the ID card', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1961-11-30', '2026-11-30')).toBe(65);
    expect(ageOn('1961-12-01', '2026-11-30')).toBe(64);
    expect(ageOn('1960-02-29', '2026-02-28')).toBe(65);
  });

  it('gives the elderly class from the threshold, staff classes as given, and none when a class is off', () => {
    const rules = { elderlyAge: 65, assisted: true };
    expect(careClassAtIssue(undefined, '1961-11-30', '2026-11-30', rules)).toBe('elderly');
    expect(careClassAtIssue(undefined, '1961-12-01', '2026-11-30', rules)).toBeNull();
    expect(careClassAtIssue(undefined, undefined, '2026-11-30', rules)).toBeNull();
    expect(careClassAtIssue(undefined, '1941-01-01', '2026-11-30', { ...rules, elderlyAge: 0 })).toBeNull();
    expect(careClassAtIssue(undefined, '1957-06-01', '2026-11-30', { ...rules, elderlyAge: 70 })).toBeNull();
    expect(careClassAtIssue('assisted', '1990-01-01', '2026-11-30', rules)).toBe('assisted');
    expect(() => careClassAtIssue('assisted', undefined, '2026-11-30', { ...rules, assisted: false })).toThrow(/未开启/);
  });
});

describe('care classes in the call order', () => {
  it('stores only the class: the birth date never reaches the ticket row or its event', () => {
    hall = createTestHall();
    const t = kioskIssue(hall, { queue: 'QA', identity: born(1, '1950-03-04') }).ticket;
    expect(t.careClass).toBe('elderly');
    const row = hall.db.prepare('SELECT * FROM tickets WHERE id = ?').get(t.id) as Record<string, unknown>;
    expect(row.care_class).toBe('elderly');
    expect(JSON.stringify(row)).not.toContain('1950');
    const body = (hall.db.prepare("SELECT body FROM events WHERE type = 'ticket.issued'").get() as { body: string }).body;
    expect(body).not.toContain('1950');
    expect(JSON.parse(body).ticket.careClass).toBe('elderly');
  });

  it('green first, then disabled/pregnant, then elderly, then arrival order; people ahead counted by the same tiers', () => {
    hall = createTestHall();
    kioskIssue(hall, { queue: 'QA' }); // A001
    const elderly = kioskIssue(hall, { queue: 'QA', identity: born(2, '1950-01-01') }); // A002
    expect(elderly.peopleAhead).toBe(0);
    kioskIssue(hall, { queue: 'QA', identity: born(3, '1990-01-01') }); // A003, not elderly
    const a = assisted(); // A004
    expect(hall.engine.views.peopleAhead(a.id)).toBe(0);
    expect(hall.engine.views.peopleAhead(elderly.ticket.id)).toBe(1);
    green(); // A005
    signIn(hall, 1);
    expect([call(), call(), call(), call(), call()]).toEqual(['A005', 'A004', 'A002', 'A001', 'A003']);
  });

  it('the classes count in the anti-starvation streak like the green channel', () => {
    hall = createTestHall({ config: configWith({ antiStarvationAfter: 2 }) });
    kioskIssue(hall, { queue: 'QA' }); // A001 ordinary
    kioskIssue(hall, { queue: 'QA' }); // A002 ordinary
    for (let i = 0; i < 4; i++) kioskIssue(hall, { queue: 'QA', identity: born(10 + i, '1940-05-05') }); // A003–A006 elderly
    assisted(); // A007
    signIn(hall, 1);
    // Two priority calls, then the longest-waiting ordinary ticket; the streak starts again.
    expect([call(), call(), call(), call(), call(), call(), call()]).toEqual(['A007', 'A003', 'A001', 'A004', 'A005', 'A002', 'A006']);
  });

  it('refuses a class the hall has turned off', () => {
    hall = createTestHall({ config: configWith({ priorityClasses: { elderlyAge: 65, assisted: false } }) });
    expectCode(() => assisted(), 'CARE_CLASS_OFF');
    const off = createTestHall({ config: configWith({ priorityClasses: { elderlyAge: 0, assisted: true } }) });
    try {
      expect(off.engine.issuer.issue({ queue: 'QA', source: 'kiosk', kiosk: 'K1', identity: born(1, '1930-01-01'), actor: STAFF('K') }).ticket.careClass).toBeUndefined();
    } finally {
      off.close();
    }
  });
});
