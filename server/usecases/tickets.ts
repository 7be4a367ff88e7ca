import type { z } from 'zod';
import type { CheckInBody, EvaluationBody, KioskIssueBody, PrintResultBody, StaffIssueBody, TransferBody } from '../../contract/api.ts';

type PrintResult = z.infer<typeof PrintResultBody>;
type Transfer = z.infer<typeof TransferBody>;
import type { TicketReceipt } from '../../contract/responses.ts';
import type { TicketView } from '../../contract/ticket.ts';
import { isSupervisor, mayActOnWindow } from '../auth/principal.ts';
import { DomainError, forbidden } from '../common/errors.ts';
import { QueueError } from '../queue/errors.ts';
import type { HallContext } from '../context.ts';
import { identityRefRefused, type IdentityRefs } from '../auth/identity-refs.ts';
import { actorOf, type Caller } from './caller.ts';
import { audited } from './audited.ts';
import { ticketReceipt } from './receipt.ts';

/** What a ticket's audit entry names: its printed number. */
const byNumber = (r: { number: string }) => r.number;
const receiptNumber = (r: TicketReceipt) => r.number;

function kioskCode(caller: Caller): string {
  const p = caller.principal;
  if (p.kind !== 'device' || p.deviceKind !== 'kiosk') throw forbidden();
  return p.code;
}

function resolveRef(refs: IdentityRefs | undefined, ref: string, kiosk: string) {
  if (!refs) throw identityRefRefused();
  return refs.peek(ref, kiosk);
}

/**
 * A refusal that names another ticket (its number, its id) is for the holder of the ID card only. An ID
 * number typed on the kiosk's keypad proves nothing (anyone may know someone's number), so a typed
 * number learns only that a ticket exists: not which, nor its id (which would let it be reprinted). A
 * card read at the kiosk keeps the number and the id, so the citizen can reprint a lost ticket (补打).
 */
function withoutOtherTicket<T>(typed: boolean, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!typed || !(error instanceof QueueError)) throw error;
    if (error.code === 'ID_HAS_LIVE_TICKET') {
      throw new DomainError('conflict', 'ID_HAS_LIVE_TICKET_TYPED', '该身份证号今日已取过该业务的号，请留意叫号。如号票遗失，请将身份证放在感应区后补打，或到咨询台咨询。');
    }
    if (error.code === 'APPOINTMENT_USED') {
      throw new DomainError('conflict', 'APPOINTMENT_USED_TYPED', '该预约已签到，请留意叫号。如号票遗失，请将身份证放在感应区后补打，或到咨询台咨询。');
    }
    throw error;
  }
}

/** A citizen takes a ticket at a kiosk, with or without an ID card (a card read is used up only once the ticket exists). */
export function issueAtKiosk(ctx: HallContext, caller: Caller, refs: IdentityRefs | undefined, body: KioskIssueBody): TicketReceipt {
  const kiosk = kioskCode(caller);
  const typed = body.identityRef === undefined && body.idNumber !== undefined;
  const receipt = withoutOtherTicket(typed, () => audited(ctx, caller, { action: 'ticket.issue', target: receiptNumber }, () => {
    const fromRef = body.identityRef !== undefined ? resolveRef(refs, body.identityRef, kiosk) : undefined;
    const identity = fromRef ?? (body.idNumber ? ctx.identity.protect(body.idNumber, body.name, ctx.clock.now()) : undefined);
    const r = ctx.engine.issuer.issue({
      source: 'kiosk',
      kiosk,
      actor: actorOf(caller.principal),
      ...(body.queue !== undefined ? { queue: body.queue } : {}),
      ...(body.item !== undefined ? { item: body.item } : {}),
      ...(body.proxy !== undefined ? { proxy: body.proxy } : {}),
      ...(identity ? { identity } : {}),
    });
    return ticketReceipt(ctx, r.ticket, r.peopleAhead, r.estimatedWaitMinutes, r.waitEstimate);
  }));
  if (body.identityRef !== undefined) refs?.consume(body.identityRef);
  return receipt;
}

