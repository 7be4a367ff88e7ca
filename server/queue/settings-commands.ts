import type { Actor, HallEvent } from '../../contract/events.ts';
import { writeSetting } from '../store/settings-store.ts';
import type { EngineCore, Tx } from './core.ts';

/**
 * JSON settings (alert thresholds, 差评 deadlines, …) as engine state: the row and a `settings.changed`
 * event carrying the key and the new value commit together.
 */
export function saveSettingIn(core: EngineCore, tx: Tx, key: string, value: unknown, actor: Actor): HallEvent {
  writeSetting(core.db, key, value);
  return tx.emit({ type: 'settings.changed', actor, data: { key, value } });
}
