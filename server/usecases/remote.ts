import type { HallArrivalCode, RemoteArriveBody, RemoteArrived, RemoteIssueBody, RemoteIssued, RemoteQueues } from '../../contract/remote.ts';
import type { HallContext } from '../context.ts';
import { DomainError } from '../common/errors.ts';
import { queueOpenAt } from '../queue/hours.ts';
import { QueueError } from '../queue/errors.ts';
import type { Reminders } from '../reminders/reminders.ts';
import { audited } from './audited.ts';
import { actorOf, type Caller } from './caller.ts';
import { statusUrl } from './receipt.ts';

/** The queues a citizen may take a number for from the phone now, with the day's remote numbers left. */
export function remoteQueues(ctx: HallContext): RemoteQueues {
  const c = ctx.engine.catalog;
  const now = ctx.clock.now();
  return {
    arrivalCheck: c.rules.remote.arrivalCheck,
    queues: [...c.queues.values()]
      .filter((q) => q.active && q.remote?.enabled)
      .map((q) => ({
        code: q.code,
        name: q.name,
        open: queueOpenAt(now, c.hall.timezone, c.hall.hours, q).open,
        quotaLeft: ctx.engine.remote.quotaLeft(q.code),
        items: [...c.items.values()].filter((i) => i.queue === q.code && !i.retired).map((i) => ({ code: i.code, name: i.name })),
      })),
  };
}

/**
 * 远程取号: name + ID number (GB 11643) + phone, as for a booking. The number waits as 未到场; the phone
 * is kept sealed for the call reminders (SMS) and erased when the day closes.
 */
export function issueRemote(ctx: HallContext, reminders: Reminders, caller: Caller, body: RemoteIssueBody): RemoteIssued {
  const identity = ctx.identity.protect(body.idNumber, body.name, ctx.clock.now());
  const r = audited(ctx, caller, { action: 'ticket.issue_remote', target: (x: { ticket: { number: string } }) => x.ticket.number }, (tx) => {
    const issued = ctx.engine.remote.issue({
      identity,
      actor: actorOf(caller.principal),
      ...(body.item !== undefined ? { item: body.item } : {}),
      ...(body.queue !== undefined ? { queue: body.queue } : {}),
    });
    // In the ticket's own transaction: a number is never given out without its reminder contact.
    reminders.consumer.beforeFirstContact();
    reminders.store.saveContact(issued.ticket.id, tx.day, reminders.box.seal(body.phone, issued.ticket.id, 'phone'), null, tx.now);
    return issued;
  });
  reminders.consumer.checkTicket(r.ticket.id);
  const c = ctx.engine.catalog;
  return {
    ticketId: r.ticket.id,
    number: r.ticket.number,
    queueName: c.queues.get(r.ticket.queue)?.name ?? r.ticket.queue,
    itemName: r.ticket.item ? (c.items.get(r.ticket.item)?.name ?? null) : null,
    key: ctx.statusKeys.sign(r.ticket.id),
    statusUrl: statusUrl(ctx, r.ticket.id),
    arrivalCode: r.arrivalCode,
    peopleAhead: r.peopleAhead,
    estimatedWaitMinutes: r.estimatedWaitMinutes,
    careClass: r.ticket.careClass ?? null,
  };
}

const notFound = () => new DomainError('not_found', 'UNKNOWN_TICKET', '没有找到该号票，请重新打开取号后的页面。');

/** 我已到达: the phone, with the status key and the code of the QR posted in the hall. */
export function arriveFromPhone(ctx: HallContext, reminders: Reminders, caller: Caller, ticketId: string, body: RemoteArriveBody): RemoteArrived {
  if (!ctx.statusKeys.verify(ticketId, body.k)) throw notFound();
  const rules = ctx.engine.catalog.rules.remote;
  if (rules.arrivalCheck !== 'hall_code') throw new QueueError('HALL_CHECK_OFF');
  if (!reminders.hallCode.accepts(body.hallCode, ctx.clock.now(), rules.hallCodeMinutes)) throw new QueueError('HALL_CODE_WRONG');
  const r = audited(ctx, caller, { action: 'ticket.arrive_remote', target: (x: { ticket: { number: string } }) => x.ticket.number, detail: { via: 'hall_code' } }, () =>
    ctx.engine.remote.arriveFromPhone(ticketId, actorOf(caller.principal)),
  );
  return { number: r.ticket.number, state: r.ticket.state, peopleAhead: r.peopleAhead, estimatedWaitMinutes: r.estimatedWaitMinutes };
}

/** The code the hall's 我已到达 QR shows now, and the address the QR encodes. */
export function currentHallCode(ctx: HallContext, reminders: Reminders): HallArrivalCode {
  const rules = ctx.engine.catalog.rules.remote;
  if (rules.arrivalCheck !== 'hall_code') throw new QueueError('HALL_CHECK_OFF');
  const { code, validUntil } = reminders.hallCode.current(ctx.clock.now(), rules.hallCodeMinutes);
  return { code, url: `${ctx.publicUrl()}/remote?arrive=${code}`, validUntil: validUntil.toISOString() };
}

/** What the status page adds for a ticket with a care class or taken remotely (未到场: its kiosk code, and whether 我已到达 is offered). */
export function remoteStatusFields(
  ctx: HallContext,
  ticketId: string,
): { careClass?: 'elderly' | 'assisted'; remote?: { arrivalCode: string; hallCheck: boolean }; estimatedWaitMinutes?: number } {
  const row = ctx.engine.core.ticketRow(ticketId);
  return {
    // 未到场 holds a place: the wait is what it would be if the citizen checked in now.
    ...(row.state === 'remote' ? { estimatedWaitMinutes: ctx.engine.views.estimateFor(row.queue, ctx.engine.views.peopleAhead(ticketId)) } : {}),
    ...(row.care_class === 'elderly' || row.care_class === 'assisted' ? { careClass: row.care_class } : {}),
    ...(row.state === 'remote' && row.arrival_code !== null
      ? { remote: { arrivalCode: row.arrival_code, hallCheck: ctx.engine.catalog.rules.remote.arrivalCheck === 'hall_code' } }
      : {}),
  };
}