/** Appointment check-in at a kiosk by code or ID card. */
export function checkInAtKiosk(ctx: HallContext, caller: Caller, refs: IdentityRefs | undefined, body: CheckInBody): TicketReceipt {
  const kiosk = kioskCode(caller);
  const receipt = withoutOtherTicket('idNumber' in body, () => audited(ctx, caller, { action: 'appointment.checkin', target: receiptNumber }, () => {
    const by =
      'code' in body
        ? { code: body.code }
        : 'identityRef' in body
          ? { idHash: resolveRef(refs, body.identityRef, kiosk).idHash }
          : { idHash: ctx.identity.protect(body.idNumber, undefined, ctx.clock.now()).idHash };
    // A number taken from a phone (远程取号, 未到场) checks in here too, by its code or the card it was taken with.
    const r = ctx.engine.remote.arriveAtKiosk(by, kiosk, actorOf(caller.principal)) ?? ctx.engine.appointments.checkIn(by, kiosk, actorOf(caller.principal));
    return ticketReceipt(ctx, r.ticket, r.peopleAhead, r.estimatedWaitMinutes, r.waitEstimate);
  }));
  if ('identityRef' in body) refs?.consume(body.identityRef);
  return receipt;
}

/** 补打: a live ticket of this kiosk, or of the ID card swiped here. */
export function reprintAtKiosk(ctx: HallContext, caller: Caller, refs: IdentityRefs | undefined, ticketId: string, body: { idNumber?: string | undefined; identityRef?: string | undefined }): TicketReceipt {
  const kiosk = kioskCode(caller);
  return audited(ctx, caller, { action: 'ticket.reprint', target: receiptNumber }, () => {
    const owner = ctx.engine.tickets.ownerOf(ticketId);
    const swipedHash =
      body.identityRef !== undefined
        ? resolveRef(refs, body.identityRef, kiosk).idHash
        : body.idNumber !== undefined
          ? ctx.identity.protect(body.idNumber, undefined, ctx.clock.now()).idHash
          : undefined;
    const sameId = swipedHash !== undefined && owner.idHash !== null && swipedHash === owner.idHash;
    if (owner.kiosk !== kiosk && !sameId) throw forbidden('补打其他取号机或他人的号票');
    return ticketReceipt(ctx, ctx.engine.tickets.requestReprint(ticketId, kiosk, actorOf(caller.principal)));
  });
}

/** A kiosk or an agent reports whether a ticket was printed: the result and its audit entry commit together. */
export function reportPrintResult(ctx: HallContext, caller: Caller, ticketId: string, body: PrintResult): TicketReceipt {
  const p = caller.principal;
  if (p.kind !== 'device') throw forbidden();
  return audited(ctx, caller, { action: 'ticket.print_result', target: receiptNumber, detail: body.printed ? { printed: true } : { printed: false, reason: body.reason ?? null } }, () => {
    if (p.deviceKind === 'kiosk' && ctx.engine.tickets.ownerOf(ticketId).kiosk !== p.code) throw forbidden('报告其他取号机的打印结果');
    return ticketReceipt(ctx, ctx.engine.tickets.recordPrint(ticketId, body.printed, body.reason ?? null, actorOf(p)));
  });
}

