import { hexByte } from '../rs485/hex.ts';

/** What the server does when a window officer presses a key. */
export type CallerAction =
  | 'call'
  | 'recall'
  | 'evaluate'
  | 'pause'
  | 'transfer'
  | 'no_show'
  | 'suspend'
  | 'call_back';

/**
 * Per-hall key map, plain data so it can live in hall configuration. Key codes are two hex digits
 * ("0C"); combos are the digits typed before the confirm key ("06" then 确认).
 */
export interface KeyActionMap {
  keys: Readonly<Record<string, CallerAction>>;
  confirmKey: string;
  combos: Readonly<Record<string, CallerAction>>;
}

/** Defaults from the §2.3 table of the source host. */
export const DEFAULT_KEY_ACTIONS: KeyActionMap = {
  keys: { '0C': 'call', '0D': 'recall', '0B': 'evaluate', '12': 'pause', '13': 'transfer' },
  confirmKey: '0F',
  combos: { '06': 'no_show', '00': 'suspend', '03': 'call_back' },
};

/** Digits typed before the key; bytes that are not 0–9 show as "?" so they never match a combo. */
export function digitsOf(prefix: ArrayLike<number>): string {
  return Array.from(prefix, (b) => (b <= 9 ? String(b) : '?')).join('');
}

export function resolveKeyAction(key: number, digits: string, map: KeyActionMap = DEFAULT_KEY_ACTIONS): CallerAction | null {
  const code = hexByte(key);
  if (code === map.confirmKey.toUpperCase()) return map.combos[digits] ?? null;
  return findKey(map.keys, code) ?? null;
}

function findKey(keys: Readonly<Record<string, CallerAction>>, code: string): CallerAction | undefined {
  for (const [k, action] of Object.entries(keys)) if (k.toUpperCase() === code) return action;
  return undefined;
}
