import { useState } from 'preact/hooks';
import type { TicketView } from '../../contract/ticket.ts';
import { t } from '../i18n.ts';
import type { SettleThen, WindowTerminal } from '../terminal.ts';
import { Dialog } from './dialog.tsx';
import { closeDialog } from './terminal-dialog.tsx';

function dialogError(term: WindowTerminal): string | null {
  const m = term.message.value;
  return m?.kind === 'error' ? m.text : null;
}

const close = (term: WindowTerminal) => () => closeDialog(term);

/** 过号 is final for the citizen, so it takes a second, deliberate key. */
export function NoShowDialog({ term }: { term: WindowTerminal }) {
  const current = term.state.value?.window?.current;
  return (
    <Dialog
      title={t('noShow.title')}
      danger
      onCancel={close(term)}
      onConfirm={() => void term.run('no-show')}
      confirmDisabled={term.busy.value !== null}
      error={dialogError(term)}
    >
      <p class="dialog-text">{t('noShow.body', { number: current?.number ?? '' })}</p>
    </Dialog>
  );
}

/** Calling while a ticket is being served finishes it as 办结 (the hall's rule); say so first. */
export function SettleDialog({ term, then }: { term: WindowTerminal; then: SettleThen }) {
  const current = term.state.value?.window?.current;
  const next =
    then.action === 'call-next'
      ? t('settle.next.callNext')
      : then.action === 'call'
        ? t('settle.next.call', { number: then.ticket?.number ?? '' })
        : t('settle.next.resume', { number: then.ticket?.number ?? '' });
  return (
    <Dialog title={t('settle.title')} onCancel={close(term)} onConfirm={() => void term.callNow(then)} confirmDisabled={term.busy.value !== null} error={dialogError(term)}>
      <p class="dialog-text">{t('settle.body', { number: current?.number ?? '', next })}</p>
    </Dialog>
  );
}

export function SignOutDialog({ term }: { term: WindowTerminal }) {
  return (
    <Dialog title={t('signOut.title')} onCancel={close(term)} onConfirm={() => void term.signOut()} confirmDisabled={term.busy.value !== null} error={dialogError(term)}>
      <p class="dialog-text">{t('signOut.body', { n: term.window })}</p>
    </Dialog>
  );
}

/** 回呼 with several held tickets: pick one with the arrows. */
export function ResumeDialog({ term }: { term: WindowTerminal }) {
  const list = term.state.value?.suspended ?? [];
  const [at, setAt] = useState(0);
  const pick = (ticket: TicketView | undefined) => ticket && term.resumeTicket(ticket);
  return (
    <Dialog
      title={t('resume.title')}
      onCancel={close(term)}
      onConfirm={() => pick(list[at])}
      confirmLabel={t('action.resumeTicket')}
      confirmDisabled={term.busy.value !== null || !list.length}
      error={dialogError(term)}
      onKey={(e) => {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          setAt((i) => Math.min(list.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1))));
          return true;
        }
        return false;
      }}
    >
      <p class="dialog-hint">{t('resume.hint')}</p>
      <ul class="choice-list" role="listbox" aria-label={t('resume.title')}>
        {list.map((x, i) => (
          <li key={x.id} role="option" aria-selected={i === at} class={`choice${i === at ? ' chosen' : ''}`} onClick={() => setAt(i)}>
            <span class="choice-number">{x.number}</span>
            <span>{term.itemOf(x)?.name ?? term.queueName(x.queue)}</span>
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
