import { stringify } from 'csv-stringify/sync';
import type { CentralStatsResponse } from '../../contract/central/stats.ts';

/**
 * Statistics as CSV for Excel: UTF-8 with a byte-order mark, CRLF, RFC 4180 quoting (csv-stringify).
 * Labels that a spreadsheet would run as a formula (= + - @ first) get an apostrophe.
 */
const safeText = (v: string): string => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v);
const pct = (v: number | null): string => (v === null ? '' : (v * 100).toFixed(1));

export function statsCsv(s: CentralStatsResponse): string {
  const header = [
    '分组', '营业厅', '取号数', '办结数', '过号数', '取消数', '平均等候(分钟)', 'P90等候(分钟)', '平均办理(分钟)',
    '现场办结数', '现场办结率(%)', '评价数', '满意数', '满意率(%)', '差评数', '差评工单', '按时回访', '差评按时处理率(%)', '开窗(分钟)', '空闲(分钟)',
  ];
  const rows = [...s.rows.map((r) => ({ label: r.label, hall: r.hall ?? '', f: r })), { label: '合计', hall: '', f: s.total }].map(({ label, hall, f }) => [
    safeText(label),
    hall,
    f.tickets,
    f.served,
    f.noShow,
    f.cancelled,
    f.averageWaitMinutes ?? '',
    f.p90WaitMinutes ?? '',
    f.averageServiceMinutes ?? '',
    f.doneOnSite,
    pct(f.onSiteRate),
    f.evaluated,
    f.satisfied,
    pct(f.satisfactionRate),
    f.badCount,
    f.badCases,
    f.badHandledOnTime,
    pct(f.badHandledOnTimeRate),
    f.openMinutes ?? '',
    f.idleMinutes ?? '',
  ]);
  return stringify([header, ...rows], { bom: true, record_delimiter: 'windows' });
}
