import type { ComponentChildren } from 'preact';
import { TicketView } from '../../../contract/ticket.ts';
import { api } from '../../../ui-kit/api.ts';
import { Dialog } from '../../components/dialog.tsx';
import { EntityForm } from '../../components/form.tsx';
import { Badge, type Tone } from '../../components/status.tsx';
import { t } from '../../i18n/index.ts';
import { queueOptions, windowOptions, type Refs } from '../../lib/refs.ts';
import { formatTime } from '../../lib/time.ts';

export const canCancel = (tk: TicketView) => tk.state === 'waiting' || tk.state === 'called' || tk.state === 'remote';
export const canTransfer = (tk: TicketView) => tk.state === 'waiting' || tk.state === 'called' || tk.state === 'serving';
export const canReactivate = (tk: TicketView) => tk.state === 'no_show';

const STATE_TONE: Record<TicketView['state'], Tone> = { waiting: 'info', called: 'warn', serving: 'ok', suspended: 'warn', finished: 'muted', no_show: 'bad', cancelled: 'muted', remote: 'muted' };

export function TicketState({ ticket }: { ticket: TicketView }) {
  return <Badge tone={STATE_TONE[ticket.state]}>{t(`ticketState.${ticket.state}`)}</Badge>;
}

export interface TicketActionProps {
  ticket: TicketView;
  refs: Refs;
  show(d: ComponentChildren): void;
  close(): void;
  /** After a successful action: re-read what the list shows. */
  done(): void;
}

/** 取消, 转移 and 恢复排队 for one ticket; each asks first and is audited by the server. */
export function TicketActions({ ticket, refs, show, close, done }: TicketActionProps) {
  const finish = () => {
    close();
    done();
  };
  const cancel = () =>
    show(
      <Dialog title={t('ticket.cancelTitle', { number: ticket.number })} onClose={close}>
        <EntityForm
          id="cancel-form"
          fields={[{ name: 'reason', label: t('ticket.reason'), kind: 'text', wide: true }]}
          initial={{ reason: '' }}
          submitLabel={t('ticket.cancel')}
          onSubmit={async (b) => {
            await api(`/api/tickets/${ticket.id}/cancel`, TicketView, { method: 'POST', body: { reason: b.reason ?? '' } });
            finish();
          }}
        />
      </Dialog>,
    );
  const transfer = () =>
    show(
      <Dialog title={t('ticket.transferTitle', { number: ticket.number })} onClose={close}>
        <EntityForm
          id="transfer-form"
          fields={[
            { name: 'queue', label: t('ticket.toQueue'), kind: 'select', optional: true, options: queueOptions(refs) },
            { name: 'window', label: t('ticket.toWindow'), kind: 'select', optional: true, numeric: true, options: windowOptions(refs) },
            { name: 'note', label: t('ticket.note'), kind: 'text', optional: true, wide: true },
          ]}
          initial={{}}
          submitLabel={t('ticket.transfer')}
          onSubmit={async (b) => {
            await api(`/api/tickets/${ticket.id}/transfer`, TicketView, { method: 'POST', body: b });
            finish();
          }}
        />
      </Dialog>,
    );
  const reactivate = async () => {
    try {
      await api(`/api/tickets/${ticket.id}/reactivate`, TicketView, { method: 'POST', body: {} });
      done();
    } catch (e) {
      show(
        <Dialog title={t('ticket.failed')} onClose={close}>
          <p role="alert">{e instanceof Error ? e.message : String(e)}</p>
        </Dialog>,
      );
    }
  };
  return (
    <span class="row-actions">
      {canCancel(ticket) ? (
        <button type="button" class="btn btn-small" onClick={cancel}>
          {t('ticket.cancel')}
        </button>
      ) : null}
      {canTransfer(ticket) ? (
        <button type="button" class="btn btn-small" onClick={transfer}>
          {t('ticket.transfer')}
        </button>
      ) : null}
      {canReactivate(ticket) ? (
        <button type="button" class="btn btn-small btn-primary" onClick={reactivate}>
          {t('ticket.reactivate')}
        </button>
      ) : null}
    </span>
  );
}

/** Tickets in a compact table with their actions. */
export function TicketTable({ tickets, ...rest }: Omit<TicketActionProps, 'ticket'> & { tickets: TicketView[] }) {
  if (!tickets.length) return <p class="muted">{t('ticket.none')}</p>;
  return (
    <table class="grid grid-compact">
      <thead>
        <tr>
          <th>{t('ticket.number')}</th>
          <th>{t('f.queue')}</th>
          <th>{t('ticket.state')}</th>
          <th>{t('f.window')}</th>
          <th>{t('ticket.issuedAt')}</th>
          <th>{t('ticket.person')}</th>
          <th class="col-actions">{t('config.actions')}</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((tk) => (
          <tr key={tk.id} data-ticket={tk.number}>
            <td class="mono strong">
              {tk.number}
              {tk.priority === 'green' ? <Badge tone="ok">{t('ticket.green')}</Badge> : null}
            </td>
            <td>{tk.queue}</td>
            <td>
              <TicketState ticket={tk} />
            </td>
            <td class="num">{tk.window ?? ''}</td>
            <td class="num">{formatTime(tk.issuedAt)}</td>
            <td>{[tk.nameMasked, tk.idMasked].filter(Boolean).join(' ')}</td>
            <td class="col-actions">
              <TicketActions ticket={tk} {...rest} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
