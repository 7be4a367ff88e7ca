import type { HallConfig } from '../../contract/config.ts';
import { configCode, configWithoutSecrets, withoutSecrets, type ConfigEntity, type ConfigOp, type ConfigSeededData } from '../../contract/config-events.ts';
import type { Actor, HallEvent } from '../../contract/events.ts';
import { businessDay } from '../common/hall-time.ts';
import type { Db } from '../store/db.ts';
import { writeHallConfig, type ImportSummary } from '../store/hall-config-store.ts';
import { SYSTEM, type EngineCore, type Tx } from './core.ts';
import { EventLog } from './event-log.ts';

/**
 * Configuration events, for the use cases that change the configuration: each is emitted inside the
 * transaction that makes the change and carries the entity as it is after it, without secrets, so
 * replaying the event log from seq 1 rebuilds the hall's configuration (server/store/replay/).
 */

export const IMPORT_ACTOR: Actor = { kind: 'system', id: 'hall:import' };

/**
 * Writes a whole configuration and emits `config.seeded` in the same transaction. `target` is the
 * running engine's core, or a bare database: an empty one being seeded before the engine can start
 * (the engine needs a configured hall), or one `hall:import` writes to from the command line.
 */
export function seedConfiguration(
  target: EngineCore | Db,
  cfg: HallConfig,
  source: ConfigSeededData['source'],
  actor: Actor = source === 'import' ? IMPORT_ACTOR : SYSTEM,
  now: Date = new Date(),
): { summary: ImportSummary; event: HallEvent } {
  const data: ConfigSeededData = { source, config: configWithoutSecrets(cfg) };
  if (isCore(target)) {
    const result = target.run((tx) => {
      const summary = writeHallConfig(target.db, cfg, tx.now);
      const event = tx.emit({ type: 'config.seeded', actor, data });
      return { summary, event };
    });
    target.reloadCatalog();
    return result;
  }
  const db = target;
  const log = new EventLog(db, () => cfg.hall.code);
  return db.transaction(() => {
    const summary = writeHallConfig(db, cfg, now);
    // The business day the database is on, or (an empty database) the hall's day now; the engine's
    // first start stores the same day.
    const stored = db.prepare("SELECT value FROM settings WHERE key = 'business_day'").get() as { value: string } | undefined;
    const day = stored ? (JSON.parse(stored.value) as string) : businessDay(now, cfg.hall.timezone);
    const event = log.append({ type: 'config.seeded', actor, data }, now, day);
    return { summary, event };
  })();
}

/**
 * Emits `config.changed` from inside the transaction that made the change. `value` is the entity after
 * the change in its hall.yaml shape (for webhooks: the webhook view); secrets are removed here.
 */
export function configChanged(tx: Tx, entity: ConfigEntity, op: ConfigOp, value: unknown, actor: Actor, code?: string): HallEvent {
  const clean = value === null || value === undefined ? null : withoutSecrets(entity, value);
  return tx.emit({ type: 'config.changed', actor, data: { entity, code: code ?? configCode(entity, clean), op, value: clean } });
}

/** `staff.password_reset`: which badge, never the password nor its hash. */
export function passwordReset(tx: Tx, badge: string, actor: Actor): HallEvent {
  return tx.emit({ type: 'staff.password_reset', actor, data: { badge } });
}

/** `device.token_issued`: which device, never the token nor its hash. */
export function deviceTokenIssued(tx: Tx, code: string, actor: Actor): HallEvent {
  return tx.emit({ type: 'device.token_issued', actor, data: { code } });
}

/** `device.revoked`: the device's token no longer works. */
export function deviceRevoked(tx: Tx, code: string, actor: Actor): HallEvent {
  return tx.emit({ type: 'device.revoked', actor, data: { code } });
}

function isCore(target: EngineCore | Db): target is EngineCore {
  return typeof (target as EngineCore).run === 'function' && 'log' in target;
}
