import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { EVALUATION_LABELS } from '../../../contract/domain.ts';
import { PushItemList, PushResent, PushTargetList, type PushItemView, type PushState, type PushTargetView } from '../../../contract/push.ts';
import { api } from '../../../ui-kit/api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { Badge, EmptyRow, ErrorLine } from '../../components/status.tsx';
import { formatDateTime } from '../../lib/time.ts';
import { useLoad } from '../../lib/use-load.ts';
import { fieldsText, gradeText, pt, reasonText } from './labels.ts';

const TONE = { pending: 'warn', sent: 'ok', rejected: 'bad' } as const;
const GRADES = ['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied'] as const;

function Targets({ targets }: { targets: PushTargetView[] }) {
  return (
    <div class="panel">
      <div class="panel-head">
        <h3>{pt('targets')}</h3>
      </div>
      <table class="grid grid-compact">
        <thead>
          <tr>
            <th>{pt('code')}</th>
            <th>{pt('name')}</th>
            <th>{pt('url')}</th>
            <th>{pt('auth')}</th>
            <th>{pt('codeMap')}</th>
            <th>{pt('fieldMap')}</th>
            <th class="num">{pt('counts')}</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => (
            <tr key={t.code} data-target={t.code}>
              <td class="mono">
                {t.code} {t.active ? null : <Badge tone="muted">{pt('inactive')}</Badge>}
              </td>
              <td>{t.name}</td>
              <td class="mono clip" title={t.url}>
                {t.url}
              </td>
              <td class="mono">
                {t.authHeader} {t.tokenHint}
              </td>
              <td class="mono" title={GRADES.map((g) => `${gradeText(g, EVALUATION_LABELS[g])} = ${t.codeMap[g]}`).join('\n')}>
                {GRADES.map((g) => `${gradeText(g, EVALUATION_LABELS[g])} ${t.codeMap[g]}`).join(' · ')}
              </td>
              <td class="mono clip" title={Object.entries(t.fieldMap).map(([k, v]) => `${k} → ${v}`).join('\n')}>
                {fieldsText(Object.values(t.fieldMap))}
              </td>
              <td class="num">
                <span data-count="pending">{t.counts.pending}</span> / <span data-count="sent">{t.counts.sent}</span> / <span data-count="rejected">{t.counts.rejected}</span>
              </td>
            </tr>
          ))}
          <EmptyRow show={!targets.length} columns={7}>
            {pt('noTargets')}
          </EmptyRow>
        </tbody>
      </table>
    </div>
  );
}

