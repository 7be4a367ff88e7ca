import type { CentralFigures, CentralStatsResponse } from '../../contract/central/stats.ts';
import { minutes, percent } from '../lib/format.ts';

export const GROUP_LABELS: Record<CentralStatsResponse['groupBy'], string> = {
  none: '合计',
  region: '区域',
  hall: '大厅',
  department: '部门',
  queue: '队列',
  item: '事项',
  window: '窗口',
  staff: '工作人员',
  day: '日期',
};

const COLUMNS: { key: string; label: string; cell(f: CentralFigures): string }[] = [
  { key: 'tickets', label: '取号', cell: (f) => String(f.tickets) },
  { key: 'served', label: '办理', cell: (f) => String(f.served) },
  { key: 'noShow', label: '过号', cell: (f) => String(f.noShow) },
  { key: 'averageWait', label: '平均等候(分)', cell: (f) => minutes(f.averageWaitMinutes) },
  { key: 'p90Wait', label: 'P90等候(分)', cell: (f) => minutes(f.p90WaitMinutes) },
  { key: 'averageService', label: '平均办理(分)', cell: (f) => minutes(f.averageServiceMinutes) },
  { key: 'onSiteRate', label: '现场办结率', cell: (f) => percent(f.onSiteRate) },
  { key: 'evaluated', label: '评价数', cell: (f) => String(f.evaluated) },
  { key: 'satisfaction', label: '满意率', cell: (f) => percent(f.satisfactionRate) },
  { key: 'bad', label: '差评', cell: (f) => String(f.badCount) },
  { key: 'badOnTime', label: '差评按时处理率', cell: (f) => percent(f.badHandledOnTimeRate) },
  { key: 'idle', label: '空闲(分)', cell: (f) => (f.idleMinutes === null ? '—' : f.idleMinutes.toFixed(0)) },
];

/** The grouped figures with a total row: minutes to one decimal, rates as percentages, "—" for none. */
export function FiguresTable({ data }: { data: CentralStatsResponse }) {
  return (
    <table class="grid grid-compact" aria-label="统计结果">
      <thead>
        <tr>
          <th>{GROUP_LABELS[data.groupBy]}</th>
          {COLUMNS.map((c) => (
            <th key={c.key} class="num" data-col={c.key}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={`${r.hall ?? ''}:${r.key ?? 'none'}`} data-group={r.key ?? ''}>
            <td>{r.label}</td>
            {COLUMNS.map((c) => (
              <td key={c.key} class="num" data-col={c.key}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
        {data.rows.length ? null : (
          <tr>
            <td colSpan={COLUMNS.length + 1} class="empty">
              所选范围内没有数据
            </td>
          </tr>
        )}
      </tbody>
      <tfoot>
        <tr class="row-total">
          <th scope="row">合计</th>
          {COLUMNS.map((c) => (
            <td key={c.key} class="num" data-col={c.key}>
              {c.cell(data.total)}
            </td>
          ))}
        </tr>
      </tfoot>
    </table>
  );
}
