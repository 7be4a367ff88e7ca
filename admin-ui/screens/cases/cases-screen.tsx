import { useState } from 'preact/hooks';
import { CaseList, CaseView, type CaseState } from '../../../contract/admin.ts';
import { api } from '../../../ui-kit/api.ts';
import { EntityForm } from '../../components/form.tsx';
import { Badge, ErrorLine, EmptyRow } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { useConsole } from '../../lib/context.ts';
import { useRefs } from '../../lib/refs.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useThrottled } from '../../lib/use-throttle.ts';

const STATE_TONE = { open: 'bad', contacted: 'warn', resolved: 'ok' } as const;

export function CaseStateBadge({ c }: { c: Pick<CaseView, 'state' | 'overdue'> }) {
  return (
    <>
      <Badge tone={STATE_TONE[c.state]}>{t(`caseState.${c.state}`)}</Badge>
      {c.overdue ? <Badge tone="bad">{t('cases.overdue')}</Badge> : null}
    </>
  );
}

function CaseDetail({ id, onChanged }: { id: number; onChanged(): void }) {
  const { live, me } = useConsole();
  const refs = useRefs(live.configChanges.value);
  const detail = useLoad(() => api(`/api/cases/${id}`, CaseView), [id]);
  const c = detail.data;
  const after = () => {
    detail.reload();
    onChanged();
  };
  const step = (path: string, title: string, label: string) => (
    <EntityForm
      key={`${path}-${c?.updatedAt ?? ''}`}
      id={`case-${path}`}
      title={title}
      fields={[{ name: 'note', label: t('cases.note'), kind: 'textarea', wide: true }]}
      initial={{ note: '' }}
      submitLabel={label}
      onSubmit={async (b) => {
        await api(`/api/cases/${id}/${path}`, CaseView, { method: 'POST', body: { note: b.note ?? '' } });
        after();
      }}
    />
  );
  const supervisors = refs.staff.filter((s) => !s.retired && s.role !== 'staff').map((s) => ({ value: s.badge, label: `${s.name}（${s.badge}）` }));
  return (
    <aside class="editor" aria-label={t('cases.detail')}>
      <ErrorLine error={detail.error} />
      {c ? (
        <>
          <h3 class="form-title">
            {t('cases.title', { id: c.id, number: c.number })} <CaseStateBadge c={c} />
          </h3>
          <dl class="facts">
            <dt>{t('cases.level')}</dt>
            <dd>{t(`level.${c.level}`)}</dd>
            <dt>{t('cases.reason')}</dt>
            <dd>{c.reason ?? '—'}</dd>
            <dt>{t('f.window')}</dt>
            <dd>{c.window ?? '—'}</dd>
            <dt>{t('sup.staff')}</dt>
            <dd>{c.staffBadge ?? '—'}</dd>
            <dt>{t('cases.due')}</dt>
            <dd class={c.overdue ? 'text-bad strong' : ''}>{formatDateTime(c.dueAt)}</dd>
            <dt>{t('cases.assignee')}</dt>
            <dd>{c.assignee ?? t('cases.unassigned')}</dd>
          </dl>
          {c.state !== 'resolved' ? (
            <EntityForm
              key={`assign-${c.updatedAt}`}
              id="case-assign"
              title={t('cases.assign')}
              fields={[
                { name: 'assignee', label: t('cases.assignee'), kind: 'select', options: supervisors },
                { name: 'note', label: t('cases.note'), kind: 'text', optional: true },
              ]}
              initial={{ assignee: c.assignee ?? me.badge }}
              submitLabel={t('cases.assign')}
              onSubmit={async (b) => {
                await api(`/api/cases/${id}/assign`, CaseView, { method: 'POST', body: b });
                after();
              }}
            />
          ) : null}
          {c.state === 'open' ? step('contact', t('cases.contact'), t('cases.contactDo')) : null}
          {c.state === 'contacted' ? step('resolve', t('cases.resolve'), t('cases.resolveDo')) : null}
          {step('notes', t('cases.addNote'), t('cases.addNoteDo'))}
          <h4>{t('cases.history')}</h4>
          <ol class="history">
            {(c.history ?? []).map((h, i) => (
              <li key={i}>
                <span class="mono">{formatDateTime(h.at)}</span> <b>{t(`caseAction.${h.action}`)}</b> <span class="muted">{h.actor}</span>
                {h.assignee ? <span> → {h.assignee}</span> : null}
                {h.note ? <p>{h.note}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </aside>
  );
}

/** 差评跟进: open → contacted → resolved, overdue cases first and marked. */
export function CasesScreen({ openId, onOpen }: { openId: number | null; onOpen(id: number | null): void }) {
  const { live } = useConsole();
  const changes = useThrottled(live.changes.value, 2000);
  const [state, setState] = useState<CaseState | ''>('');
  const [overdueOnly, setOverdueOnly] = useState(false);
  const query = `${state ? `state=${state}&` : ''}${overdueOnly ? 'overdue=true&' : ''}limit=200`;
  const list = useLoad(() => api(`/api/cases?${query}`, CaseList), [query, changes]);
  const cases = list.data?.cases ?? [];
  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{t('nav.cases')}</h2>
        <div class="toolbar">
          <label class="inline">
            {t('f.state')}
            <select name="state" value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value as CaseState | '')}>
              <option value="">{t('cases.allStates')}</option>
              {(['open', 'contacted', 'resolved'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`caseState.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label class="toggle">
            <input type="checkbox" checked={overdueOnly} onChange={(e) => setOverdueOnly((e.target as HTMLInputElement).checked)} />
            {t('cases.overdueOnly')}
          </label>
        </div>
      </header>
      <ErrorLine error={list.error} />
      <div class={`split${openId !== null ? ' split-open' : ''}`}>
        <div class="table-wrap">
          <table class="grid">
            <thead>
              <tr>
                <th class="num">{t('cases.id')}</th>
                <th>{t('ticket.number')}</th>
                <th>{t('cases.day')}</th>
                <th>{t('f.window')}</th>
                <th>{t('cases.level')}</th>
                <th>{t('cases.reason')}</th>
                <th>{t('f.state')}</th>
                <th>{t('cases.assignee')}</th>
                <th>{t('cases.due')}</th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c) => (
                <tr key={c.id} data-case={c.id} class={`clickable${c.overdue ? ' row-overdue' : ''}${openId === c.id ? ' row-selected' : ''}`} onClick={() => onOpen(c.id)}>
                  <td class="num">{c.id}</td>
                  <td class="mono strong">{c.number}</td>
                  <td>{c.day}</td>
                  <td class="num">{c.window ?? ''}</td>
                  <td>{t(`level.${c.level}`)}</td>
                  <td class="clip">{c.reason ?? ''}</td>
                  <td>
                    <CaseStateBadge c={c} />
                  </td>
                  <td>{c.assignee ?? <span class="muted">{t('cases.unassigned')}</span>}</td>
                  <td class={c.overdue ? 'text-bad strong' : ''}>{formatDateTime(c.dueAt)}</td>
                </tr>
              ))}
              <EmptyRow show={!list.loading && !cases.length} columns={9}>
                {t('cases.none')}
              </EmptyRow>
            </tbody>
          </table>
        </div>
        {openId !== null ? <CaseDetail key={openId} id={openId} onChanged={list.reload} /> : null}
      </div>
    </section>
  );
}
