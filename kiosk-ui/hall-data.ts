import type { Department, Period, ServiceItem } from '../contract/config.ts';
import type { IdRequirement } from '../contract/domain.ts';
import type { TicketState } from '../contract/domain.ts';

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

/** What the server answers for a ticket issued, checked in or reprinted (server/http/receipt.ts). */
export interface Receipt {
  ticketId: string;
  number: string;
  hallName: string;
  queue: string;
  queueName: string;
  item: string | null;
  itemName: string | null;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  issuedAt: string;
  issuedAtLocal: string;
  windows: number[];
  tags: ('green' | 'appointment' | 'proxy')[];
  idTail: string | null;
  materials: string[];
  statusUrl: string;
  hotline: string;
  /** null while the printer has not answered (or the kiosk has none). */
  printed: boolean | null;
}

/** GET /api/tickets/:id/status (the phone page). */
export interface TicketStatus {
  number: string;
  queue: string;
  queueName: string;
  item: string | null;
  state: TicketState;
  window: number | null;
  peopleAhead: number;
  estimatedWaitMinutes: number;
  issuedAt: string;
  calledAt: string | null;
  seq: number;
}

export function hoursText(periods: readonly Period[]): string {
  return periods.map((p) => `${p.start}—${p.end}`).join('，');
}
