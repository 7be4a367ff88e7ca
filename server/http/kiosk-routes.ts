import { z } from 'zod';
import { CheckInBody, KioskIssueBody, PrintResultBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import { identityRefRefused, type IdentityRefs } from '../devices/identity-refs.ts';
import { forbidden } from '../common/errors.ts';
import { ticketReceipt } from '../usecases/receipt.ts';
import type { AddRoute } from './route.ts';

const ReprintBody = z.strictObject({
  idNumber: z.string().regex(/^\d{17}[\dXx]$/).optional(),
  /** The card read at this kiosk ('kiosk:identity'), for 补打 of a ticket taken at another kiosk. */
  identityRef: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
});

/** Kiosk device routes: take a ticket, check in an appointment, reprint (补打). */
export function kioskRoutes(add: AddRoute, ctx: HallContext, identityRefs?: IdentityRefs): void {
  const { engine } = ctx;
  const resolveRef = (ref: string, kiosk: string) => {
    if (!identityRefs) throw identityRefRefused();
    return identityRefs.peek(ref, kiosk);
  };

  add(
    { method: 'post', path: '/api/kiosk/tickets', summary: 'Issue a ticket at a kiosk', tag: 'kiosk', allow: ['kiosk'], body: KioskIssueBody, audit: 'ticket.issue' },
    ({ principal, body }) => {
      if (principal.kind !== 'device') throw forbidden();
      const fromRef = body.identityRef !== undefined ? resolveRef(body.identityRef, principal.code) : undefined;
      const identity = fromRef ?? (body.idNumber ? ctx.identity.protect(body.idNumber, body.name, ctx.clock.now()) : undefined);
      const r = engine.issuer.issue({
        source: 'kiosk',
        kiosk: principal.code,
        actor: { kind: 'device', id: principal.code },
        ...(body.queue !== undefined ? { queue: body.queue } : {}),
        ...(body.item !== undefined ? { item: body.item } : {}),
        ...(body.proxy !== undefined ? { proxy: body.proxy } : {}),
        ...(identity ? { identity } : {}),
      });
      // A card read is good for one ticket: used up only once the ticket exists.
      if (body.identityRef !== undefined) identityRefs?.consume(body.identityRef);
      return ticketReceipt(ctx, r.ticket, r.peopleAhead, r.estimatedWaitMinutes);
    },
  );

  add(
    { method: 'post', path: '/api/kiosk/checkin', summary: 'Appointment check-in by code or ID card', tag: 'kiosk', allow: ['kiosk'], body: CheckInBody, audit: 'appointment.checkin' },
    ({ principal, body }) => {
      if (principal.kind !== 'device') throw forbidden();
      const by =
        'code' in body
          ? { code: body.code }
          : 'identityRef' in body
            ? { idHash: resolveRef(body.identityRef, principal.code).idHash }
            : { idHash: ctx.identity.protect(body.idNumber, undefined, ctx.clock.now()).idHash };
      const r = engine.appointments.checkIn(by, principal.code, { kind: 'device', id: principal.code });
      if ('identityRef' in body) identityRefs?.consume(body.identityRef);
      return ticketReceipt(ctx, r.ticket, r.peopleAhead, r.estimatedWaitMinutes);
    },
  );

  add(
    { method: 'post', path: '/api/kiosk/tickets/:id/reprint', summary: 'Reprint (补打) a live ticket of this kiosk, or of the ID swiped', tag: 'kiosk', allow: ['kiosk'], body: ReprintBody, audit: 'ticket.reprint' },
    ({ principal, body, params }) => {
      if (principal.kind !== 'device') throw forbidden();
      const row = engine.core.ticketRow(params.id ?? '');
      const ownTicket = row.kiosk === principal.code;
      const swipedHash =
        body.identityRef !== undefined
          ? resolveRef(body.identityRef, principal.code).idHash
          : body.idNumber !== undefined
            ? ctx.identity.protect(body.idNumber, undefined, ctx.clock.now()).idHash
            : undefined;
      const sameId = swipedHash !== undefined && row.id_hash !== null && swipedHash === row.id_hash;
      if (!ownTicket && !sameId) throw forbidden('补打其他取号机或他人的号票');
      const t = engine.tickets.requestReprint(row.id, principal.code, { kind: 'device', id: principal.code });
      return ticketReceipt(ctx, t);
    },
  );

  add(
    { method: 'post', path: '/api/tickets/:id/print-result', summary: 'Report whether a ticket was printed', tag: 'kiosk', allow: ['kiosk', 'agent'], body: PrintResultBody, audit: 'ticket.print_result' },
    ({ principal, body, params }) => {
      if (principal.kind !== 'device') throw forbidden();
      const row = engine.core.ticketRow(params.id ?? '');
      if (principal.deviceKind === 'kiosk' && row.kiosk !== principal.code) throw forbidden('报告其他取号机的打印结果');
      const t = engine.tickets.recordPrint(row.id, body.printed, body.reason ?? null, { kind: 'device', id: principal.code });
      return ticketReceipt(ctx, t);
    },
  );
}
