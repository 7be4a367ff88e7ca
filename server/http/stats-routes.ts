import { RankingsQuery, StatsGroupBy, StatsQuery, type StatsFigures, type StatsRow, RankingsResponse, StatsResponse } from '../../contract/admin.ts';
import { EVALUATION_LABELS, EvaluationLevel } from '../../contract/domain.ts';
import type { HallContext } from '../context.ts';
import { textCell, toCsv, type Cell } from '../stats/csv.ts';
import { round1 } from '../stats/percentile.ts';
import { type AddRoute, raw } from './route.ts';

const GROUP_LABELS: Record<StatsGroupBy, string> = { none: '合计', department: '部门', queue: '业务队列', window: '窗口', staff: '工作人员', hour: '取号时段', day: '日期' };

const rate = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 10);

/** Columns of the CSV export, in order (percentages as numbers 0–100 with one decimal). */
export const STATS_CSV_HEADER = [
  '分组',
  '取号数',
  '办理数',
  '过号数',
  '取消数',
  '平均等候(分钟)',
  '90%等候(分钟)',
  '平均办理(分钟)',
  '办结数',
  '现场办结率(%)',
  '评价数',
  ...EvaluationLevel.options.map((l) => EVALUATION_LABELS[l]),
  '满意率(%)',
  '差评数',
  // GB/T 39734 (contract/evaluation.ts EvaluationFigures).
  '主动评价率(%)',
  '好评率(%)',
  '差评率(%)',
  '差评按时回访率(%)',
  '整改率(%)',
];

function csvRow(label: string, f: StatsFigures): Cell[] {
  return [
    textCell(label),
    f.issued,
    f.served,
    f.noShow,
    f.cancelled,
    round1(f.averageWaitMinutes),
    round1(f.p90WaitMinutes),
    round1(f.averageServiceMinutes),
    f.doneOnSite,
    rate(f.onSiteRate),
    f.evaluated,
    ...EvaluationLevel.options.map((l) => f.evaluations[l]),
    rate(f.satisfactionRate),
    f.badCount,
    rate(f.evaluation?.activeRate ?? null),
    rate(f.evaluation?.goodRate ?? null),
    rate(f.evaluation?.badRate ?? null),
    rate(f.evaluation?.contactedOnTimeRate ?? null),
    rate(f.evaluation?.rectifiedRate ?? null),
  ];
}

/** Statistics over a date range, the CSV export, and the honours rankings (DESIGN.md §1 十二/十三). */
export function statsRoutes(add: AddRoute, ctx: HallContext): void {

  add({ method: 'get', path: '/api/stats', summary: 'Statistics over business days, grouped', tag: 'stats', response: StatsResponse, allow: ['supervisor'], query: StatsQuery }, ({ query }) =>
    ctx.queries.stats(query),
  );

  add(
    { method: 'get', path: '/api/stats/export.csv', summary: 'Statistics as CSV (UTF-8 with BOM, for Excel)', tag: 'stats', response: raw('text/csv'), allow: ['supervisor'], query: StatsQuery, audit: 'stats.export' },
    ({ query, res }) => {
      const stats = ctx.queries.stats(query);
      const header = [GROUP_LABELS[query.groupBy], ...STATS_CSV_HEADER.slice(1)];
      const rows = [...stats.rows.map((r: StatsRow) => csvRow(r.label, r)), ...(query.groupBy === 'none' ? [] : [csvRow('合计', stats.total)])];
      const name = `hallq-stats-${query.from}-${query.to}-${query.groupBy}.csv`;
      res.setHeader('content-type', 'text/csv; charset=utf-8');
      res.setHeader('content-disposition', `attachment; filename="${name}"`);
      res.send(toCsv(header, rows));
    },
  );

  add({ method: 'get', path: '/api/stats/rankings', summary: '流动红旗窗口 and 优质服务之星 proposals', tag: 'stats', response: RankingsResponse, allow: ['supervisor'], query: RankingsQuery }, ({ query }) =>
    ctx.queries.rankings(query),
  );
}
