import type { Rules, ServiceItem } from '../contract/config.ts';
import type { WindowStateView } from '../contract/snapshot.ts';
import type { TicketView } from '../contract/ticket.ts';
import type { WindowFigures } from '../contract/responses.ts';

/** GET /api/windows/:n/state */
export interface WindowState {
  window: WindowStateView<TicketView> | null;
  /** In the order the window would call them. */
  waiting: TicketView[];
  suspended: TicketView[];
  figures: WindowFigures;
  rules: Pick<Rules, 'maxRecalls' | 'callNextWithCurrent'>;
  /** Server time when the state was read; the terminal times tickets on the server's clock. */
  at: string;
  seq: number;
}

export type { WindowFigures };

export interface HallQueueInfo {
  code: string;
  name: string;
  prefix: string;
  windows: number[];
}

/** GET /api/hall, the parts the terminal uses. */
export interface HallInfo {
  hall: { code: string; name: string; phone: string | null; hotline: string; timezone: string };
  queues: HallQueueInfo[];
  items: ServiceItem[];
}

/** GET /api/auth/me */
export type Me =
  | { kind: 'staff'; badge: string; name: string; role: string; window: number | null }
  | { kind: 'device' | 'anonymous' };

export type StaffMe = Extract<Me, { kind: 'staff' }>;
