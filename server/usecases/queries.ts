import type { RankingsResponse, StatsGroupBy, StatsResponse } from '../../contract/admin.ts';
import type { HallEvent } from '../../contract/events.ts';
import type { WindowFigures } from '../../contract/responses.ts';
import { verifyAuditChain, type VerifyResult } from '../audit/audit-log.ts';
import type { Catalog } from '../queue/catalog.ts';
import type { TicketRow } from '../queue/ticket-rows.ts';
import type { Db } from '../store/db.ts';
import { liveNoticeRows, lookupTicketRows, recentCallEvents, type NoticeRow, type TicketLookup } from '../store/hall-reads.ts';
import { computeRankings, computeStats } from '../stats/range-stats.ts';
import { windowFigures } from '../stats/window-figures.ts';

/**
 * The read side the edges use, bound to the hall's database once by the composition root, so that no
 * route, socket handler or use case holds the database handle itself.
 */
export interface HallQueries {
  recentCallEvents(day: string, limit: number): HallEvent[];
  liveNotices(): NoticeRow[];
  lookupTickets(q: TicketLookup): TicketRow[];
  verifyAudit(): VerifyResult;
  windowFigures(window: number, day: string): WindowFigures;
  stats(q: { from: string; to: string; groupBy: StatsGroupBy }): StatsResponse;
  rankings(q: { from: string; to: string; count: number; minServed: number }): RankingsResponse;
}

export function hallQueries(db: Db, catalog: () => Catalog): HallQueries {
  return {
    recentCallEvents: (day, limit) => recentCallEvents(db, day, limit),
    liveNotices: () => liveNoticeRows(db),
    lookupTickets: (q) => lookupTicketRows<TicketRow>(db, q),
    verifyAudit: () => verifyAuditChain(db),
    windowFigures: (window, day) => windowFigures(db, window, day),
    stats: (q) => computeStats(db, catalog(), q),
    rankings: (q) => computeRankings(db, catalog(), q),
  };
}
