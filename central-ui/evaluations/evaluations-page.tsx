import { useEffect, useState } from 'preact/hooks';
import { HallList, type CentralMe, type HallView } from '../../contract/central/api.ts';
import { EvaluationRecordsResponse, type CentralEvaluationRecord, type CentralPushState } from '../../contract/central/evaluations.ts';
import { EVALUATION_LABELS, EvaluationLevel } from '../../contract/domain.ts';
import { CHANNEL_LABELS, CASE_STATE_LABELS, type CaseState, type EvaluationChannel } from '../../contract/evaluation.ts';
import { PUSH_STATE_LABELS, type PushState } from '../../contract/push.ts';
import { api } from '../../ui-kit/api.ts';
import { Badge, ErrorLine } from '../components/badge.tsx';
import { TopBar } from '../components/top-bar.tsx';
import { RegionSelect, usePickableRegions } from '../components/region-select.tsx';
import { chinaDay, shortDateTime } from '../lib/format.ts';

interface Filter {
  region: string;
  hall: string;
  from: string;
  to: string;
  grade: string;
  push: string;
}

const PUSH_TONE = { pending: 'warn', sent: 'ok', rejected: 'bad' } as const;
const BAD = new Set(['dissatisfied', 'very_dissatisfied']);

function initialFilter(me: CentralMe): Filter {
  const q = new URLSearchParams(location.search);
  const today = chinaDay(new Date());
  return {
    region: q.get('region') ?? me.region?.code ?? '',
    hall: q.get('hall') ?? '',
    from: q.get('from') ?? `${today.slice(0, 8)}01`,
    to: q.get('to') ?? today,
    grade: q.get('grade') ?? '',
    push: q.get('push') ?? '',
  };
}

const query = (f: Filter) =>
  new URLSearchParams(Object.fromEntries(Object.entries({ ...f, limit: '500' }).filter(([k, v]) => v !== '' && !(k === 'region' && f.hall)))).toString();

function PushCell({ pushes }: { pushes: CentralPushState[] }) {
  if (!pushes.length) return <span class="muted small">未配置推送</span>;
  return (
    <span class="push-states" style={{ display: 'flex', flexDirection: 'column', gap: '2px' }}>
      {pushes.map((p) => (
        <span key={p.target} data-push={p.state} title={`${p.targetName}：${PUSH_STATE_LABELS[p.state]}，第 ${p.attempts} 次${p.reason ? `，${p.reason}` : ''}`}>
          <Badge tone={PUSH_TONE[p.state]}>
            {p.targetName} · {PUSH_STATE_LABELS[p.state]}
            {p.resend ? '（补报）' : ''}
          </Badge>
          {p.reason && p.state !== 'sent' ? <span class="small push-reason"> {p.reason}</span> : null}
        </span>
      ))}
    </span>
  );
}

function Row({ r }: { r: CentralEvaluationRecord }) {
  return (
    <tr data-record={r.recordId}>
      <td>{r.hallName}</td>
      <td class="mono">
        {r.day.slice(5)} {r.ticketNumber}
      </td>
      <td class="mono small">{r.caseNumber}</td>
      <td>
        <Badge tone={BAD.has(r.grade) ? 'bad' : r.grade === 'basic' ? 'muted' : 'ok'}>{EVALUATION_LABELS[r.grade]}</Badge>
        {r.times > 1 ? <span class="small muted"> 追评（首评{EVALUATION_LABELS[r.firstGrade]}）</span> : null}
      </td>
      <td>{CHANNEL_LABELS[r.channel as EvaluationChannel] ?? r.channel}</td>
      <td>{r.itemName ?? '—'}</td>
      <td>{r.windowNo !== null ? `${r.windowNo}号窗口` : '—'}</td>
      <td>{r.staffName ? `${r.staffName}（${r.staffBadge}）` : (r.staffBadge ?? '—')}</td>
      <td>{r.caseState ? CASE_STATE_LABELS[r.caseState as CaseState] ?? r.caseState : ''}</td>
      <td class="mono small">{shortDateTime(r.at)}</td>
      <td>
        <PushCell pushes={r.pushes} />
      </td>
    </tr>
  );
}

