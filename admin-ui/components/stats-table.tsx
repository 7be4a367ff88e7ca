import type { StatsFigures, StatsResponse } from '../../contract/admin.ts';
import { EmptyRow } from './status.tsx';
import { t } from '../i18n/index.ts';

const minutes = (v: number | null) => (v === null ? '—' : v.toFixed(1));
const percent = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

const COLUMNS: { key: string; label: () => string; cell(f: StatsFigures): string }[] = [
  { key: 'issued', label: () => t('stats.issued'), cell: (f) => String(f.issued) },
  { key: 'served', label: () => t('stats.served'), cell: (f) => String(f.served) },
  { key: 'noShow', label: () => t('stats.noShow'), cell: (f) => String(f.noShow) },
  { key: 'cancelled', label: () => t('stats.cancelled'), cell: (f) => String(f.cancelled) },
  { key: 'averageWait', label: () => t('stats.avgWait'), cell: (f) => minutes(f.averageWaitMinutes) },
  { key: 'p90Wait', label: () => t('stats.p90Wait'), cell: (f) => minutes(f.p90WaitMinutes) },
  { key: 'averageService', label: () => t('stats.avgService'), cell: (f) => minutes(f.averageServiceMinutes) },
  { key: 'doneOnSite', label: () => t('stats.doneOnSite'), cell: (f) => String(f.doneOnSite) },
  { key: 'onSiteRate', label: () => t('stats.onSiteRate'), cell: (f) => percent(f.onSiteRate) },
  { key: 'evaluated', label: () => t('stats.evaluated'), cell: (f) => String(f.evaluated) },
  { key: 'satisfaction', label: () => t('stats.satisfaction'), cell: (f) => percent(f.satisfactionRate) },
  { key: 'bad', label: () => t('stats.bad'), cell: (f) => String(f.badCount) },
];

/** The grouped figures with a total row; minutes to one decimal, rates as percentages, "—" for none. */
export function StatsTable({ data }: { data: StatsResponse }) {
  const grouped = data.groupBy !== 'none';
  return (
    <table class="grid stats-table" aria-label={t('stats.table')}>
      <thead>
        <tr>
          <th>{t(`groupBy.${data.groupBy}`)}</th>
          {COLUMNS.map((c) => (
            <th key={c.key} class="num" data-col={c.key}>
              {c.label()}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={r.key ?? 'all'} data-group={r.key ?? ''} class={r.badCount > 0 ? 'row-bad' : ''}>
            <td>{r.label}</td>
            {COLUMNS.map((c) => (
              <td key={c.key} class="num" data-col={c.key}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
        <EmptyRow show={!data.rows.length} columns={COLUMNS.length + 1}>
          {t('stats.noData')}
        </EmptyRow>
      </tbody>
      {grouped ? (
        <tfoot>
          <tr class="row-total">
            <th scope="row">{t('stats.total')}</th>
            {COLUMNS.map((c) => (
              <td key={c.key} class="num" data-col={c.key}>
                {c.cell(data.total)}
              </td>
            ))}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
