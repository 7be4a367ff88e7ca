import { useState } from 'preact/hooks';
import { RankingsResponse, StatsResponse, type StatsGroupBy } from '../../../contract/admin.ts';
import { api } from '../../../ui-kit/api.ts';
import { CategoryChart } from '../../components/chart.tsx';
import { ErrorLine } from '../../components/status.tsx';
import { StatsTable } from '../../components/stats-table.tsx';
import { locale, t } from '../../i18n/index.ts';
import { useConsole } from '../../lib/context.ts';
import { STATS_GROUPS } from '../../lib/enums.ts';
import { addDays, hallDate } from '../../lib/time.ts';
import { useLoad } from '../../lib/use-load.ts';
import { Rankings } from './rankings.tsx';
import { EvaluationFiguresTable } from './evaluation-figures.tsx';

interface Range {
  from: string;
  to: string;
  groupBy: StatsGroupBy;
}

const GROUPS = STATS_GROUPS;
const q = (r: Range) => `from=${r.from}&to=${r.to}&groupBy=${r.groupBy}`;

/** 统计: figures over a date range, CSV export, charts, and the honours proposals. */
export function StatsScreen() {
  const { live } = useConsole();
  // The server's business day, not the desk PC's calendar.
  const today = live.stream.snapshot.value?.day ?? hallDate(new Date());
  const [draft, setDraft] = useState<Range>({ from: addDays(today, -6), to: today, groupBy: 'window' });
  const [range, setRange] = useState<Range>(draft);
  const stats = useLoad(() => api(`/api/stats?${q(range)}`, StatsResponse), [q(range)]);
  const hourly = useLoad(() => api(`/api/stats?${q({ ...range, groupBy: 'hour' })}`, StatsResponse), [range.from, range.to]);
  const rankings = useLoad(() => api(`/api/stats/rankings?from=${range.from}&to=${range.to}&minServed=1`, RankingsResponse), [range.from, range.to]);

  const hours = hourly.data?.rows ?? [];
  const buckets = stats.data?.waitDistribution ?? [];
  const windows = rankings.data?.windows ?? [];
  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{t('nav.stats')}</h2>
        <form
          class="toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            setRange(draft);
          }}
        >
          <label class="inline">
            {t('stats.from')}
            <input type="date" name="from" value={draft.from} onInput={(e) => setDraft({ ...draft, from: (e.target as HTMLInputElement).value })} />
          </label>
          <label class="inline">
            {t('stats.to')}
            <input type="date" name="to" value={draft.to} onInput={(e) => setDraft({ ...draft, to: (e.target as HTMLInputElement).value })} />
          </label>
          <label class="inline">
            {t('stats.groupBy')}
            <select name="groupBy" value={draft.groupBy} onChange={(e) => setDraft({ ...draft, groupBy: (e.target as HTMLSelectElement).value as StatsGroupBy })}>
              {GROUPS.map((g) => (
                <option key={g} value={g}>
                  {t(`groupBy.${g}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" class="btn btn-primary">
            {t('stats.query')}
          </button>
          <a class="btn" href={`/api/stats/export.csv?${q(range)}`} download>
            {t('stats.export')}
          </a>
        </form>
      </header>
      <ErrorLine error={stats.error ?? hourly.error ?? rankings.error} />
      <div class="panel">{stats.data ? <StatsTable data={stats.data} /> : <p class="muted">{t('common.loading')}</p>}</div>
      <div class="panel">
        <h3>{locale.value === 'en' ? 'Service ratings (好差评, GB/T 39734)' : '好差评指标（GB/T 39734）'}</h3>
        {stats.data ? <EvaluationFiguresTable data={stats.data} /> : null}
      </div>
      <div class="columns-3">
        <div class="panel">
          <CategoryChart
            title={t('chart.hourly')}
            categoryLabel={t('groupBy.hour')}
            categories={hours.map((h) => `${h.key ?? ''}时`)}
            leftUnit={t('chart.tickets')}
            series={[
              { label: t('stats.issued'), values: hours.map((h) => h.issued), color: '#2f6fde', kind: 'bars' },
              { label: t('stats.served'), values: hours.map((h) => h.served), color: '#16a34a', kind: 'line' },
            ]}
          />
        </div>
        <div class="panel">
          <CategoryChart
            title={t('chart.waitDistribution')}
            categoryLabel={t('chart.waitedMinutes')}
            categories={buckets.map((b) => (b.toMinutes === null ? `≥${b.fromMinutes}` : `${b.fromMinutes}`))}
            leftUnit={t('chart.tickets')}
            series={[{ label: t('chart.calledTickets'), values: buckets.map((b) => b.count), color: '#2f6fde', kind: 'bars' }]}
          />
        </div>
        <div class="panel">
          <CategoryChart
            title={t('chart.windows')}
            categoryLabel={t('groupBy.window')}
            categories={windows.map((w) => w.label)}
            leftUnit={t('chart.tickets')}
            rightUnit="%"
            series={[
              { label: t('stats.served'), values: windows.map((w) => w.served), color: '#2f6fde', kind: 'bars' },
              { label: t('stats.satisfaction'), values: windows.map((w) => (w.satisfactionRate === null ? null : Math.round(w.satisfactionRate * 1000) / 10)), color: '#d97706', kind: 'line', right: true },
            ]}
          />
        </div>
      </div>
      {rankings.data ? <Rankings data={rankings.data} /> : null}
    </section>
  );
}
