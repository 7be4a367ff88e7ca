import type { TicketView } from '../contract/ticket.ts';
import type { TKey } from './i18n.ts';
import type { WindowState } from './types.ts';

/** What staff can do at the window; each has one button and one key. */
export type ActionId =
  | 'callNext'
  | 'recall'
  | 'start'
  | 'finish'
  | 'noShow'
  | 'transfer'
  | 'suspend'
  | 'resumeTicket'
  | 'evaluate'
  | 'pause'
  | 'callSelected';

/**
 * Keys chosen to leave the browser's own F5 (reload) and F11 (full screen) alone, so a slip of the
 * finger never reloads the terminal. Shift+F1 is "call the selected one", next to plain F1.
 */
export const SHORTCUTS: { id: ActionId; key: string; shift?: boolean; cap: string }[] = [
  { id: 'callNext', key: 'F1', cap: 'F1' },
  { id: 'recall', key: 'F2', cap: 'F2' },
  { id: 'start', key: 'F3', cap: 'F3' },
  { id: 'finish', key: 'F4', cap: 'F4' },
  { id: 'noShow', key: 'F6', cap: 'F6' },
  { id: 'transfer', key: 'F7', cap: 'F7' },
  { id: 'suspend', key: 'F8', cap: 'F8' },
  { id: 'resumeTicket', key: 'F9', cap: 'F9' },
  { id: 'evaluate', key: 'F10', cap: 'F10' },
  { id: 'pause', key: 'F12', cap: 'F12' },
  { id: 'callSelected', key: 'F1', shift: true, cap: '⇧F1' },
];

export function capFor(id: ActionId): string {
  return SHORTCUTS.find((s) => s.id === id)?.cap ?? '';
}

/** The action a key press means, or null. Auto-repeat never fires an action twice. */
export function actionForKey(e: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey' | 'repeat'>): ActionId | null {
  if (e.ctrlKey || e.altKey || e.metaKey) return null;
  const hit = SHORTCUTS.find((s) => s.key === e.key && Boolean(s.shift) === e.shiftKey);
  return hit ? hit.id : null;
}

/** True for the function keys the terminal owns, so the browser's default (help, find, menu…) is held back. */
export function isOwnedKey(key: string): boolean {
  return SHORTCUTS.some((s) => s.key === key);
}

export interface Availability {
  enabled: boolean;
  /** Why not, as an i18n key with params; shown as the button's title and when the key is pressed. */
  why?: { key: TKey; params?: Record<string, string | number> };
  /** Enabled, but the ticket in hand would be finished as 办结 first: ask before doing it. */
  settlesCurrent?: boolean;
}

export interface AvailabilityInput {
  state: WindowState | null;
  busy: boolean;
  selected: TicketView | null;
  /** The ticket finished last at this window in this session, if it may still be rated. */
  lastFinished: TicketView | null;
}

const no = (key: TKey, params?: Record<string, string | number>): Availability => ({ enabled: false, why: params ? { key, params } : { key } });
const yes: Availability = { enabled: true };

/**
 * Which actions apply now. Mirrors the engine's refusals (server/queue/window-commands.ts) so the
 * terminal offers only what the server would accept; the server still has the last word.
 */
export function availability({ state, busy, selected, lastFinished }: AvailabilityInput): Record<ActionId, Availability> {
  const all = (a: Availability) =>
    Object.fromEntries(SHORTCUTS.map((s) => [s.id, a])) as Record<ActionId, Availability>;
  if (!state?.window) return all(no('why.notOpen'));
  if (busy) return all(no('why.busy'));
  const w = state.window;
  const current = w.current;
  const open = w.status === 'open';
  const notOpen = w.status === 'paused' ? no('why.paused') : no('why.notOpen');

  // Calling anything while a ticket is in hand settles it first (rule 'finish') or is refused.
  const callGuard = (): Availability | null => {
    if (!open) return notOpen;
    if (!current) return null;
    if (state.rules.callNextWithCurrent === 'refuse') return no('why.refuseInHand');
    if (current.state === 'called') return no('why.calledInHand');
    return { enabled: true, settlesCurrent: true };
  };

  const callNext = callGuard() ?? (state.waiting.length ? yes : no('why.noWaiting'));
  const callNextFinal = callNext.enabled && !state.waiting.length ? no('why.noWaiting') : callNext;

  const selectedOk = selected && state.waiting.some((t) => t.id === selected.id);
  const callSelectedBase = callGuard();
  const callSelected = !selectedOk ? (callSelectedBase && !callSelectedBase.enabled ? callSelectedBase : no('why.noSelection')) : (callSelectedBase ?? yes);

  const resumeBase = callGuard();
  const resumeTicket = !state.suspended.length ? no('why.noSuspended') : (resumeBase ?? yes);

  const called = current?.state === 'called';
  const inHand = current && (current.state === 'called' || current.state === 'serving');
  const max = state.rules.maxRecalls;

  return {
    callNext: callNextFinal,
    callSelected,
    resumeTicket,
    recall: !open ? notOpen : !current ? no('why.noCurrent') : !called ? no('why.notCalled') : current.recallCount >= max ? no('why.recallLimit', { max }) : yes,
    start: !current ? no('why.noCurrent') : called ? yes : no('why.notCalled'),
    finish: inHand ? yes : no('why.noCurrent'),
    noShow: !current ? no('why.noCurrent') : called ? yes : no('why.notCalled'),
    transfer: inHand ? yes : no('why.noCurrent'),
    suspend: inHand ? yes : no('why.noCurrent'),
    // The server asks about the ticket in hand if there is one, else the last one finished here.
    evaluate: (current ? current.state === 'serving' : Boolean(lastFinished && !lastFinished.evaluation)) ? yes : no('why.nothingToEvaluate'),
    // Pause toggles: it pauses an open window and resumes a paused one.
    pause: w.status === 'closed' ? no('why.notOpen') : yes,
  };
}
