import { useState } from 'preact/hooks';
import type { ComponentChildren } from 'preact';
import { WebhookCreated, WebhookDeliveryList, WebhookList, WebhookPinged, WebhookSettings, WebhookUpdated, type WebhookDeliveryView, type WebhookView } from '../../../contract/admin.ts';
import { Ok } from '../../../contract/responses.ts';
import { api } from '../../../ui-kit/api.ts';
import { Dialog } from '../../components/dialog.tsx';
import type { FieldSpec } from '../../components/fields.ts';
import { EntityForm } from '../../components/form.tsx';
import { Badge, ErrorLine, EmptyRow } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { EVENT_TYPES } from '../../lib/enums.ts';
import { formatDateTime } from '../../lib/time.ts';
import { useLoad } from '../../lib/use-load.ts';

const events = () => [{ value: '*', label: t('hooks.allEvents') }, ...EVENT_TYPES.map((e) => ({ value: e, label: e }))];

const hookFields = (editing: boolean): FieldSpec[] => [
  { name: 'url', label: t('hooks.url'), kind: 'text', wide: true, placeholder: 'https://' },
  { name: 'description', label: t('hooks.description'), kind: 'text', optional: true, wide: true },
  { name: 'events', label: t('hooks.events'), kind: 'checks', wide: true, options: events() },
  { name: 'secret', label: editing ? t('hooks.newSecret') : t('hooks.secret'), kind: 'password', optional: true, hint: t('hooks.secretHint') },
  { name: 'active', label: t('hooks.active'), kind: 'check' },
];

const settingsFields = (): FieldSpec[] => [
  { name: 'maxAttempts', label: t('hooks.maxAttempts'), kind: 'number' },
  { name: 'baseDelaySeconds', label: t('hooks.baseDelay'), kind: 'number' },
  { name: 'maxDelaySeconds', label: t('hooks.maxDelay'), kind: 'number' },
  { name: 'timeoutMs', label: t('hooks.timeout'), kind: 'number' },
];

const STATE_TONE = { pending: 'warn', delivered: 'ok', failed: 'bad' } as const;

