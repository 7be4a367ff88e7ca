import { afterEach, describe, expect, it } from 'vitest';
import { createTestHall, KIOSK, STAFF, type TestHall } from '../../fixtures/hall.ts';
import { at, baseInput, expectCode, identity, kioskIssue, signIn } from './helpers.ts';
import { HallConfig } from '../../../contract/config.ts';

let hall: TestHall;
afterEach(() => hall?.close());

const PUBLIC = { kind: 'public' as const, id: null };
/** QA takes remote numbers, 2 a day; QB does not. */
function remoteHall(quota = 2) {
  const input = baseInput();
  input.queues = input.queues.map((q) => (q.code === 'QA' ? { ...q, remote: { enabled: true, dailyQuota: quota } } : q));
  return createTestHall({ config: HallConfig.parse(input) });
}
const remote = (n: number, queue = 'QA') => {
  hall.clock.advance(1000);
  return hall.engine.remote.issue({ queue, identity: identity(n), actor: PUBLIC });
};
const call = (window = 1) => hall.engine.windows.callNext(window, STAFF(`T00${window}`)).number;

describe('远程取号 in the engine', () => {
  it('a remote number waits as 未到场: not called, not counted waiting, until it arrives in its held place', () => {
    hall = remoteHall();
    kioskIssue(hall, { queue: 'QA' }); // A001
    const r = remote(1); // A002, remote
    expect(r.ticket.state).toBe('remote');
    expect(r.ticket.source).toBe('remote');
    expect(r.arrivalCode).toMatch(/^\d{6}$/);
    expect(r.peopleAhead).toBe(1);
    kioskIssue(hall, { queue: 'QA' }); // A003
    expect(hall.engine.views.queueStatus().find((q) => q.code === 'QA')!.waiting).toBe(2);
    signIn(hall, 1);
    expect(call()).toBe('A001');
    expect(call()).toBe('A003');
    expectCode(() => call(), 'NO_WAITING');

    kioskIssue(hall, { queue: 'QA' }); // A004
    const arrived = hall.engine.remote.arriveAtKiosk({ code: r.arrivalCode }, 'K1', KIOSK)!;
    expect(arrived.ticket.state).toBe('waiting');
    expect(arrived.ticket.kiosk).toBe('K1');
    // It kept the place it took at 10:00: ahead of A004, who came later.
    expect(arrived.peopleAhead).toBe(0);
    expect(hall.events.at(-1)!.type).toBe('ticket.arrived');
    expect(hall.events.at(-1)!.data.via).toBe('kiosk_code');
    expect(call()).toBe('A002');
    expect(call()).toBe('A004');
  });

  it('arrives by the ID card it was taken with; a second arrival is refused; no remote ticket means undefined', () => {
    hall = remoteHall();
    const r = remote(7);
    expect(hall.engine.remote.arriveAtKiosk({ idHash: 'hash-99' }, 'K1', KIOSK)).toBeUndefined();
    expect(hall.engine.remote.arriveAtKiosk({ code: '999999' === r.arrivalCode ? '999998' : '999999' }, 'K1', KIOSK)).toBeUndefined();
    expect(hall.engine.remote.arriveAtKiosk({ idHash: 'hash-7' }, 'K1', KIOSK)!.ticket.number).toBe(r.ticket.number);
    expectCode(() => hall.engine.remote.arriveAtKiosk({ code: r.arrivalCode }, 'K1', KIOSK), 'REMOTE_ARRIVED_ALREADY');
    expectCode(() => hall.engine.remote.arriveFromPhone(r.ticket.id, PUBLIC), 'REMOTE_ARRIVED_ALREADY');
  });

  it('keeps to the daily quota, per queue, and only where the queue offers it', () => {
    hall = remoteHall(2);
    remote(1);
    remote(2);
    expect(hall.engine.remote.quotaLeft('QA')).toBe(0);
    const e = expectCode(() => remote(3), 'REMOTE_QUOTA_REACHED');
    expect(e.message).toContain('2');
    expectCode(() => remote(4, 'QB'), 'REMOTE_NOT_OFFERED');
    expect(hall.engine.remote.quotaLeft('QB')).toBe(0);
    // Kiosk numbers are not counted in the remote quota.
    kioskIssue(hall, { queue: 'QA' });
    expect(hall.engine.remote.quotaLeft('QA')).toBe(0);
  });

  it('only within the hall’s hours, and one live number per person and queue', () => {
    hall = remoteHall(5);
    hall.clock.set(at('07:30'));
    expectCode(() => remote(1), 'OUTSIDE_HOURS');
    hall.clock.set(at('10:00'));
    remote(1);
    expectCode(() => remote(1), 'ID_HAS_LIVE_TICKET');
  });

  it('the day’s close cancels a remote number that never arrived', () => {
    hall = remoteHall();
    const r = remote(1);
    hall.clock.set(at('09:00', '2026-12-01'));
    hall.engine.core.ensureDay();
    const row = hall.db.prepare('SELECT state, close_reason FROM tickets WHERE id = ?').get(r.ticket.id) as { state: string; close_reason: string };
    expect(row).toEqual({ state: 'cancelled', close_reason: 'day_end' });
  });

  it('a supervisor may cancel a remote number', () => {
    hall = remoteHall();
    const r = remote(1);
    expect(hall.engine.tickets.cancel(r.ticket.id, '重复取号', STAFF('S001')).state).toBe('cancelled');
  });
});
