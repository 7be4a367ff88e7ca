import { useLayoutEffect } from 'preact/hooks';
import { actionForKey, isOwnedKey } from '../actions.ts';
import { t } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';
import { ActionBar } from './action-bar.tsx';
import { NoShowDialog, ResumeDialog, SettleDialog, SignOutDialog } from './confirm-dialogs.tsx';
import { CurrentTicket } from './current-ticket.tsx';
import { FinishDialog } from './finish-dialog.tsx';
import { IssueDialog } from './issue-dialog.tsx';
import { Header } from './header.tsx';
import { HelpCallBanner } from './help-call-banner.tsx';
import { PauseDialog } from './pause-dialog.tsx';
import { Figures, SuspendedList, WaitingList } from './side-panels.tsx';
import { SlipDialog } from './supplement-slip.tsx';
import { TransferDialog } from './transfer-dialog.tsx';

/** Shortcuts on the whole page; dialogs take the keyboard while open (they stop propagation). */
export function useShortcuts(term: WindowTerminal): void {
  useLayoutEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isOwnedKey(e.key)) e.preventDefault();
      if (term.dialog.value) return;
      const el = e.target as HTMLElement | null;
      const typing = el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA');
      if (!typing && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        term.moveSelection(e.key === 'ArrowDown' ? 1 : -1);
        return;
      }
      if (e.key === 'Escape') {
        term.selectedId.value = null;
        term.message.value = null;
        return;
      }
      if (e.repeat) return;
      const id = actionForKey(e);
      if (id) term.trigger(id);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [term]);
}

function OpenDialog({ term }: { term: WindowTerminal }) {
  const d = term.dialog.value;
  if (!d) return null;
  switch (d.kind) {
    case 'noShow':
      return <NoShowDialog term={term} />;
    case 'settle':
      return <SettleDialog term={term} then={d.then} />;
    case 'finish':
      return <FinishDialog term={term} />;
    case 'transfer':
      return <TransferDialog term={term} />;
    case 'pause':
      return <PauseDialog term={term} />;
    case 'resume':
      return <ResumeDialog term={term} />;
    case 'signOut':
      return <SignOutDialog term={term} />;
    case 'issue':
      return <IssueDialog term={term} />;
    case 'slip':
      return (
        <SlipDialog
          slip={d.slip}
          hallName={term.hall.value?.hall.name ?? ''}
          {...(term.hall.value ? { timeZone: term.hall.value.hall.timezone } : {})}
          onClose={() => (term.dialog.value = null)}
        />
      );
  }
}

export function TerminalView({ term, staffName }: { term: WindowTerminal; staffName: string }) {
  useShortcuts(term);
  const m = term.message.value;
  const d = term.dialog.value;
  return (
    <div class={`terminal${d ? ' has-dialog' : ''}`} data-busy={term.busy.value !== null ? 'true' : 'false'}>
      <Header term={term} staffName={staffName} />
      <HelpCallBanner term={term} />
      {!term.online ? (
        <div class="banner banner-offline" role="status">
          {t('conn.offline')}
        </div>
      ) : null}
      <main class="layout">
        <div class="col-main">
          <CurrentTicket term={term} />
          <ActionBar term={term} />
          <div class={`message${m ? ` message-${m.kind}` : ''}`} role={m?.kind === 'error' ? 'alert' : 'status'} data-testid="message">
            {m && !d ? m.text : ''}
          </div>
        </div>
        <aside class="col-side">
          <WaitingList term={term} />
          <SuspendedList term={term} />
          <Figures term={term} />
        </aside>
      </main>
      <OpenDialog term={term} />
    </div>
  );
}