function Deliveries({ hook, show, close }: { hook: WebhookView; show(d: ComponentChildren): void; close(): void }) {
  const list = useLoad(() => api(`/api/admin/webhooks/${hook.id}/deliveries?limit=100`, WebhookDeliveryList), [hook.id]);
  const retry = async (id: string) => {
    try {
      await api(`/api/admin/webhook-deliveries/${encodeURIComponent(id)}/retry`, Ok, { method: 'POST', body: {} });
    } catch (e) {
      show(
        <Dialog title={t('ticket.failed')} onClose={close}>
          <p role="alert">{e instanceof Error ? e.message : String(e)}</p>
        </Dialog>,
      );
    }
    list.reload();
  };
  return (
    <div class="panel">
      <div class="panel-head">
        <h3>{t('hooks.deliveries', { url: hook.url })}</h3>
        <button type="button" class="btn btn-small" onClick={list.reload}>
          {t('hooks.refresh')}
        </button>
      </div>
      <ErrorLine error={list.error} />
      <table class="grid grid-compact">
        <thead>
          <tr>
            <th>{t('hooks.createdAt')}</th>
            <th>{t('hooks.event')}</th>
            <th>{t('f.state')}</th>
            <th class="num">{t('hooks.attempts')}</th>
            <th>{t('hooks.last')}</th>
            <th>{t('hooks.next')}</th>
            <th class="col-actions">{t('config.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(list.data?.deliveries ?? []).map((d) => (
            <tr key={d.id} data-delivery={d.id}>
              <td class="mono">{formatDateTime(d.createdAt)}</td>
              <td class="mono">
                {d.eventType}
                {d.eventSeq !== null ? ` #${d.eventSeq}` : ''}
              </td>
              <td>
                <Badge tone={STATE_TONE[d.state]}>{t(`delivery.${d.state}`)}</Badge>
              </td>
              <td class="num">{d.attempts}</td>
              <td class="mono clip" title={d.log.map((a) => `${a.attempt}: ${a.status ?? a.error ?? ''} ${a.durationMs}ms`).join('\n')}>
                {d.lastStatus ?? ''} {d.lastError ?? ''}
              </td>
              <td class="mono">{formatDateTime(d.nextAttemptAt)}</td>
              <td class="col-actions">
                {d.state === 'failed' ? (
                  <button type="button" class="btn btn-small" onClick={() => retry(d.id)}>
                    {t('hooks.retry')}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
          <EmptyRow show={list.data && !list.data.deliveries.length} columns={7}>
            {t('hooks.noDeliveries')}
          </EmptyRow>
        </tbody>
      </table>
    </div>
  );
}

/** Webhooks: URLs per event type with signed bodies, their delivery log, a test ping and retry settings. */
export function WebhooksScreen() {
  const hooks = useLoad(() => api('/api/admin/webhooks', WebhookList), []);
  const settings = useLoad(() => api('/api/admin/webhook-settings', WebhookSettings), []);
  const [editing, setEditing] = useState<WebhookView | 'new' | null>(null);
  const [selected, setSelected] = useState<WebhookView | null>(null);
  const [dialog, setDialog] = useState<ComponentChildren>(null);
  const close = () => setDialog(null);
  const failure = (e: unknown) =>
    setDialog(
      <Dialog title={t('ticket.failed')} onClose={close}>
        <p role="alert">{e instanceof Error ? e.message : String(e)}</p>
      </Dialog>,
    );

  const ping = async (h: WebhookView) => {
    try {
      const r = await api(`/api/admin/webhooks/${h.id}/ping`, WebhookPinged, { method: 'POST', body: {} });
      setSelected(h);
      setDialog(
        <Dialog title={t('hooks.pingTitle')} onClose={close}>
          <p>{r.delivery ? t(`delivery.${r.delivery.state}`) : ''} {r.delivery?.lastStatus ?? ''} {r.delivery?.lastError ?? ''}</p>
        </Dialog>,
      );
    } catch (e) {
      failure(e);
    }
  };
  const remove = async (h: WebhookView) => {
    try {
      await api(`/api/admin/webhooks/${h.id}`, Ok, { method: 'DELETE' });
      if (selected?.id === h.id) setSelected(null);
      hooks.reload();
    } catch (e) {
      failure(e);
    }
  };

  return (
    <section class="screen" aria-labelledby="screen-title">
      <header class="screen-head">
        <h2 id="screen-title">{t('nav.webhooks')}</h2>
        <div class="toolbar">
          <button type="button" class="btn btn-primary" onClick={() => setEditing('new')}>
            {t('config.create', { noun: t('noun.webhook') })}
          </button>
        </div>
      </header>
      <ErrorLine error={hooks.error} />
      <div class={`split${editing ? ' split-open' : ''}`}>
        <div class="table-wrap">
          <table class="grid">
            <thead>
              <tr>
                <th>{t('hooks.url')}</th>
                <th>{t('hooks.events')}</th>
                <th>{t('hooks.secretHintCol')}</th>
                <th>{t('f.state')}</th>
                <th class="col-actions">{t('config.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(hooks.data?.webhooks ?? []).map((h) => (
                <tr key={h.id} data-webhook={h.id} class={selected?.id === h.id ? 'row-selected' : ''}>
                  <td>
                    <span class="mono">{h.url}</span>
                    {h.description ? <div class="muted">{h.description}</div> : null}
                  </td>
                  <td class="mono small">{h.events.join(', ')}</td>
                  <td class="mono">…{h.secretHint}</td>
                  <td>{h.active ? <Badge tone="ok">{t('hooks.on')}</Badge> : <Badge tone="muted">{t('hooks.off')}</Badge>}</td>
                  <td class="col-actions">
                    <button type="button" class="btn btn-small" onClick={() => setEditing(h)}>
                      {t('config.edit')}
                    </button>
                    <button type="button" class="btn btn-small" onClick={() => setSelected(h)}>
                      {t('hooks.log')}
                    </button>
                    <button type="button" class="btn btn-small" onClick={() => ping(h)}>
                      {t('hooks.ping')}
                    </button>
                    <button type="button" class="btn btn-small btn-quiet" onClick={() => remove(h)}>
                      {t('hooks.remove')}
                    </button>
                  </td>
                </tr>
              ))}
              <EmptyRow show={hooks.data && !hooks.data.webhooks.length} columns={5}>
                {t('hooks.none')}
              </EmptyRow>
            </tbody>
          </table>
        </div>
        {editing ? (
          <aside class="editor">
            <EntityForm
              key={editing === 'new' ? 'new' : editing.id}
              id="webhook-form"
              title={editing === 'new' ? t('config.create', { noun: t('noun.webhook') }) : t('config.editTitle', { what: editing.url })}
              fields={hookFields(editing !== 'new')}
              initial={editing === 'new' ? { url: '', events: ['ticket.evaluated'], active: true } : { url: editing.url, events: editing.events, active: editing.active, ...(editing.description ? { description: editing.description } : {}) }}
              onSubmit={async (body) => {
                if (editing === 'new') {
                  const r = await api('/api/admin/webhooks', WebhookCreated, { method: 'POST', body });
                  setEditing(null);
                  setDialog(
                    <Dialog title={t('hooks.secretTitle')} onClose={close}>
                      <p>{t('hooks.secretOnce')}</p>
                      <p class="token mono">{r.secret}</p>
                    </Dialog>,
                  );
                } else await api(`/api/admin/webhooks/${editing.id}`, WebhookUpdated, { method: 'PUT', body });
                hooks.reload();
              }}
              onCancel={() => setEditing(null)}
            />
          </aside>
        ) : null}
      </div>
      {selected ? <Deliveries key={selected.id} hook={selected} show={setDialog} close={close} /> : null}
      <div class="panel narrow">
        {settings.data ? (
          <EntityForm
            id="webhook-settings"
            title={t('hooks.settings')}
            fields={settingsFields()}
            initial={settings.data as unknown as Record<string, unknown>}
            onSubmit={async (body) => {
              await api('/api/admin/webhook-settings', WebhookSettings, { method: 'PUT', body });
            }}
          />
        ) : null}
      </div>
      {dialog}
    </section>
  );
}
