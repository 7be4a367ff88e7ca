import type { TicketView } from '../contract/ticket.ts';

export type ElapsedLevel = 'ok' | 'amber' | 'red';

/** Amber from this share of the item's service time, red once it is used up. */
export const AMBER_FROM = 0.8;

export interface Elapsed {
  seconds: number;
  level: ElapsedLevel;
  /** Whole minutes over the service time, 0 while within it. */
  overMinutes: number;
}

/** Time at the window: since the start of service, or since the call while the citizen walks up. */
export function elapsedFor(ticket: Pick<TicketView, 'calledAt' | 'startedAt'>, serverNowMs: number, serviceMinutes: number): Elapsed {
  const from = ticket.startedAt ?? ticket.calledAt;
  const seconds = from ? Math.max(0, Math.floor((serverNowMs - Date.parse(from)) / 1000)) : 0;
  const limit = serviceMinutes * 60;
  const level: ElapsedLevel = seconds >= limit ? 'red' : seconds >= limit * AMBER_FROM ? 'amber' : 'ok';
  return { seconds, level, overMinutes: seconds > limit ? Math.floor((seconds - limit) / 60) : 0 };
}

/** 65 → "01:05"; an hour or more → "1:02:05". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const mm = String(m).padStart(2, '0');
  const ss = String(sec).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

export function minutesSince(iso: string | null, serverNowMs: number): number {
  if (!iso) return 0;
  return Math.max(0, Math.floor((serverNowMs - Date.parse(iso)) / 60_000));
}

/** "10:05" in the hall's time zone, whatever the PC's zone is. */
export function clockTime(iso: string | number, timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('zh-CN', { timeZone, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}
