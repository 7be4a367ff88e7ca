import type { PublicTicket, TicketView } from './ticket.ts';
import type { WindowStatus } from './domain.ts';

export interface QueueStatusView {
  code: string;
  name: string;
  prefix: string;
  waiting: number;
  longestWaitMinutes: number;
  estimatedWaitMinutes: number;
  issuedToday: number;
  open: boolean;
  active: boolean;
}

export interface WindowStateView<T = PublicTicket> {
  number: number;
  name: string;
  department: string | null;
  status: WindowStatus;
  pauseReason: string | null;
  staff: { badge: string; name: string; title: string | null } | null;
  current: T | null;
  queues: string[];
  honours: string[];
  comprehensive: boolean;
}

export interface RecentCall {
  seq: number;
  number: string;
  window: number;
  at: string;
  phrase: string;
  phraseEn: string;
  recall: boolean;
}

export interface NoticeView {
  code: string;
  text: string;
  targets: string[];
}

/** What every client receives on connect: the hall as it is at `seq`. */
export interface Snapshot<T = PublicTicket> {
  seq: number;
  day: string;
  at: string;
  hall: { code: string; name: string; hotline: string };
  queues: QueueStatusView[];
  windows: WindowStateView<T>[];
  recentCalls: RecentCall[];
  notices: NoticeView[];
}

export type FullSnapshot = Snapshot<TicketView>;
