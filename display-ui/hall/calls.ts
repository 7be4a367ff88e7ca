import type { StreamEvent } from '../../contract/socket.ts';
import type { RecentCall } from '../../contract/snapshot.ts';
import type { Announcement } from '../voice/voice-queue.ts';

const CALL_TYPES = new Set(['ticket.called', 'ticket.recalled', 'ticket.resumed']);

/** The announcement a call event carries, or null for any other event. */
export function announcementOf(e: StreamEvent): Announcement | null {
  if (!CALL_TYPES.has(e.type) || !e.ticket || e.window === null) return null;
  return {
    seq: e.seq,
    number: e.ticket.number,
    window: e.window,
    phrase: String(e.data.phrase ?? ''),
    phraseEn: String(e.data.phraseEn ?? ''),
    recall: e.type === 'ticket.recalled',
    at: e.at,
  };
}

export function announcementFromRecent(c: RecentCall): Announcement {
  return { seq: c.seq, number: c.number, window: c.window, phrase: c.phrase, phraseEn: c.phraseEn, recall: c.recall, at: c.at };
}
