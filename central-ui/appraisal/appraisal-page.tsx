import { useEffect, useState } from 'preact/hooks';
import { PublicAppraisal } from '../../contract/central/stats.ts';
import { ApiFailure, api } from '../../ui-kit/api.ts';
import { minutes, percent } from '../lib/format.ts';

const KIND: Record<string, string> = { county_centre: '县级中心', township_centre: '乡镇（街道）中心', village_station: '村（社区）服务站' };

/** /public/appraisal/<region>/<YYYY-MM> */
export function placeOf(pathname: string): { region: string; month: string } | null {
  const m = /^\/public\/appraisal\/(\d{6}(?:\d{6})?)\/(\d{4}-\d{2})\/?$/.exec(pathname);
  return m ? { region: m[1]!, month: m[2]! } : null;
}

function shiftMonth(month: string, by: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + by, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

const monthLabel = (month: string) => `${month.slice(0, 4)} 年 ${Number(month.slice(5))} 月`;

/** 公布考核结果: a region's monthly appraisal for everyone, no sign-in, no personal data. */
export function AppraisalPage() {
  const place = placeOf(location.pathname);
  const [data, setData] = useState<PublicAppraisal | null>(null);
  const [error, setError] = useState<string | null>(place ? null : '网址不正确：应为 /public/appraisal/区划代码/年-月，例如 /public/appraisal/530830/2026-11。');
  useEffect(() => {
    if (!place) return;
    api(`/api/public/appraisal?region=${place.region}&month=${place.month}`, PublicAppraisal).then(
      (d) => {
        setData(d);
        document.title = `${d.region.name}${monthLabel(d.month)}政务服务考核结果`;
      },
      (e: Error) => setError(e instanceof ApiFailure && e.status === 404 ? '没有找到该区域或月份的考核结果。' : e.message),
    );
  }, []);
  const link = (by: number) => (place ? `/public/appraisal/${place.region}/${shiftMonth(place.month, by)}` : '#');
  return (
    <div class="public">
      <header class="public-head">
        <h1>{data ? `${data.region.name} ${monthLabel(data.month)} 政务服务考核结果` : '政务服务考核结果公布'}</h1>
        <p class="small muted">
          {data ? (data.final ? '本月考核已结束，结果为最终结果。' : '本月尚未结束，以下为截至目前的暂定结果。') : null} 依据各服务大厅上报数据自动汇总，不含个人信息。
        </p>
        {place ? (
          <p class="small">
            <a href={link(-1)}>‹ 上月</a>　<a href={link(1)}>下月 ›</a>
          </p>
        ) : null}
      </header>
      {error ? (
        <p class="error-line" role="alert">
          {error}
        </p>
      ) : null}
      {data ? (
        <>
          <section class="cards public-cards" aria-label="总体">
            <div class="card">
              <small>办件（取号）</small>
              <b>{data.total.tickets}</b>
            </div>
            <div class="card">
              <small>满意率</small>
              <b>{percent(data.total.satisfactionRate)}</b>
            </div>
            <div class="card">
              <small>现场办结率</small>
              <b>{percent(data.total.onSiteRate)}</b>
            </div>
            <div class="card">
              <small>平均等候(分)</small>
              <b>{minutes(data.total.averageWaitMinutes)}</b>
            </div>
          </section>
          <h2 class="public-h2">服务大厅排名</h2>
          <div class="table-wrap">
            <table class="grid" aria-label="服务大厅排名">
              <thead>
                <tr>
                  <th class="num">名次</th>
                  <th>服务大厅</th>
                  <th class="hide-narrow">层级</th>
                  <th class="num">满意率</th>
                  <th class="num">现场办结率</th>
                  <th class="num hide-narrow">平均等候(分)</th>
                  <th class="num hide-narrow">差评按时处理率</th>
                  <th class="num hide-narrow">办件</th>
                </tr>
              </thead>
              <tbody>
                {data.halls.map((h) => (
                  <tr key={h.hall} data-hall={h.hall}>
                    <td class="num">
                      <span class={`rank rank-${h.rank}`}>{h.rank}</span>
                    </td>
                    <td>{h.name}</td>
                    <td class="hide-narrow small">{KIND[h.kind] ?? h.kind}</td>
                    <td class="num">{percent(h.satisfactionRate)}</td>
                    <td class="num">{percent(h.onSiteRate)}</td>
                    <td class="num hide-narrow">{minutes(h.averageWaitMinutes)}</td>
                    <td class="num hide-narrow">{percent(h.badHandledOnTimeRate)}</td>
                    <td class="num hide-narrow">{h.tickets}</td>
                  </tr>
                ))}
                {data.halls.length ? null : (
                  <tr>
                    <td colSpan={8} class="empty">
                      本月暂无数据
                    </td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          <div class="public-cols">
            <section>
              <h2 class="public-h2">流动红旗窗口</h2>
              <ol class="honours" aria-label="流动红旗窗口">
                {data.redFlagWindows.map((w) => (
                  <li key={`${w.hallName}:${w.windowName}`}>
                    <span class={`rank rank-${w.rank}`}>{w.rank}</span> {w.hallName} · {w.windowName}
                    <span class="muted small"> 满意率 {percent(w.satisfactionRate)}</span>
                  </li>
                ))}
                {data.redFlagWindows.length ? null : <li class="muted">本月暂无</li>}
              </ol>
            </section>
            <section>
              <h2 class="public-h2">优质服务之星</h2>
              <ol class="honours" aria-label="优质服务之星">
                {data.serviceStars.map((s) => (
                  <li key={`${s.hallName}:${s.rank}`}>
                    <span class={`rank rank-${s.rank}`}>{s.rank}</span> {s.maskedName} · {s.hallName}
                    <span class="muted small"> 满意率 {percent(s.satisfactionRate)}</span>
                  </li>
                ))}
                {data.serviceStars.length ? null : <li class="muted">本月暂无</li>}
              </ol>
            </section>
          </div>
          <p class="small muted">
            评选规则：{data.rule}。生成时间：{new Date(data.generatedAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false })}
          </p>
        </>
      ) : null}
    </div>
  );
}