/** 好差评记录: every hall's evaluation records in the user's region, with their push state at each provincial target. */
export function EvaluationsPage({ me }: { me: CentralMe }) {
  const [halls, setHalls] = useState<HallView[]>([]);
  const [filter, setFilter] = useState<Filter>(() => initialFilter(me));
  const [applied, setApplied] = useState<Filter>(filter);
  const [data, setData] = useState<EvaluationRecordsResponse | null>(null);
  const [error, setError] = useState<string | null>(null);
  const regions = usePickableRegions(setError);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api(`/api/halls${filter.region ? `?region=${filter.region}` : ''}`, HallList).then(
      (r) => setHalls(r.halls),
      () => setHalls([]),
    );
  }, [filter.region]);
  useEffect(() => {
    setBusy(true);
    setError(null);
    history.replaceState(null, '', `?${query(applied)}`);
    api(`/api/evaluations?${query(applied)}`, EvaluationRecordsResponse).then(
      (d) => {
        setData(d);
        setBusy(false);
      },
      (e: Error) => {
        setError(e.message);
        setBusy(false);
      },
    );
  }, [applied]);

  const set = (patch: Partial<Filter>) => setFilter({ ...filter, ...patch });
  return (
    <div class="page">
      <TopBar me={me} page="evaluations" />
      <main class="main main-scroll">
        <div class="stats">
          <form
            class="panel toolbar"
            aria-label="筛选条件"
            onSubmit={(e) => {
              e.preventDefault();
              setApplied(filter);
            }}
          >
            <RegionSelect me={me} regions={regions} value={filter.region} onChange={(region) => set({ region, hall: '' })} />
            <label>
              大厅
              <select name="hall" value={filter.hall} onChange={(e) => set({ hall: (e.target as HTMLSelectElement).value })}>
                <option value="">区域内全部大厅</option>
                {halls.map((h) => (
                  <option key={h.code} value={h.code}>
                    {h.name}
                  </option>
                ))}
              </select>
            </label>
            <label>
              开始日期
              <input type="date" name="from" value={filter.from} onInput={(e) => set({ from: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              结束日期
              <input type="date" name="to" value={filter.to} onInput={(e) => set({ to: (e.target as HTMLInputElement).value })} />
            </label>
            <label>
              评价
              <select name="grade" value={filter.grade} onChange={(e) => set({ grade: (e.target as HTMLSelectElement).value })}>
                <option value="">全部</option>
                {EvaluationLevel.options.map((g) => (
                  <option key={g} value={g}>
                    {EVALUATION_LABELS[g]}
                  </option>
                ))}
              </select>
            </label>
            <label>
              推送状态
              <select name="push" value={filter.push} onChange={(e) => set({ push: (e.target as HTMLSelectElement).value })}>
                <option value="">全部</option>
                {(['pending', 'sent', 'rejected'] as PushState[]).map((s) => (
                  <option key={s} value={s}>
                    {PUSH_STATE_LABELS[s]}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" class="btn btn-primary" disabled={busy}>
              查询
            </button>
            {data ? (
              <span class="small muted" data-totals>
                {data.scope.halls} 个大厅 · {data.totals.records} 条记录 · 已推送 {data.totals.sent} · 待推送 {data.totals.pending} · 被拒收 {data.totals.rejected}
              </span>
            ) : null}
          </form>
          <ErrorLine error={error} />
          {data ? (
            <section class="panel" style={{ overflowX: 'auto' }}>
              <table class="grid" aria-label="好差评记录">
                <thead>
                  <tr>
                    <th>大厅</th>
                    <th>票号</th>
                    <th>办件编号</th>
                    <th>评价</th>
                    <th>渠道</th>
                    <th>事项</th>
                    <th>窗口</th>
                    <th>工作人员</th>
                    <th>差评处理</th>
                    <th>评价时间</th>
                    <th>推送状态</th>
                  </tr>
                </thead>
                <tbody>
                  {data.records.map((r) => (
                    <Row key={`${r.hall}|${r.recordId}`} r={r} />
                  ))}
                  {data.records.length ? null : (
                    <tr>
                      <td colSpan={11} class="muted">
                        所选范围内没有好差评记录。
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
              {data.records.length < data.totals.records ? <p class="small muted">仅显示最新的 {data.records.length} 条，请缩小日期范围或选择大厅。</p> : null}
            </section>
          ) : null}
        </div>
      </main>
    </div>
  );
}
