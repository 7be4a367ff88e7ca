import type { CentralRankingEntry, CentralRankingsResponse } from '../../contract/central/stats.ts';
import { Badge } from '../components/badge.tsx';
import { minutes, percent } from '../lib/format.ts';

function RankTable({ title, entries, label }: { title: string; entries: CentralRankingEntry[]; label: string }) {
  return (
    <section class="panel" aria-label={title}>
      <div class="panel-head">
        <h3>{title}</h3>
      </div>
      <table class="grid grid-compact">
        <thead>
          <tr>
            <th class="num">名次</th>
            <th>{label}</th>
            <th>大厅</th>
            <th class="num">办理</th>
            <th class="num">满意率</th>
            <th class="num">差评</th>
            <th class="num">现场办结率</th>
            <th class="num">平均办理(分)</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={`${e.hall}:${e.key}`} data-rank={e.rank}>
              <td class="num">
                <span class={`rank rank-${e.rank}`}>{e.rank}</span>
              </td>
              <td>
                {e.label}
                {e.eligible ? null : <Badge tone="muted">{e.reason ?? '不参评'}</Badge>}
              </td>
              <td>{e.hallName}</td>
              <td class="num">{e.served}</td>
              <td class="num">{percent(e.satisfactionRate)}</td>
              <td class="num">{e.badCount}</td>
              <td class="num">{percent(e.onSiteRate)}</td>
              <td class="num">{minutes(e.averageServiceMinutes)}</td>
            </tr>
          ))}
          {entries.length ? null : (
            <tr>
              <td colSpan={8} class="empty">
                没有符合条件的建议对象
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </section>
  );
}

/** 流动红旗窗口 and 优质服务之星 proposals across the region's halls, with the rule they follow. */
export function Rankings({ data }: { data: CentralRankingsResponse }) {
  return (
    <>
      <p class="small muted">评选规则：{data.rule}</p>
      <div class="stats-cols">
        <RankTable title="流动红旗窗口（建议）" entries={data.redFlagWindows} label="窗口" />
        <RankTable title="优质服务之星（建议）" entries={data.serviceStars} label="工作人员" />
      </div>
    </>
  );
}
