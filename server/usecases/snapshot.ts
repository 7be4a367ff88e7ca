import type { HallEvent } from '../../contract/events.ts';
import type { NoticeView, RecentCall, Snapshot } from '../../contract/snapshot.ts';
import { toPublicTicket, type TicketView } from '../../contract/ticket.ts';
import type { Principal } from '../auth/principal.ts';
import { isSupervisor } from '../auth/principal.ts';
import type { HallContext } from '../context.ts';

const CALL_TYPES = ['ticket.called', 'ticket.recalled', 'ticket.resumed'];

export function recentCalls(ctx: HallContext, limit = 12): RecentCall[] {
  return ctx.queries.recentCallEvents(ctx.engine.core.today(), limit)
    .map(toRecentCall)
    .filter((c): c is RecentCall => c !== null);
}

export function toRecentCall(e: HallEvent): RecentCall | null {
  if (!CALL_TYPES.includes(e.type) || !e.ticket || e.window === null) return null;
  return {
    seq: e.seq,
    number: e.ticket.number,
    window: e.window,
    at: e.at,
    phrase: String(e.data.phrase ?? ''),
    phraseEn: String(e.data.phraseEn ?? ''),
    recall: e.type === 'ticket.recalled',
  };
}

export function activeNotices(ctx: HallContext): NoticeView[] {
  const now = ctx.clock.now().toISOString();
  return ctx.queries.liveNotices()
    .filter((n) => (!n.starts_at || n.starts_at <= now) && (!n.ends_at || n.ends_at > now))
    .map((n) => ({ code: n.code, text: n.text, targets: JSON.parse(n.targets) as string[] }));
}

/**
 * The hall as it is at `seq`. Built synchronously: the engine commits synchronously too, so no event
 * can slip between reading the state and reading the seq.
 */
export function buildSnapshot(ctx: HallContext, p: Principal): Snapshot<TicketView> | Snapshot {
  const { engine } = ctx;
  const full = isSupervisor(p);
  const hall = engine.catalog.hall;
  const windows = engine.views.windowStates().map((w) => ({
    ...w,
    current: w.current ? (full || (p.kind === 'staff' && p.window === w.number) ? w.current : toPublicTicket(w.current)) : null,
  }));
  return {
    seq: engine.core.log.lastSeq(),
    day: engine.core.today(),
    at: ctx.clock.now().toISOString(),
    hall: { code: hall.code, name: hall.name, hotline: hall.hotline },
    queues: engine.views.queueStatus(),
    windows,
    recentCalls: recentCalls(ctx),
    notices: activeNotices(ctx),
  };
}
