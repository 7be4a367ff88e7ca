import { z } from 'zod';
import { HallCode, HallKind, RegionCode, RegionLevel } from './api.ts';

/**
 * Statistics and appraisal across halls (central/stats/), GB/T 32169.4 indicators:
 *   wait = called − issued over called tickets; P90 = nearest rank over waits in whole minutes;
 *   现场办结率 (onSiteRate) = 办结 ÷ finished; satisfactionRate = (非常满意 + 满意) ÷ evaluated;
 *   差评 handled on time = cases contacted (or resolved) by their due time ÷ 差评 cases;
 *   idle = window open time − time spent on finished tickets (called → finished), never below 0.
 * Minutes are rounded to 2 decimals, rates to 4.
 */

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'no such date');
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a month YYYY-MM');

export const CentralStatsGroupBy = z.enum(['none', 'region', 'hall', 'department', 'queue', 'item', 'window', 'staff', 'day']);
export type CentralStatsGroupBy = z.infer<typeof CentralStatsGroupBy>;

const range = <T extends { from: string; to: string }>(q: T) => q.from <= q.to && Date.parse(q.to) - Date.parse(q.from) <= 366 * 86_400_000;
const rangeMessage = { message: 'from must not be after to, and the range at most 366 days', path: ['to'] };

export const CentralStatsQuery = z
  .strictObject({
    /** A region of the user's subtree (default: the user's own region; every hall for an admin). */
    region: RegionCode.optional(),
    /** One hall instead of a region. */
    hall: HallCode.optional(),
    from: Day,
    to: Day,
    groupBy: CentralStatsGroupBy.default('hall'),
  })
  .refine(range, rangeMessage)
  .refine((q) => !(q.region && q.hall), { message: 'give a region or a hall, not both', path: ['hall'] });
export type CentralStatsQuery = z.infer<typeof CentralStatsQuery>;

export const CentralFigures = z.object({
  tickets: z.number().int(),
  served: z.number().int(),
  noShow: z.number().int(),
  cancelled: z.number().int(),
  waited: z.number().int(),
  averageWaitMinutes: z.number().nullable(),
  p90WaitMinutes: z.number().nullable(),
  averageServiceMinutes: z.number().nullable(),
  doneOnSite: z.number().int(),
  onSiteRate: z.number().nullable(),
  evaluated: z.number().int(),
  satisfied: z.number().int(),
  satisfactionRate: z.number().nullable(),
  badCount: z.number().int(),
  badCases: z.number().int(),
  badHandledOnTime: z.number().int(),
  badHandledOnTimeRate: z.number().nullable(),
  /** Window open and idle time; null where it has no meaning (by department, queue or item). */
  openMinutes: z.number().nullable(),
  idleMinutes: z.number().nullable(),
});
export type CentralFigures = z.infer<typeof CentralFigures>;

export const CentralStatsRow = CentralFigures.extend({
  /** The group: a region code, hall code, department/queue/item code, "hall:window", "hall:badge" or a day; null = not attributed. */
  key: z.string().nullable(),
  label: z.string(),
  /** The hall of a window or staff row. */
  hall: z.string().nullable(),
});
export type CentralStatsRow = z.infer<typeof CentralStatsRow>;

export const CentralStatsResponse = z.object({
  scope: z.object({ region: z.string().nullable(), hall: z.string().nullable(), halls: z.number().int() }),
  from: z.string(),
  to: z.string(),
  groupBy: CentralStatsGroupBy,
  rows: z.array(CentralStatsRow),
  total: CentralFigures,
});
export type CentralStatsResponse = z.infer<typeof CentralStatsResponse>;

export const CentralRankingsQuery = z
  .strictObject({
    region: RegionCode.optional(),
    from: Day,
    to: Day,
    count: z.coerce.number().int().min(1).max(50).default(3),
    minServed: z.coerce.number().int().min(0).max(10_000).default(20),
  })
  .refine(range, rangeMessage);
export type CentralRankingsQuery = z.infer<typeof CentralRankingsQuery>;

export const CentralRankingEntry = z.object({
  rank: z.number().int(),
  hall: z.string(),
  hallName: z.string(),
  key: z.string(),
  label: z.string(),
  served: z.number().int(),
  evaluated: z.number().int(),
  satisfactionRate: z.number().nullable(),
  badCount: z.number().int(),
  onSiteRate: z.number().nullable(),
  averageServiceMinutes: z.number().nullable(),
  eligible: z.boolean(),
  reason: z.string().optional(),
});
export type CentralRankingEntry = z.infer<typeof CentralRankingEntry>;

export const CentralRankingsResponse = z.object({
  region: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  rule: z.string(),
  /** 流动红旗窗口 proposals across the region's halls, then every ranked window. */
  redFlagWindows: z.array(CentralRankingEntry),
  windows: z.array(CentralRankingEntry),
  /** 优质服务之星 proposals, then every ranked staff member. */
  serviceStars: z.array(CentralRankingEntry),
  staff: z.array(CentralRankingEntry),
});
export type CentralRankingsResponse = z.infer<typeof CentralRankingsResponse>;

/** GET /api/public/appraisal?region=&month=: 公布考核结果, no personal data. */
export const PublicAppraisalQuery = z.strictObject({ region: RegionCode, month: Month });

export const PublicHallResult = z.object({
  rank: z.number().int(),
  hall: z.string(),
  name: z.string(),
  kind: HallKind,
  tickets: z.number().int(),
  averageWaitMinutes: z.number().nullable(),
  p90WaitMinutes: z.number().nullable(),
  onSiteRate: z.number().nullable(),
  satisfactionRate: z.number().nullable(),
  evaluated: z.number().int(),
  badHandledOnTimeRate: z.number().nullable(),
});

export const PublicAppraisal = z.object({
  region: z.object({ code: z.string(), name: z.string(), level: RegionLevel }),
  month: z.string(),
  /** False while the month is still running (figures may change). */
  final: z.boolean(),
  generatedAt: z.string(),
  rule: z.string(),
  total: z.object({ tickets: z.number().int(), satisfactionRate: z.number().nullable(), onSiteRate: z.number().nullable(), averageWaitMinutes: z.number().nullable() }),
  halls: z.array(PublicHallResult),
  /** 流动红旗窗口: hall and window names only. */
  redFlagWindows: z.array(z.object({ rank: z.number().int(), hallName: z.string(), windowName: z.string(), satisfactionRate: z.number().nullable() })),
  /** 优质服务之星: the staff member's name masked to the surname (e.g. 李＊＊), hall name; no badge. */
  serviceStars: z.array(z.object({ rank: z.number().int(), hallName: z.string(), maskedName: z.string(), satisfactionRate: z.number().nullable() })),
});
export type PublicAppraisal = z.infer<typeof PublicAppraisal>;

/** What regionMonthStats returns (central/stats/region-month.ts), for the benchmark and tests. */
export interface RegionMonthStats {
  region: string;
  month: string;
  total: CentralFigures;
  halls: { hall: string; figures: CentralFigures }[];
}

export { Day as StatsDay };
