import { z } from 'zod';
import { HallArrivalCode, RemoteArriveBody, RemoteArrived, RemoteIssueBody, RemoteIssued, RemoteQueues, ReminderBody, ReminderQuery, ReminderState } from '../../contract/remote.ts';
import type { HallContext } from '../context.ts';
import type { Reminders } from '../reminders/reminders.ts';
import type { BookingService } from '../usecases/booking.ts';
import { SERVICE_WORKER_JS } from '../reminders/service-worker.ts';
import { arriveFromPhone, currentHallCode, issueRemote, remoteQueues } from '../usecases/remote.ts';
import { reminderState, setReminders } from '../usecases/remote-reminders.ts';
import { RemoteRateLimits } from '../usecases/remote-limits.ts';
import { callerOf, EVERYONE, raw, type AddRoute } from './route.ts';

/** 远程取号 from a phone, 我已到达, the hall's arrival code, and the status page's call reminders. */
export function remoteRoutes(add: AddRoute, ctx: HallContext, reminders: Reminders, booking: BookingService, limits: RemoteRateLimits = new RemoteRateLimits()): void {
  add({ method: 'get', path: '/api/remote/queues', summary: 'Queues that take numbers from a phone now (远程取号), with the day’s numbers left', tag: 'public', response: RemoteQueues, allow: EVERYONE }, () =>
    remoteQueues(ctx),
  );
  add(
    { method: 'post', path: '/api/remote/tickets', summary: 'Take a number from a phone (远程取号): waits as 未到场 until checked in', tag: 'public', response: RemoteIssued, allow: EVERYONE, body: RemoteIssueBody },
    async ({ principal, body, req }) => {
      await limits.issue(req.ip ?? 'unknown');
      // The phone is proven like a booking's, so generated ID numbers cannot fill the day's quota.
      return booking.withVerifiedPhone(body.phone, body.smsCode, () => issueRemote(ctx, reminders, callerOf(principal, req), body));
    },
  );
  add(
    { method: 'post', path: '/api/remote/tickets/:id/arrive', summary: '我已到达: a remote number enters the call order with the code posted in the hall', tag: 'public', response: RemoteArrived, allow: EVERYONE, body: RemoteArriveBody },
    async ({ principal, body, params, req }) => {
      await limits.arrive(req.ip ?? 'unknown');
      return arriveFromPhone(ctx, reminders, callerOf(principal, req), params.id ?? '', body);
    },
  );
  add(
    { method: 'get', path: '/api/remote/hall-code', summary: 'The current 我已到达 code for the QR shown in the hall', tag: 'display', response: HallArrivalCode, allow: ['display', 'kiosk', 'supervisor'] },
    () => currentHallCode(ctx, reminders),
  );
  add(
    { method: 'get', path: '/api/tickets/:id/reminders', summary: 'Whether a ticket’s call reminders are on (status page, signed key)', tag: 'public', response: ReminderState, allow: EVERYONE, query: ReminderQuery },
    ({ params, query }) => reminderState(ctx, reminders, params.id ?? '', query.k),
  );
  add(
    { method: 'put', path: '/api/tickets/:id/reminders', summary: 'Switch a ticket’s call reminders (Web Push, SMS) on or off', tag: 'public', response: ReminderState, allow: EVERYONE, body: ReminderBody },
    ({ params, body }) => setReminders(ctx, reminders, params.id ?? '', body),
  );
  add({ method: 'get', path: '/t/sw.js', summary: 'The status page’s service worker (call reminders), scope /t/', tag: 'public', response: raw('text/javascript'), allow: EVERYONE, query: z.object({}) }, ({ res }) => {
    res.setHeader('content-type', 'text/javascript; charset=utf-8');
    res.setHeader('cache-control', 'no-cache');
    res.send(SERVICE_WORKER_JS);
  });
}
