import { afterEach, describe, expect, it } from 'vitest';
import type { TestServer } from '../../fixtures/server.ts';
import type { FakeSmsGateway } from '../../../server/sms/fake-gateway.ts';
import { ids, startBookingServer } from './booking-helpers.ts';

let server: (TestServer & { sms: FakeSmsGateway }) | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function station(s: TestServer, code: string, name: string): Promise<string> {
  const admin = await s.login('A001');
  const created = await s.api('POST', '/api/admin/stations', { cookie: admin, body: { code, name, level: 'village', password: 'station-pass-1' } });
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const login = await s.api('POST', '/api/station/login', { body: { code, password: 'station-pass-1' } });
  expect(login.status).toBe(200);
  expect(login.body).toEqual({ code, name, level: 'village' });
  return (login.headers.get('set-cookie') ?? '').split(';')[0]!;
}

describe('village and township stations (代办)', () => {
  it('an admin creates a station; a wrong password is refused; a taken code is a conflict', async () => {
    server = await startBookingServer();
    await station(server, 'CX01', '城西村便民服务站');
    const wrong = await server.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'nope-nope' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('LOGIN_FAILED');
    const admin = await server.login('A001');
    const again = await server.api('POST', '/api/admin/stations', { cookie: admin, body: { code: 'CX01', name: '重复', level: 'village', password: 'station-pass-2' } });
    expect(again.status).toBe(409);
    const list = await server.api('GET', '/api/admin/stations', { cookie: admin });
    expect(list.body.stations).toEqual([expect.objectContaining({ code: 'CX01', name: '城西村便民服务站', level: 'village', retired: false })]);
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|hash|station-pass/);
  });

  it('books for a citizen without an SMS code, marked with the station’s name, and the citizen’s phone gets the confirmation', async () => {
    server = await startBookingServer();
    const cookie = await station(server, 'CX01', '城西村便民服务站');
    const [citizen] = ids(1);
    const r = await server.api('POST', '/api/station/bookings', { cookie, body: { item: 'I1', date: '2026-12-01', slotStart: '09:30', name: '王老汉', idNumber: citizen, phone: '13700001111' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ stationName: '城西村便民服务站', nameMasked: '王*汉', state: 'booked', slotStart: '09:30' });
    expect((await server.sms.next('13700001111', 'booking-confirmed')).text).toContain(r.body.code);
    // The citizen can look it up with the code and phone, and sees who booked it.
    const own = await server.api('POST', '/api/booking/lookup', { body: { code: r.body.code, phone: '13700001111' } });
    expect(own.body.stationName).toBe('城西村便民服务站');
    const offGrid = await server.api('POST', '/api/station/bookings', { cookie, body: { item: 'I1', date: '2026-12-01', slotStart: '09:47', name: '王老汉', idNumber: ids(2)[1] } });
    expect(offGrid.body.error.code).toBe('APPOINTMENT_SLOT_OFF_GRID');
  });

  it('takes a number marked 代办 and follows its state; sees only its own records', async () => {
    server = await startBookingServer();
    const cx = await station(server, 'CX01', '城西村便民服务站');
    const dz = await station(server, 'DZ02', '东镇便民服务中心');
    const took = await server.api('POST', '/api/station/tickets', { cookie: cx, body: { item: 'I1', name: '李大娘', idNumber: ids(1)[0] } });
    expect(took.status, JSON.stringify(took.body)).toBe(200);
    expect(took.body).toMatchObject({ number: 'A001', queueName: '综合', state: 'waiting', nameMasked: '李*娘', peopleAhead: 0 });
    expect(took.body.statusUrl).toMatch(/\/t\/.+\?k=/);
    const ticket = server.db.prepare('SELECT proxy, source FROM tickets WHERE id = ?').get(took.body.id) as { proxy: number; source: string };
    expect(ticket).toEqual({ proxy: 1, source: 'api' });
    // The window calls it: the station sees the call and the window.
    const staff = await server.login('T001');
    expect((await server.api('POST', '/api/windows/1/sign-in', { cookie: staff })).status).toBe(200);
    const called = await server.api('POST', '/api/windows/1/call-next', { cookie: staff });
    expect(called.status, JSON.stringify(called.body)).toBe(200);
    // The window terminal's ticket says 代办 and by whom.
    expect(called.body).toMatchObject({ number: 'A001', proxy: true, proxyBy: '城西村便民服务站' });
    const activity = await server.api('GET', '/api/station/activity', { cookie: cx });
    expect(activity.body.station).toEqual({ code: 'CX01', name: '城西村便民服务站', level: 'village' });
    expect(activity.body.tickets).toEqual([expect.objectContaining({ number: 'A001', state: 'called', window: 1 })]);
    const other = await server.api('GET', '/api/station/activity', { cookie: dz });
    expect(other.body.tickets).toEqual([]);
    expect(other.body.bookings).toEqual([]);
    // The audit names the station.
    const audit = server.db.prepare("SELECT actor, role FROM audit WHERE action = 'ticket.issue-for'").get() as { actor: string; role: string };
    expect(audit).toEqual({ actor: 'station:CX01', role: 'station' });
  });

  it('a station’s booking checks in at the kiosk as a 代办 ticket with the station’s name', async () => {
    server = await startBookingServer();
    const cookie = await station(server, 'CX01', '城西村便民服务站');
    const booked = await server.api('POST', '/api/station/bookings', { cookie, body: { item: 'I1', date: '2026-11-30', slotStart: '10:00', name: '王老汉', idNumber: ids(1)[0] } });
    expect(booked.status, JSON.stringify(booked.body)).toBe(200);
    const { KIOSK_TOKEN } = await import('../../fixtures/server.ts');
    const checkIn = await server.api('POST', '/api/kiosk/checkin', { token: KIOSK_TOKEN, body: { code: booked.body.code } });
    expect(checkIn.status, JSON.stringify(checkIn.body)).toBe(200);
    expect(checkIn.body.tags).toEqual(expect.arrayContaining(['appointment', 'proxy']));
    const row = server.db.prepare('SELECT proxy, proxy_by FROM tickets WHERE id = ?').get(checkIn.body.ticketId) as { proxy: number; proxy_by: string };
    expect(row).toEqual({ proxy: 1, proxy_by: '城西村便民服务站' });
    const activity = await server.api('GET', '/api/station/activity', { cookie });
    expect(activity.body.bookings).toEqual([expect.objectContaining({ code: booked.body.code, state: 'checked_in', ticketNumber: checkIn.body.number })]);
  });

  it('an admin resets a station’s password or retires it; either ends its sessions at once', async () => {
    server = await startBookingServer();
    const cookie = await station(server, 'CX01', '城西村便民服务站');
    const admin = await server.login('A001');
    expect((await server.api('POST', '/api/admin/stations/CX01/password', { cookie: admin, body: { password: 'short' } })).status).toBe(400);
    expect((await server.api('POST', '/api/admin/stations/CX01/password', { cookie: admin, body: { password: 'new-station-pass' } })).status).toBe(200);
    expect((await server.api('GET', '/api/station/me', { cookie })).status).toBe(401);
    expect((await server.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'station-pass-1' } })).status).toBe(401);
    const again = await server.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'new-station-pass' } });
    expect(again.status).toBe(200);
    const fresh = (again.headers.get('set-cookie') ?? '').split(';')[0]!;
    expect((await server.api('POST', '/api/admin/stations/CX01/retire', { cookie: admin })).status).toBe(200);
    expect((await server.api('GET', '/api/station/me', { cookie: fresh })).status).toBe(401);
    expect((await server.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'new-station-pass' } })).status).toBe(401);
    const list = await server.api('GET', '/api/admin/stations', { cookie: admin });
    expect(list.body.stations[0]).toMatchObject({ code: 'CX01', retired: true });
    expect((await server.api('POST', '/api/admin/stations/NOPE/retire', { cookie: admin })).status).toBe(404);
    const audit = server.db.prepare("SELECT action, target FROM audit WHERE action LIKE 'station.%' ORDER BY id").all();
    expect(audit).toEqual(expect.arrayContaining([{ action: 'station.password', target: 'CX01' }, { action: 'station.retire', target: 'CX01' }]));
  });

  it('a station is not staff: window, supervisor and admin routes refuse it', async () => {
    server = await startBookingServer();
    const cookie = await station(server, 'CX01', '城西村便民服务站');
    for (const [method, url] of [['POST', '/api/windows/1/call-next'], ['GET', '/api/tickets'], ['GET', '/api/admin/settings'], ['POST', '/api/auth/logout']] as const) {
      const r = await server.api(method, url, { cookie });
      expect(r.status, `${method} ${url}`).toBe(403);
    }
    const out = await server.api('POST', '/api/station/logout', { cookie });
    expect(out.status).toBe(200);
    const after = await server.api('GET', '/api/station/me', { cookie });
    expect(after.status).toBe(401);
  });
});
