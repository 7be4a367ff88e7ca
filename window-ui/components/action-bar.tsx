import { capFor, type ActionId } from '../actions.ts';
import { t, type TKey } from '../i18n.ts';
import type { WindowTerminal } from '../terminal.ts';

/** Button order follows a ticket's life: call, recall, start, finish; then the exceptions. */
const MAIN: ActionId[] = ['callNext', 'recall', 'start', 'finish'];
const MORE: ActionId[] = ['noShow', 'transfer', 'suspend', 'resumeTicket', 'evaluate', 'pause'];

const LABEL: Record<ActionId, TKey> = {
  callNext: 'action.callNext',
  recall: 'action.recall',
  start: 'action.start',
  finish: 'action.finish',
  noShow: 'action.noShow',
  transfer: 'action.transfer',
  suspend: 'action.suspend',
  resumeTicket: 'action.resumeTicket',
  evaluate: 'action.evaluate',
  pause: 'action.pause',
  callSelected: 'action.callSelected',
};

export function labelFor(term: WindowTerminal, id: ActionId): string {
  if (id === 'pause' && term.state.value?.window?.status === 'paused') return t('action.resume');
  return t(LABEL[id]);
}

function ActionButton({ term, id, big }: { term: WindowTerminal; id: ActionId; big?: boolean }) {
  const a = term.available.value[id];
  const running = term.busy.value !== null;
  const why = a.why ? t(a.why.key, a.why.params) : undefined;
  return (
    <button
      type="button"
      class={`action action-${id}${big ? ' action-big' : ''}${id === 'pause' && term.state.value?.window?.status === 'paused' ? ' action-resume' : ''}`}
      data-action={id}
      disabled={!a.enabled}
      aria-disabled={!a.enabled}
      title={why}
      aria-keyshortcuts={capFor(id).replace('⇧', 'Shift+')}
      // A mouse click must not leave focus on the button, or Enter/Space would repeat the action.
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => term.trigger(id)}
    >
      <span class="keycap">{capFor(id)}</span>
      <span class="action-label">{labelFor(term, id)}</span>
      {running && a.why?.key === 'why.busy' ? null : !a.enabled && why ? <span class="action-why">{why}</span> : null}
    </button>
  );
}

export function ActionBar({ term }: { term: WindowTerminal }) {
  return (
    <nav class="actions" aria-label="actions">
      <div class="actions-main">
        {MAIN.map((id) => (
          <ActionButton key={id} term={term} id={id} big />
        ))}
      </div>
      <div class="actions-more">
        {MORE.map((id) => (
          <ActionButton key={id} term={term} id={id} />
        ))}
      </div>
    </nav>
  );
}

export { ActionButton };
