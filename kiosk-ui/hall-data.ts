import type { Department, Period, ServiceItem } from '../contract/config.ts';
import type { IdRequirement } from '../contract/domain.ts';
import type { TicketReceipt, TicketStatus } from '../contract/responses.ts';

/** GET /api/hall as the kiosk reads it. */
export interface HallData {
  hall: { code: string; name: string; hotline: string; complaintUrl: string | null; phone: string | null; address: string | null; timezone: string };
  today: string;
  departments: Department[];
  queues: QueueInfo[];
  items: ItemInfo[];
}

export interface QueueInfo {
  code: string;
  name: string;
  prefix: string;
  idRequirement: IdRequirement;
  todayHours: Period[];
  windows: number[];
}

export type ItemInfo = ServiceItem & { pinyinInitials?: string };

/** What the server answers for a ticket issued, checked in or reprinted. */
export type Receipt = TicketReceipt;
export type { TicketStatus };

export function hoursText(periods: readonly Period[]): string {
  return periods.map((p) => `${p.start}—${p.end}`).join('，');
}
