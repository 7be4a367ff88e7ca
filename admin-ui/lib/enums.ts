import type { StatsGroupBy } from '../../contract/admin.ts';
import type { ItemCategory } from '../../contract/domain.ts';
import type { EventType } from '../../contract/events.ts';

/*
 * The wire enumerations the console offers as choices. Written out as records keyed by the contract's
 * types, so the compiler says when the contract gains a value; importing the zod schemas instead
 * would put zod in the console bundle for three lists.
 */
const keys = <K extends string>(r: Record<K, true>) => Object.keys(r) as K[];

export const ITEM_CATEGORIES = keys<ItemCategory>({ 行政许可: true, 行政确认: true, 行政给付: true, 行政征收: true, 公共服务: true, 便民服务: true, 中介服务: true, 公共资源交易: true, 其他: true });

export const STATS_GROUPS = keys<Exclude<StatsGroupBy, 'none'>>({ department: true, queue: true, window: true, staff: true, hour: true, day: true });

export const EVENT_TYPES = keys<EventType>({
  'ticket.issued': true,
  'ticket.called': true,
  'ticket.recalled': true,
  'ticket.started': true,
  'ticket.finished': true,
  'ticket.no_show': true,
  'ticket.reactivated': true,
  'ticket.transferred': true,
  'ticket.suspended': true,
  'ticket.resumed': true,
  'ticket.cancelled': true,
  'ticket.day_closed': true,
  'ticket.print_result': true,
  'ticket.reprint_requested': true,
  'ticket.evaluation_requested': true,
  'ticket.evaluated': true,
  'window.opened': true,
  'window.paused': true,
  'window.closed': true,
  'staff.signed_in': true,
  'staff.signed_out': true,
  'appointment.booked': true,
  'appointment.checked_in': true,
  'appointment.cancelled': true,
  'day.rolled_over': true,
  'config.changed': true,
});
