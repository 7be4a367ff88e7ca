import type { ReminderBody, ReminderState } from '../../contract/remote.ts';
import type { HallContext } from '../context.ts';
import { DomainError } from '../common/errors.ts';
import { maskPhone } from '../sms/gateway.ts';
import type { Reminders } from '../reminders/reminders.ts';

const LIVE = new Set(['waiting', 'remote', 'called', 'suspended']);

function ticketFor(ctx: HallContext, ticketId: string, key: string) {
  if (!ctx.statusKeys.verify(ticketId, key)) throw new DomainError('not_found', 'UNKNOWN_TICKET', '没有找到该号票，请重新扫描号票上的二维码。');
  return ctx.engine.core.ticketRow(ticketId);
}

/** What the status page's reminder switch shows for a ticket (the phone only masked). */
export function reminderState(ctx: HallContext, reminders: Reminders, ticketId: string, key: string): ReminderState {
  ticketFor(ctx, ticketId, key);
  const c = reminders.store.contact(ticketId);
  const phone = c?.phone ? reminders.box.open(c.phone, ticketId, 'phone') : null;
  const rules = ctx.engine.catalog.rules.reminders;
  return {
    push: c?.push != null,
    sms: phone !== null,
    phoneMasked: phone ? maskPhone(phone) : null,
    nearPosition: rules.nearPosition,
    publicKey: rules.push ? reminders.publicKey : null,
    smsAvailable: rules.sms && reminders.sms.kind !== 'off',
  };
}

/**
 * Switches a ticket's reminders on or off from its status page: a push subscription and/or a phone,
 * each sealed for this ticket; null removes one; absent keeps it. A ticket already served or closed
 * takes no new contact.
 */
export function setReminders(ctx: HallContext, reminders: Reminders, ticketId: string, body: ReminderBody): ReminderState {
  const t = ticketFor(ctx, ticketId, body.k);
  const pushGiven = body.push !== undefined && body.push !== null;
  const phoneGiven = body.phone !== undefined && body.phone !== null;
  if ((pushGiven || phoneGiven) && (!LIVE.has(t.state) || t.day !== ctx.engine.core.today())) {
    throw new DomainError('conflict', 'TICKET_CLOSED', '该号票已办理或已失效，无需再开启提醒。');
  }
  if (pushGiven && (!reminders.publicKey || !ctx.engine.catalog.rules.reminders.push)) {
    throw new DomainError('conflict', 'PUSH_OFF', '本大厅未开启浏览器通知提醒，可填写手机号接收短信提醒。');
  }
  if (pushGiven && !reminders.policy.allows(body.push!.endpoint)) {
    throw new DomainError('unprocessable', 'PUSH_SERVICE_REFUSED', '该浏览器的通知服务不受支持，请换用系统浏览器，或填写手机号接收短信提醒。');
  }
  const store = reminders.store;
  store.atomically(() => {
    reminders.consumer.beforeFirstContact();
    const current = store.contact(ticketId);
    const phone = body.phone === undefined ? (current?.phone ?? null) : body.phone === null ? null : reminders.box.seal(body.phone, ticketId, 'phone');
    const push = body.push === undefined ? (current?.push ?? null) : body.push === null ? null : reminders.box.seal(JSON.stringify(body.push), ticketId, 'push');
    store.saveContact(ticketId, t.day, phone, push, ctx.clock.now());
  });
  if (pushGiven || phoneGiven) reminders.consumer.checkTicket(ticketId);
  return reminderState(ctx, reminders, ticketId, body.k);
}
