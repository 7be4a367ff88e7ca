import { useState } from 'preact/hooks';
import { AuditList, AuditVerifyResult } from '../../../contract/responses.ts';
import { api } from '../../../ui-kit/api.ts';
import { ErrorLine, EmptyRow } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { formatDateTime, hallLocalToIso } from '../../lib/time.ts';
import { actionLabel, actorLabel, AUDIT_GROUPS, detailPairs, deviceLabel, knownActionLabel, placeLabel } from '../../lib/audit-labels.ts';
import { useConsole } from '../../lib/context.ts';
import { useRefs, type Refs } from '../../lib/refs.ts';
import { useLoad } from '../../lib/use-load.ts';

const ROLES: Record<string, string> = { printer: '打印机', idcard: '身份证读卡器', 'led-window': '窗口LED屏', 'led-strip': 'LED条屏', scanner: '扫码器', staff: '窗口人员', supervisor: '督查', admin: '管理员', kiosk: '自助机', display: '显示屏', agent: '设备代理', caller: '呼叫器', evaluator: '评价器', system: '系统', public: '公众', unknown: '未知' };

/** Targets are codes, numbers or badges; a badge of a password reset or a login is shown with its name. */
function targetLabel(action: string, target: string | null, refs: Refs): string {
  if (!target) return '';
  if (action.startsWith('admin.staff.') || action === 'setup.first_admin') return actorLabel(`staff:${target}`, refs);
  if (action.startsWith('admin.devices.') || action.startsWith('device.') || action.startsWith('agent.')) return deviceLabel(target.replace(/^[^/]+\//, ''), refs);
  if (action === 'window.close') return `${target}号窗口`;
  if (action.startsWith('case.')) return `督办件 #${target}`;
  return target;
}

interface Filter {
  actor: string;
  action: string;
  from: string;
  to: string;
}

const EMPTY: Filter = { actor: '', action: '', from: '', to: '' };

function query(f: Filter): string {
  const p = new URLSearchParams({ limit: '500' });
  if (f.actor.trim()) p.set('actor', f.actor.trim().includes(':') ? f.actor.trim() : `staff:${f.actor.trim()}`);
  if (f.action.trim()) p.set('action', f.action.trim());
  if (f.from) p.set('from', hallLocalToIso(f.from));
  if (f.to) p.set('to', hallLocalToIso(f.to));
  return p.toString();
}

/** 审计: the append-only log filtered by actor, action and time, and a check of its hash chain. */
export function AuditScreen() {
  const [draft, setDraft] = useState<Filter>(EMPTY);
  const [filter, setFilter] = useState<Filter>(EMPTY);
  const rows = useLoad(() => api(`/api/audit?${query(filter)}`, AuditList), [query(filter)]);
  const refs = useRefs(useConsole().live.configChanges.value);
  const [verify, setVerify] = useState<AuditVerifyResult | null>(null);
  const [verifyError, setVerifyError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const field = (k: keyof Filter) => (e: Event) => setDraft({ ...draft, [k]: (e.target as HTMLInputElement).value });

  const runVerify = async () => {
    setBusy(true);
    setVerifyError(null);
    try {
      setVerify(await api('/api/audit/verify', AuditVerifyResult, { method: 'POST', body: {} }));
    } catch (e) {
      setVerifyError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{t('nav.audit')}</h2>
        <div class="toolbar">
          <button type="button" class="btn btn-primary" onClick={runVerify} disabled={busy}>
            {t('audit.verify')}
          </button>
        </div>
      </header>
      {verify ? (
        verify.ok ? (
          <div class="notice-ok" role="status" data-verify="ok">
            {t('audit.verifyOk', { n: verify.rows })}
          </div>
        ) : (
          <div class="notice-bad" role="alert" data-verify="broken">
            {t('audit.verifyBroken', { id: verify.brokenAt })} <span class="mono">{verify.problem}</span>
          </div>
        )
      ) : null}
      <ErrorLine error={verifyError ?? rows.error} />
      <form
        class="filters"
        onSubmit={(e) => {
          e.preventDefault();
          setFilter(draft);
        }}
      >
        <label class="inline">
          {t('audit.actor')}
          <input name="actor" value={draft.actor} placeholder="A001" list="audit-actors" onInput={field('actor')} />
          {/* Pick a person by name; the filter sends the badge. */}
          <datalist id="audit-actors">
            {refs.staff.map((p) => (
              <option key={p.badge} value={p.badge}>
                {p.name}
              </option>
            ))}
          </datalist>
        </label>
        <label class="inline">
          {t('audit.action')}
          <select name="action" value={draft.action} onChange={field('action')}>
            <option value="">{t('audit.allActions')}</option>
            {AUDIT_GROUPS.map((g) => (
              <option key={g.prefix} value={g.prefix}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <label class="inline">
          {t('audit.from')}
          <input name="from" type="datetime-local" value={draft.from} onInput={field('from')} />
        </label>
        <label class="inline">
          {t('audit.to')}
          <input name="to" type="datetime-local" value={draft.to} onInput={field('to')} />
        </label>
        <button type="submit" class="btn">
          {t('audit.filter')}
        </button>
        <button
          type="button"
          class="btn btn-quiet"
          onClick={() => {
            setDraft(EMPTY);
            setFilter(EMPTY);
          }}
        >
          {t('audit.clear')}
        </button>
      </form>
      <div class="panel">
        <table class="grid grid-compact audit-table">
          <thead>
            <tr>
              <th class="num">#</th>
              <th>{t('audit.at')}</th>
              <th>{t('audit.actor')}</th>
              <th>{t('audit.role')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.target')}</th>
              <th>{t('audit.place')}</th>
              <th>{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {(rows.data?.entries ?? []).map((r) => (
              <tr key={r.id} data-audit={r.id} class={verify && !verify.ok && verify.brokenAt === r.id ? 'row-bad' : ''}>
                <td class="num">{r.id}</td>
                <td class="mono">{formatDateTime(r.at)}</td>
                <td data-actor={r.actor}>{actorLabel(r.actor, refs)}</td>
                <td>{ROLES[r.role] ?? r.role}</td>
                <td data-action={r.action} title={r.action} class={knownActionLabel(r.action) ? '' : 'mono'}>
                  {actionLabel(r.action)}
                </td>
                <td>{targetLabel(r.action, r.target, refs)}</td>
                <td>{placeLabel(r.place, refs)}</td>
                <td class="audit-detail">
                  {detailPairs(r.detail, refs).map((p, i) => (
                    <span class="detail-pair" key={i}>
                      {p.key ? <b>{p.key}：</b> : null}
                      {p.value}
                    </span>
                  ))}
                </td>
              </tr>
            ))}
            <EmptyRow show={rows.data && !rows.data.entries.length} columns={8}>
              {t('audit.none')}
            </EmptyRow>
          </tbody>
        </table>
      </div>
    </section>
  );
}