function Detail({ item, onClose }: { item: PushItemView; onClose(): void }) {
  return (
    <Dialog title={`${item.ticketNumber} · ${item.target}`} onClose={onClose}>
      <p class="mono">
        {pt('key')}: {item.recordKey}
      </p>
      <h4>{pt('payload')}</h4>
      <pre class="token" data-payload>
        {JSON.stringify(item.payload, null, 2)}
      </pre>
      <h4>{pt('log')}</h4>
      <table class="grid grid-compact">
        <tbody>
          {item.log.map((a) => (
            <tr key={a.attempt}>
              <td class="num">{a.attempt}</td>
              <td class="mono">{formatDateTime(a.at)}</td>
              <td>{a.outcome === 'retry' ? pt('retry') : pt(a.outcome as PushState)}</td>
              <td class="mono">{a.status ?? ''}</td>
              <td>{reasonText(a.reason)}</td>
              <td class="num">{a.durationMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}

function Resend({ item, onDone, onClose }: { item: PushItemView; onDone(): void; onClose(): void }) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      await api(`/api/supervisor/push/items/${item.id}/resend`, PushResent, { method: 'POST', body: reason.trim() ? { reason: reason.trim() } : {} });
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={pt('resendTitle')} onClose={onClose}>
      <p>
        {item.ticketNumber} · {gradeText(item.grade, EVALUATION_LABELS[item.grade])} → {item.target}
      </p>
      {item.reason ? <p class="error-line">{item.reason}</p> : null}
      <label class="field">
        <span>{pt('resendReason')}</span>
        <input type="text" value={reason} maxLength={200} onInput={(e) => setReason((e.target as HTMLInputElement).value)} />
      </label>
      <ErrorLine error={error} />
      <div class="toolbar">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={send} data-confirm-resend>
          {pt('resendConfirm')}
        </button>
        <button type="button" class="btn" onClick={onClose}>
          {pt('cancel')}
        </button>
      </div>
    </Dialog>
  );
}

/** 好差评推送: the targets with their maps, what was pushed and what failed and why, and 补报. */
export function PushScreen() {
  const [target, setTarget] = useState('');
  const [state, setState] = useState<PushState | ''>('');
  const targets = useLoad(() => api('/api/supervisor/push/targets', PushTargetList), []);
  const q = new URLSearchParams({ limit: '200', ...(target ? { target } : {}), ...(state ? { state } : {}) }).toString();
  const items = useLoad(() => api(`/api/supervisor/push/items?${q}`, PushItemList), [q]);
  const [dialog, setDialog] = useState<ComponentChildren>(null);
  const close = () => setDialog(null);
  const refresh = () => {
    targets.reload();
    items.reload();
  };
  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{pt('title')}</h2>
        <div class="toolbar">
          <select aria-label={pt('allTargets')} value={target} onChange={(e) => setTarget((e.target as HTMLSelectElement).value)}>
            <option value="">{pt('allTargets')}</option>
            {(targets.data?.targets ?? []).map((t) => (
              <option key={t.code} value={t.code}>
                {t.name}
              </option>
            ))}
          </select>
          <select aria-label={pt('allStates')} value={state} onChange={(e) => setState((e.target as HTMLSelectElement).value as PushState | '')}>
            <option value="">{pt('allStates')}</option>
            {(['pending', 'sent', 'rejected'] as const).map((s) => (
              <option key={s} value={s}>
                {pt(s)}
              </option>
            ))}
          </select>
          <button type="button" class="btn" onClick={refresh}>
            {pt('refresh')}
          </button>
        </div>
      </header>
      <ErrorLine error={targets.error ?? items.error} />
      <Targets targets={targets.data?.targets ?? []} />
      <div class="panel">
        <div class="panel-head">
          <h3>{pt('records')}</h3>
        </div>
        <table class="grid grid-compact">
          <thead>
            <tr>
              <th>{pt('ticket')}</th>
              <th>{pt('grade')}</th>
              <th>{pt('evaluatedAt')}</th>
              <th>{pt('target')}</th>
              <th>{pt('state')}</th>
              <th class="num">{pt('attempts')}</th>
              <th>{pt('reason')}</th>
              <th>{pt('next')}</th>
              <th>{pt('sentAt')}</th>
              <th class="col-actions" />
            </tr>
          </thead>
          <tbody>
            {(items.data?.items ?? []).map((i) => (
              <tr key={i.id} data-item={i.id} data-state={i.state}>
                <td class="mono">
                  <a href="#" onClick={(e) => (e.preventDefault(), setDialog(<Detail item={i} onClose={close} />))}>
                    {i.day.slice(5)} {i.ticketNumber}
                  </a>
                  {i.revision > 1 ? <small> r{i.revision}</small> : null}
                </td>
                <td>{gradeText(i.grade, EVALUATION_LABELS[i.grade])}</td>
                <td class="mono">{formatDateTime(i.evaluatedAt)}</td>
                <td>{targets.data?.targets.find((t) => t.code === i.target)?.name ?? i.target}</td>
                <td>
                  <Badge tone={TONE[i.state]}>{pt(i.state)}</Badge>
                </td>
                <td class="num">{i.attempts}</td>
                <td class="clip" title={i.reason ?? ''} data-reason>
                  {reasonText(i.reason)}
                </td>
                <td class="mono">{formatDateTime(i.nextAttemptAt)}</td>
                <td class="mono">{formatDateTime(i.sentAt)}</td>
                <td class="col-actions">
                  {i.state !== 'pending' ? (
                    <button type="button" class="btn btn-small" data-resend={i.id} onClick={() => setDialog(<Resend item={i} onClose={close} onDone={() => (close(), refresh())} />)}>
                      {pt('resend')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
            <EmptyRow show={items.data && !items.data.items.length} columns={10}>
              {pt('none')}
            </EmptyRow>
          </tbody>
        </table>
      </div>
      {dialog}
    </section>
  );
}
