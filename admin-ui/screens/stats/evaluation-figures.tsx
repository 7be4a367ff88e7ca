import type { StatsFigures, StatsResponse } from '../../../contract/admin.ts';
import type { EvaluationFigures } from '../../../contract/evaluation.ts';
import { EmptyRow } from '../../components/status.tsx';
import { locale, t } from '../../i18n/index.ts';

const percent = (v: number | null | undefined) => (v === null || v === undefined ? '—' : `${(v * 100).toFixed(1)}%`);
const count = (v: number | undefined) => (v === undefined ? '—' : String(v));

interface Column {
  key: string;
  zh: string;
  en: string;
  cell(e: EvaluationFigures | undefined): string;
}

/** GB/T 39734 figures (definitions in contract/evaluation.ts), each rate with the counts it comes from. */
const COLUMNS: Column[] = [
  { key: 'finished', zh: '办结数', en: 'Finished', cell: (e) => count(e?.finished) },
  { key: 'rated', zh: '评价数', en: 'Rated', cell: (e) => count(e?.rated) },
  { key: 'activeRate', zh: '主动评价率', en: 'Rating rate', cell: (e) => percent(e?.activeRate) },
  { key: 'goodRate', zh: '好评率', en: 'Good', cell: (e) => percent(e?.goodRate) },
  { key: 'badRate', zh: '差评率', en: 'Bad', cell: (e) => percent(e?.badRate) },
  { key: 'badCases', zh: '差评工单', en: 'Complaints', cell: (e) => count(e?.badCases) },
  { key: 'contactedOnTimeRate', zh: '差评按时回访率', en: 'Called back on time', cell: (e) => percent(e?.contactedOnTimeRate) },
  { key: 'rectifiedRate', zh: '整改率', en: 'Rectified', cell: (e) => percent(e?.rectifiedRate) },
];
const label = (c: Column) => (locale.value === 'en' ? c.en : c.zh);

/** 好差评 by the same grouping as the figures above (hall, department, window or staff), with a total row. */
export function EvaluationFiguresTable({ data }: { data: StatsResponse }) {
  const row = (f: StatsFigures) => COLUMNS.map((c) => (
    <td key={c.key} class="num" data-col={c.key}>
      {c.cell(f.evaluation)}
    </td>
  ));
  return (
    <table class="grid eval-figures" aria-label={locale.value === 'en' ? 'Service ratings (GB/T 39734)' : '好差评指标（GB/T 39734）'} data-testid="evaluation-figures">
      <thead>
        <tr>
          <th>{t(`groupBy.${data.groupBy}`)}</th>
          {COLUMNS.map((c) => (
            <th key={c.key} class="num" data-col={c.key}>
              {label(c)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.rows.map((r) => (
          <tr key={r.key ?? 'all'} data-group={r.key ?? ''} class={(r.evaluation?.bad ?? 0) > 0 ? 'row-bad' : ''}>
            <td>{r.label}</td>
            {row(r)}
          </tr>
        ))}
        <EmptyRow show={!data.rows.length} columns={COLUMNS.length + 1}>
          {t('stats.noData')}
        </EmptyRow>
      </tbody>
      {data.groupBy !== 'none' ? (
        <tfoot>
          <tr class="row-total">
            <th scope="row">{t('stats.total')}</th>
            {row(data.total)}
          </tr>
        </tfoot>
      ) : null}
    </table>
  );
}
