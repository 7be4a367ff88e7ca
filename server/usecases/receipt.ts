import type { TicketView } from '../../contract/ticket.ts';
import type { TicketReceipt } from '../../contract/responses.ts';
import type { HallContext } from '../context.ts';
import { localParts } from '../common/hall-time.ts';
import type { WaitEstimate } from '../../contract/wait-estimate.ts';

export type { TicketReceipt };

export function statusUrl(ctx: HallContext, ticketId: string): string {
  return `${ctx.publicUrl()}/t/${ticketId}?k=${ctx.statusKeys.sign(ticketId)}`;
}

/**
 * The answer to whoever took or checked in a ticket. A command passes the estimate it computed in its
 * transaction: reading the predictor here would simulate the hall again inside the write, per ticket.
 */
export function ticketReceipt(ctx: HallContext, t: TicketView, peopleAhead?: number, estimate?: number, given?: WaitEstimate): TicketReceipt {
  const c = ctx.engine.catalog;
  const item = t.item ? c.items.get(t.item) : undefined;
  const ahead = peopleAhead ?? ctx.engine.views.peopleAhead(t.id);
  const local = localParts(new Date(t.issuedAt), c.hall.timezone);
  const waitEstimate = given ?? (estimate === undefined ? ctx.engine.views.waitEstimateFor(t.id) : undefined);
  const tags: TicketReceipt['tags'] = [];
  if (t.priority === 'green') tags.push('green');
  if (t.priority === 'appointment') tags.push('appointment');
  if (t.proxy) tags.push('proxy');
  if (t.careClass) tags.push(t.careClass);
  return {
    ticketId: t.id,
    number: t.number,
    hallName: c.hall.name,
    queue: t.queue,
    queueName: c.queues.get(t.queue)?.name ?? t.queue,
    item: t.item,
    itemName: item?.name ?? null,
    peopleAhead: ahead,
    estimatedWaitMinutes: estimate ?? waitEstimate?.minutes ?? ctx.engine.views.estimateFor(t.queue, ahead),
    ...(waitEstimate ? { waitEstimate } : {}),
    issuedAt: t.issuedAt,
    issuedAtLocal: `${local.date} ${local.time}`,
    windows: c.windowsByQueue.get(t.queue) ?? [],
    tags,
    idTail: t.idMasked ? t.idMasked.slice(-4) : null,
    materials: (item?.materials ?? []).map((m) => [m.name, m.copies, m.note].filter(Boolean).join('，')),
    statusUrl: statusUrl(ctx, t.id),
    hotline: c.hall.hotline,
    printed: t.printed,
  };
}
