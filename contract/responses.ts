import type { TicketState } from './domain.ts';

/** REST response shapes the UIs read, declared once for the server and the UIs. */

/** A ticket as printed or shown electronically (一次性告知 materials included). */
export interface TicketReceipt {
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

/** GET /api/tickets/:id/status: the phone page; no personal data. */
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

/** Today's figures for one window (window terminal footer). */
export interface WindowFigures {
  served: number;
  noShow: number;
  averageServiceMinutes: number | null;
  evaluated: number;
  satisfied: number;
  /** (非常满意 + 满意) ÷ evaluated, or null before the first evaluation. */
  satisfactionRate: number | null;
}
