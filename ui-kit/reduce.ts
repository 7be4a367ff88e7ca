import type { StreamEvent } from '../contract/socket.ts';
import type { RecentCall, Snapshot, WindowStateView } from '../contract/snapshot.ts';
import type { PublicTicket } from '../contract/ticket.ts';

const LIVE_AT_WINDOW = new Set(['called', 'serving']);
const MAX_RECENT = 12;

/**
 * Applies one event to a snapshot and returns the new snapshot (the old one is left as it was), so
 * screens stay exact between snapshots without refetching. Pure: unit-tested without a browser.
 */
export function applyEvent<T extends PublicTicket>(s: Snapshot<T>, e: StreamEvent): Snapshot<T> {
  if (e.seq <= s.seq) return s;
  let { queues, windows, recentCalls } = s;

  if (e.waiting) {
    const waiting = e.waiting;
    queues = queues.map((q) => (q.code in waiting ? { ...q, waiting: waiting[q.code]!, issuedToday: e.type === 'ticket.issued' && e.ticket?.queue === q.code ? q.issuedToday + 1 : q.issuedToday } : q));
  }

  const patchWindow = (n: number | null, patch: (w: WindowStateView<T>) => WindowStateView<T>) => {
    if (n === null) return;
    windows = windows.map((w) => (w.number === n ? patch(w) : w));
  };

  const ticket = e.ticket as T | null;
  if (ticket) {
    if (LIVE_AT_WINDOW.has(ticket.state) && ticket.window !== null) {
      patchWindow(ticket.window, (w) => ({ ...w, current: ticket }));
    } else {
      // Finished, no-show, suspended, transferred or cancelled: it leaves whichever window showed it.
      windows = windows.map((w) => (w.current?.id === ticket.id ? { ...w, current: null } : w));
    }
  }

  switch (e.type) {
    case 'ticket.called':
    case 'ticket.recalled':
    case 'ticket.resumed':
      if (ticket && e.window !== null) {
        const call: RecentCall = {
          seq: e.seq,
          number: ticket.number,
          window: e.window,
          at: e.at,
          phrase: String(e.data.phrase ?? ''),
          phraseEn: String(e.data.phraseEn ?? ''),
          recall: e.type === 'ticket.recalled',
        };
        recentCalls = [call, ...recentCalls].slice(0, MAX_RECENT);
      }
      break;
    case 'window.opened':
      patchWindow(e.window, (w) => ({ ...w, status: 'open', pauseReason: null }));
      break;
    case 'window.paused':
      patchWindow(e.window, (w) => ({ ...w, status: 'paused', pauseReason: typeof e.data.reason === 'string' ? e.data.reason : null }));
      break;
    case 'window.closed':
      patchWindow(e.window, (w) => ({ ...w, status: 'closed', pauseReason: null, staff: null }));
      break;
    case 'staff.signed_in':
      patchWindow(e.window, (w) => ({
        ...w,
        staff: { badge: String(e.data.badge), name: typeof e.data.name === 'string' ? e.data.name : '', title: typeof e.data.title === 'string' ? e.data.title : null },
      }));
      break;
    case 'staff.signed_out':
      patchWindow(e.window, (w) => ({ ...w, staff: null }));
      break;
    case 'day.rolled_over':
      return { ...s, seq: e.seq, day: e.day, queues: queues.map((q) => ({ ...q, waiting: 0, issuedToday: 0, longestWaitMinutes: 0 })), windows, recentCalls: [] };
    default:
      break;
  }
  return { ...s, seq: e.seq, at: e.at, queues, windows, recentCalls };
}
