import { useState } from 'preact/hooks';
import { CaseList, CaseView, type CaseState } from '../../../contract/admin.ts';
import { EvaluationLevel } from '../../../contract/domain.ts';
import { CaseContactNumber, CaseState as CaseStates } from '../../../contract/evaluation.ts';
import { api } from '../../../ui-kit/api.ts';
import { EntityForm } from '../../components/form.tsx';
import { Badge, ErrorLine, EmptyRow } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { useConsole } from '../../lib/context.ts';
import { useRefs } from '../../lib/refs.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useLoad } from '../../lib/use-load.ts';
import { useThrottled } from '../../lib/use-throttle.ts';
import { caseActionLabel, caseStateLabel, caseStepLabel, ct } from './case-texts.ts';

const STATE_TONE = { open: 'bad', contacted: 'warn', rectified: 'warn', fed_back: 'info', resolved: 'ok' } as const;

export function CaseStateBadge({ c }: { c: Pick<CaseView, 'state' | 'overdue' | 'step'> }) {
  return (
    <>
      <Badge tone={STATE_TONE[c.state]}>{caseStateLabel(c.state)}</Badge>
      {c.overdue ? <Badge tone="bad">{c.step ? ct('overdueStep', { step: caseStepLabel(c.step) }) : t('cases.overdue')}</Badge> : null}
    </>
  );
}

/** The call-back number: masked; a supervisor about to call may reveal it (audited). */
function ContactNumber({ c }: { c: CaseView }) {
  const [phone, setPhone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (c.contactErasedAt) return <span class="muted">{ct('erased')}</span>;
  if (!c.contactMasked) return <span class="muted">{ct('noPhone')}</span>;
  return (
    <span data-testid="case-phone">
      <span class="mono strong">{phone ?? c.contactMasked}</span>{' '}
      {phone === null ? (
        <button
          type="button"
          class="link"
          title={ct('revealNote')}
          onClick={async () => {
            try {
              setPhone((await api(`/api/cases/${c.id}/contact-number`, CaseContactNumber, { method: 'POST', body: {} })).phone);
            } catch (e) {
              setError(e instanceof Error ? e.message : String(e));
            }
          }}
        >
          {ct('reveal')}
        </button>
      ) : null}
      <ErrorLine error={error} />
    </span>
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
  /** One step of the cycle: a form with one text field, posted to the case's step route. */
  const step = (path: string, title: string, label: string, field = 'note', fieldLabel = t('cases.note')) => (
    <EntityForm
      key={`${path}-${c?.updatedAt ?? ''}`}
      id={`case-${path}`}
      title={title}
      fields={[{ name: field, label: fieldLabel, kind: 'textarea', wide: true }]}
      initial={{ [field]: '' }}
      submitLabel={label}
      onSubmit={async (b) => {
        await api(`/api/cases/${id}/${path}`, CaseView, { method: 'POST', body: { [field]: b[field] ?? '' } });
        after();
      }}
    />
  );
  const rerate = (
    <EntityForm
      key={`rerate-${c?.updatedAt ?? ''}`}
      id="case-rerate"
      title={ct('rerateTitle')}
      fields={[
        { name: 'level', label: ct('rerate'), kind: 'select', options: EvaluationLevel.options.map((l) => ({ value: l, label: t(`level.${l}`) })) },
        { name: 'note', label: t('cases.note'), kind: 'text', optional: true },
      ]}
      initial={{ level: 'satisfied' }}
      submitLabel={ct('rerateDo')}
      onSubmit={async (b) => {
        await api(`/api/cases/${id}/rerate`, CaseView, { method: 'POST', body: { level: b.level, ...(b.note ? { note: b.note } : {}) } });
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
            <dt>{ct('item')}</dt>
            <dd>{c.itemName ?? '—'}</dd>
            <dt>{ct('contactPhone')}</dt>
            <dd>
              <ContactNumber c={c} />
            </dd>
            <dt>{ct('contactDue')}</dt>
            <dd class={c.overdue && c.step === 'contact' ? 'text-bad strong' : ''}>{formatDateTime(c.dueAt)}</dd>
            <dt>{ct('rectifyDue')}</dt>
            <dd class={c.overdue && c.step !== 'contact' ? 'text-bad strong' : ''}>{c.rectifyDueAt ? formatDateTime(c.rectifyDueAt) : '—'}</dd>
            {c.rectification ? (
              <>
                <dt>{ct('rectification')}</dt>
                <dd>{c.rectification}</dd>
              </>
            ) : null}
            {c.feedback ? (
              <>
                <dt>{ct('feedback')}</dt>
                <dd>{c.feedback}</dd>
              </>
            ) : null}
            {c.rerateLevel ? (
              <>
                <dt>{ct('rerate')}</dt>
                <dd>{t(`level.${c.rerateLevel}`)}</dd>
              </>
            ) : null}
            <dt>{t('cases.assignee')}</dt>
            <dd>{c.assignee ?? t('cases.unassigned')}</dd>
          </dl>
          <h4>{t('cases.history')}</h4>
          <ol class="history">
            {(c.history ?? []).map((h, i) => (
              <li key={i}>
                <span class="mono">{formatDateTime(h.at)}</span> <b>{caseActionLabel(h.action)}</b> <span class="muted">{h.actorName ? `${h.actorName}（${h.actor.replace(/^staff:/, '')}）` : h.actor}</span>
                {h.assignee ? <span> → {h.assignee}</span> : null}
                {h.note ? <p>{h.note}</p> : null}
              </li>
            ))}
          </ol>
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
          {c.state === 'open' ? step('contact', ct('contactTitle'), ct('contactDo')) : null}
          {c.state === 'contacted' ? step('rectify', ct('rectifyTitle'), ct('rectifyDo'), 'rectification', ct('rectifyField')) : null}
          {c.state === 'rectified' ? step('feedback', ct('feedbackTitle'), ct('feedbackDo'), 'feedback', ct('feedbackField')) : null}
          {c.state === 'fed_back' && !c.rerateLevel ? rerate : null}
          {c.state === 'fed_back' ? step('close', ct('closeTitle'), ct('closeDo')) : null}
          {step('notes', t('cases.addNote'), t('cases.addNoteDo'))}
        </>
      ) : null}
    </aside>
  );
}

/** 差评跟进: 分派 → 回访 → 整改 → 反馈 (+ 追评) → 办结, overdue steps first and marked. */
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
              {CaseStates.options.map((s) => (
                <option key={s} value={s}>
                  {caseStateLabel(s)}
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
                <th>{ct('stepDue')}</th>
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
                  <td class={c.overdue ? 'text-bad strong' : ''}>{c.stepDueAt ? `${c.step ? caseStepLabel(c.step) : ''} ${formatDateTime(c.stepDueAt)}` : '—'}</td>
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
