import { z } from 'zod';
import { StationAccountBody, StationAccounts as StationAccountList, StationActivity, StationBookBody, StationLoginBody, StationMe, StationTicketBody, StationTicketView, BookingView } from '../../contract/booking.ts';
import { Ok } from '../../contract/responses.ts';
import { STATION_COOKIE, type StationAccounts, type StationPrincipal } from '../auth/station-accounts.ts';
import type { Principal } from '../auth/principal.ts';
import { DomainError, forbidden } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { BookingService } from '../usecases/booking.ts';
import type { StationDesk } from '../usecases/booking-station.ts';
import { callerOf, EVERYONE, type AddRoute } from './route.ts';

const PasswordBody = z.strictObject({ password: z.string().min(8, '密码至少 8 位').max(200) });
const CancelBody = z.strictObject({ code: z.string().regex(/^\d{6}$/, '预约码为 6 位数字'), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });

function station(p: Principal): StationPrincipal {
  if (p.kind !== 'station') throw forbidden();
  return p;
}

/** Village and township stations (代办): sign-in, booking and taking numbers for citizens, their records; admin accounts. */
export function stationRoutes(add: AddRoute, ctx: HallContext, accounts: StationAccounts, desk: StationDesk, booking: BookingService): void {
  add(
    { method: 'post', path: '/api/station/login', summary: 'Station sign-in (便民服务站)', tag: 'station', allow: EVERYONE, body: StationLoginBody, response: StationMe, ungrouped: true },
    async ({ body, req, res }) => {
      const r = await accounts.login(body.code, body.password, req.ip ?? 'unknown');
      if (!r.ok) {
        throw r.reason === 'rate_limited'
          ? new DomainError('rate_limited', 'LOGIN_RATE_LIMITED', '登录失败次数过多，请 15 分钟后再试，或联系大厅管理员。')
          : new DomainError('unauthenticated', 'LOGIN_FAILED', '站点账号或密码不正确。');
      }
      const maxAge = Math.max(0, r.expiresAt.getTime() - ctx.clock.now().getTime());
      res.cookie(STATION_COOKIE, r.token, { httpOnly: true, sameSite: 'strict', secure: req.secure, maxAge, path: '/' });
      ctx.audit.append({ actor: `station:${r.station.code}`, role: 'station', action: 'station.login', target: r.station.code, place: req.ip ?? null });
      const row = accounts.get(r.station.code)!;
      return { code: row.code, name: row.name, level: row.level };
    },
  );
  add({ method: 'post', path: '/api/station/logout', summary: 'End the station session', tag: 'station', allow: ['station'], response: Ok }, ({ principal, res }) => {
    accounts.logout(station(principal).sessionHash);
    res.clearCookie(STATION_COOKIE, { path: '/' });
    return { ok: true };
  });
  add({ method: 'get', path: '/api/station/me', summary: 'The signed-in station', tag: 'station', allow: ['station'], response: StationMe }, ({ principal }) => {
    const row = accounts.get(station(principal).code)!;
    return { code: row.code, name: row.name, level: row.level };
  });
  add(
    { method: 'post', path: '/api/station/bookings', summary: 'Book for a citizen (代办预约)', tag: 'station', allow: ['station'], body: StationBookBody, response: BookingView },
    ({ principal, body, req }) => booking.bookForStation(station(principal), body, callerOf(principal, req)),
  );
  add(
    { method: 'post', path: '/api/station/bookings/cancel', summary: 'Cancel one of this station’s bookings', tag: 'station', allow: ['station'], body: CancelBody, response: BookingView },
    ({ principal, body, req }) => booking.cancelForStation(station(principal), body.code, body.date, callerOf(principal, req)),
  );
  add(
    { method: 'post', path: '/api/station/tickets', summary: 'Take a number at the hall for a citizen (代办取号)', tag: 'station', allow: ['station'], body: StationTicketBody, response: StationTicketView },
    ({ principal, body, req }) => desk.takeNumber(station(principal), body, callerOf(principal, req)),
  );
  add({ method: 'get', path: '/api/station/activity', summary: 'What this station booked and took, and their state', tag: 'station', allow: ['station'], response: StationActivity }, ({ principal }) =>
    desk.activity(station(principal)),
  );

  add({ method: 'get', path: '/api/admin/stations', summary: 'Station accounts (便民服务站)', tag: 'admin', allow: ['supervisor'], response: StationAccountList }, () => ({
    stations: accounts.list().map((s) => ({ code: s.code, name: s.name, level: s.level, retired: s.retired === 1, createdAt: s.created_at })),
  }));
  add(
    { method: 'post', path: '/api/admin/stations', summary: 'Create a station account', tag: 'admin', allow: ['admin'], body: StationAccountBody, response: Ok, ungrouped: true },
    async ({ principal, body, req }) => {
      await desk.createAccount(body, callerOf(principal, req));
      return { ok: true };
    },
  );
  add(
    { method: 'post', path: '/api/admin/stations/:code/retire', summary: 'Retire a station account (its sessions end)', tag: 'admin', allow: ['admin'], response: Ok },
    ({ principal, params, req }) => {
      desk.retireAccount(params.code ?? '', callerOf(principal, req));
      return { ok: true };
    },
  );
  add(
    { method: 'post', path: '/api/admin/stations/:code/password', summary: 'Set a station account’s password (its sessions end)', tag: 'admin', allow: ['admin'], body: PasswordBody, response: Ok, ungrouped: true },
    async ({ principal, params, body, req }) => {
      await desk.resetPassword(params.code ?? '', body.password, callerOf(principal, req));
      return { ok: true };
    },
  );
}