/** 窗口取号: walk-in, green channel (with its reason) or 代办, issued by the window's staff. */
export function issueAtWindow(ctx: HallContext, caller: Caller, window: number, body: StaffIssueBody): TicketReceipt {
  const p = caller.principal;
  if (p.kind !== 'staff' || !mayActOnWindow(p, window)) throw forbidden(`在${window}号窗口取号`);
  return audited(ctx, caller, { action: 'ticket.issue_staff', target: receiptNumber, place: `window:${window}` }, () => {
    const identity = body.idNumber ? ctx.identity.protect(body.idNumber, body.name, ctx.clock.now()) : undefined;
    const r = ctx.engine.issuer.issue({
      source: 'staff',
      actor: actorOf(p),
      priority: body.green ? 'green' : 'normal',
      ...(body.greenReason !== undefined ? { greenReason: body.greenReason } : {}),
      ...(body.careClass !== undefined ? { careClass: body.careClass } : {}),
      ...(body.queue !== undefined ? { queue: body.queue } : {}),
      ...(body.item !== undefined ? { item: body.item } : {}),
      ...(body.proxy !== undefined ? { proxy: body.proxy } : {}),
      ...(identity ? { identity } : {}),
    });
    return ticketReceipt(ctx, r.ticket, r.peopleAhead, r.estimatedWaitMinutes, r.waitEstimate);
  });
}

export function cancelTicket(ctx: HallContext, caller: Caller, ticketId: string, reason: string): TicketView {
  return audited(ctx, caller, { action: 'ticket.cancel', target: byNumber, detail: { reason } }, () => ctx.engine.tickets.cancel(ticketId, reason, actorOf(caller.principal)));
}

/** Re-queues a late arrival after 过号: staff of the ticket's window, or a supervisor. */
export function reactivateTicket(ctx: HallContext, caller: Caller, ticketId: string): TicketView {
  const p = caller.principal;
  if (p.kind !== 'staff') throw forbidden();
  return audited(ctx, caller, { action: 'ticket.reactivate', target: byNumber }, () => {
    const t = ctx.engine.core.ticket(ticketId);
    if (!isSupervisor(p) && (t.window === null || !mayActOnWindow(p, t.window))) throw forbidden('恢复其他窗口的过号');
    return ctx.engine.tickets.reactivate(t.id, actorOf(p));
  });
}

export function transferTicket(ctx: HallContext, caller: Caller, ticketId: string, body: Transfer): TicketView {
  return audited(ctx, caller, { action: 'ticket.transfer', target: byNumber, detail: { ...body } }, () => ctx.engine.tickets.transfer(ticketId, body, actorOf(caller.principal)));
}

export function closeWindow(ctx: HallContext, caller: Caller, window: number): { ok: true } {
  return audited(ctx, caller, { action: 'window.close', target: String(window), place: `window:${window}` }, () => {
    ctx.engine.windows.close(window, actorOf(caller.principal));
    return { ok: true as const };
  });
}

/**
 * A 好差评 rating from the evaluation tablet (a display bound to the window), the window's staff, a
 * supervisor, or the citizen's phone holding the ticket's signed key.
 */
export function evaluateTicket(ctx: HallContext, caller: Caller, body: EvaluationBody): TicketView {
  const p = caller.principal;
  return audited(ctx, caller, { action: 'ticket.evaluate', target: (r) => r.number, detail: { level: body.level } }, () => {
    const t = ctx.engine.core.ticket(body.ticketId);
    const allowed =
      (p.kind === 'device' && p.deviceKind === 'display' && p.window !== null && p.window === t.window) ||
      (p.kind === 'staff' && t.window !== null && mayActOnWindow(p, t.window)) ||
      (body.key !== undefined && ctx.statusKeys.verify(t.id, body.key));
    if (!allowed) {
      if (p.kind === 'anonymous' && body.key === undefined) throw new DomainError('unauthenticated', 'UNAUTHENTICATED', '请扫描号票二维码进行评价。');
      throw forbidden('评价该号票');
    }
    return ctx.engine.tickets.evaluate({
      ticketId: t.id,
      level: body.level,
      source: body.key !== undefined && p.kind === 'anonymous' ? 'phone' : body.source,
      actor: actorOf(p),
      ...(body.dimensions ? { dimensions: body.dimensions } : {}),
      ...(body.reason ? { reason: body.reason } : {}),
    });
  });
}
