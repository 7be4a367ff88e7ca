import type { RankingEntry, RankingsResponse } from '../../../contract/admin.ts';
import { Badge } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function Proposals({ title, honour, list }: { title: string; honour: string; list: RankingEntry[] }) {
  return (
    <div class="honours">
      <h4>{title}</h4>
      {list.length ? (
        <ol>
          {list.map((e) => (
            <li key={e.key} data-honour={e.key}>
              <Badge tone="bad">{honour}</Badge> <b>{e.label}</b>
              <span class="muted"> {t('rank.summary', { served: e.served, satisfaction: pct(e.satisfactionRate), onSite: pct(e.onSiteRate) })}</span>
            </li>
          ))}
        </ol>
      ) : (
        <p class="muted">{t('rank.noneEligible')}</p>
      )}
    </div>
  );
}

function RankTable({ list, label }: { list: RankingEntry[]; label: string }) {
  return (
    <table class="grid grid-compact" aria-label={label}>
      <thead>
        <tr>
          <th class="num">{t('rank.rank')}</th>
          <th>{label}</th>
          <th class="num">{t('stats.served')}</th>
          <th class="num">{t('stats.evaluated')}</th>
          <th class="num">{t('stats.satisfaction')}</th>
          <th class="num">{t('stats.onSiteRate')}</th>
          <th class="num">{t('stats.bad')}</th>
          <th>{t('rank.eligible')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((e) => (
          <tr key={e.key} class={e.eligible ? '' : 'row-retired'}>
            <td class="num">{e.rank}</td>
            <td>{e.label}</td>
            <td class="num">{e.served}</td>
            <td class="num">{e.evaluated}</td>
            <td class="num">{pct(e.satisfactionRate)}</td>
            <td class="num">{pct(e.onSiteRate)}</td>
            <td class="num">{e.badCount}</td>
            <td>{e.eligible ? <Badge tone="ok">{t('rank.yes')}</Badge> : <span class="muted">{e.reason ?? ''}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** 流动红旗窗口 and 优质服务之星: proposals first, then every ranked window and staff member. */
export function Rankings({ data }: { data: RankingsResponse }) {
  return (
    <div class="panel">
      <div class="panel-head">
        <h3>{t('rank.title')}</h3>
        <small class="muted">{data.rule}</small>
      </div>
      <div class="columns-2">
        <div>
          <Proposals title={t('rank.redFlag')} honour={t('rank.redFlagBadge')} list={data.redFlagWindows} />
          <RankTable list={data.windows} label={t('f.window')} />
        </div>
        <div>
          <Proposals title={t('rank.star')} honour={t('rank.starBadge')} list={data.serviceStars} />
          <RankTable list={data.staff} label={t('sup.staff')} />
        </div>
      </div>
    </div>
  );
}
