import { useEffect, useState } from 'preact/hooks';
import type { CentralMe } from '../../contract/central/api.ts';
import { CentralRankingsResponse, CentralStatsResponse, type CentralStatsGroupBy } from '../../contract/central/stats.ts';
import { api } from '../../ui-kit/api.ts';
import { ErrorLine } from '../components/badge.tsx';
import { CategoryChart } from '../components/chart.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { RegionSelect, usePickableRegions } from '../components/region-select.tsx';
import { chinaDay } from '../lib/format.ts';
import { FiguresTable, GROUP_LABELS } from './figures-table.tsx';
import { Rankings } from './rankings.tsx';

const GROUPS: CentralStatsGroupBy[] = ['region', 'hall', 'department', 'item', 'window', 'staff', 'day'];

interface Filter {
  region: string;
  from: string;
  to: string;
  groupBy: CentralStatsGroupBy;
}

function initialFilter(me: CentralMe): Filter {
  const q = new URLSearchParams(location.search);
  const today = new Date();
  const monthStart = `${chinaDay(today).slice(0, 8)}01`;
  const group = q.get('groupBy') as CentralStatsGroupBy | null;
  return {
    region: q.get('region') ?? me.region?.code ?? '',
    from: q.get('from') ?? monthStart,
    to: q.get('to') ?? chinaDay(today),
    groupBy: group && GROUPS.includes(group) ? group : 'hall',
  };
}

const query = (f: Filter, extra: Record<string, string> = {}) => new URLSearchParams({ ...(f.region ? { region: f.region } : {}), from: f.from, to: f.to, ...extra }).toString();

/** Figures over a date range by region, hall, department, item, window or staff; CSV; rankings. */
export function StatsPage({ me }: { me: CentralMe }) {
  const [filter, setFilter] = useState<Filter>(() => initialFilter(me));
  const [applied, setApplied] = useState<Filter>(filter);
  const [stats, setStats] = useState<CentralStatsResponse | null>(null);
  const [rankings, setRankings] = useState<CentralRankingsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const regions = usePickableRegions(setError);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setBusy(true);
    setError(null);
    history.replaceState(null, '', `?${query(applied, { groupBy: applied.groupBy })}`);
    Promise.all([api(`/api/stats?${query(applied, { groupBy: applied.groupBy })}`, CentralStatsResponse), api(`/api/rankings?${query(applied)}`, CentralRankingsResponse)]).then(
      ([s, r]) => {
        setStats(s);
        setRankings(r);
        setBusy(false);
      },
      (e: Error) => {
        setError(e.message);
        setBusy(false);
      },
    );
  }, [applied]);

  const set = (patch: Partial<Filter>) => setFilter({ ...filter, ...patch });
  const rows = stats?.rows.slice(0, 40) ?? [];
  return (
    <div class="page">
      <TopBar me={me} page="stats" />
      <main class="main main-scroll">
        <div class="stats">
          <form
            class="panel toolbar"
            aria-label="统计条件"
            onSubmit={(e) => {
              e.preventDefault();
              setApplied(filter);
            }}
          >
            <RegionSelect me={me} regions={regions} value={filter.region} onChange={(region) => set({ region })} />
            <label>
              开始日期
              <input type="date" name="from" value={filter.from} onInput={(e) => set({ from: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              结束日期
              <input type="date" name="to" value={filter.to} onInput={(e) => set({ to: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              统计维度
              <select name="groupBy" value={filter.groupBy} onChange={(e) => set({ groupBy: (e.target as HTMLSelectElement).value as CentralStatsGroupBy })}>
                {GROUPS.map((g) => (
                  <option key={g} value={g}>
                    按{GROUP_LABELS[g]}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="btn btn-primary" disabled={busy}>
              查询
            </button>
            <a class="btn" href={`/api/stats.csv?${query(applied, { groupBy: applied.groupBy })}`} download>
              下载 CSV
            </a>
            {stats ? (
              <span class="small muted">
                {stats.from} 至 {stats.to} · {stats.scope.halls} 个大厅
              </span>
            ) : null}
          </form>
          <ErrorLine error={error} />
          {stats ? (
            <>
              {rows.length > 1 ? (
                <section class="panel">
                  <CategoryChart
                    title={`取号量与平均等候（按${GROUP_LABELS[stats.groupBy]}${stats.rows.length > rows.length ? `，前 ${rows.length} 项` : ''}）`}
                    categories={rows.map((r) => r.label)}
                    series={[
                      { label: '取号', values: rows.map((r) => r.tickets), color: '#1d4ed8', kind: 'bars' },
                      { label: '平均等候(分)', values: rows.map((r) => r.averageWaitMinutes), color: '#c81e1e', kind: 'line', right: true },
                    ]}
                    leftUnit="张"
                    rightUnit="分钟"
                  />
                </section>
              ) : null}
              <section class="panel" style={{ overflowX: 'auto' }}>
                <FiguresTable data={stats} />
              </section>
            </>
          ) : null}
          {rankings ? <Rankings data={rankings} /> : null}
        </div>
      </main>
    </div>
  );
}
