import type { HallConfig } from '../../contract/config.ts';
import type { Actor } from '../../contract/events.ts';
import type { ConfigEntity } from '../../contract/config-events.ts';
import type { EngineCore, Tx } from './core.ts';
import { readHallConfig, writeHallConfig } from '../store/hall-config-store.ts';
import { configChanged, deviceRevoked, deviceTokenIssued, passwordReset } from './config-commands.ts';

export type { ConfigEntity };

/** What a `config.changed` event carries: the entity as it is after the change, without secrets. */
export interface ConfigChange {
  entity: ConfigEntity;
  code: string;
  op: 'create' | 'update' | 'retire';
  value: unknown;
}

/**
 * Configuration changes as engine commands: the rows, the reloaded catalogue and the `config.changed`
 * event (carrying the new entity) commit together, so the event log alone can rebuild the hall.
 */
export class CatalogCommands {
  private readonly revokeDevice;
  private readonly retireNoticeRow;
  private readonly setPassword;
  private readonly dropSessions;
  private readonly setTokenHash;

  constructor(private readonly core: EngineCore) {
    const db = core.db;
    this.revokeDevice = db.prepare('UPDATE devices SET revoked = 1, token_hash = NULL WHERE code = ? AND revoked = 0');
    this.retireNoticeRow = db.prepare('UPDATE notices SET retired = 1 WHERE code = ? AND retired = 0');
    this.setPassword = db.prepare('UPDATE staff SET password_hash = ? WHERE badge = ?');
    this.dropSessions = db.prepare('DELETE FROM sessions WHERE badge = ?');
    this.setTokenHash = db.prepare('UPDATE devices SET token_hash = ?, revoked = 0 WHERE code = ?');
  }

  /** The live configuration in the hall.yaml shape (password hashes, never plain passwords or tokens). */
  current(): HallConfig {
    return readHallConfig(this.core.db);
  }

  /** Writes a whole, already validated configuration and announces what changed (one event per entity). */
  save(cfg: HallConfig, changes: ConfigChange | ConfigChange[], actor: Actor): void {
    this.core.run((tx) => {
      writeHallConfig(this.core.db, cfg, tx.now);
      for (const change of Array.isArray(changes) ? changes : [changes]) this.announce(tx, change, actor);
    });
  }

  /** Announces a change already written inside `tx` (and makes the engine read it from now on). */
  announce(tx: Tx, change: ConfigChange, actor: Actor): void {
    this.core.reloadCatalog();
    // configChanged strips secrets: whatever a caller passes, no password, token or secret hint reaches the log.
    configChanged(tx, change.entity, change.op, change.value, actor, change.code);
  }

  /** Revokes a device and its token; false when there is no such live device. */
  retireDevice(code: string, actor: Actor): boolean {
    return this.core.run((tx) => {
      if (!this.revokeDevice.run(code).changes) return false;
      deviceRevoked(tx, code, actor);
      this.announce(tx, { entity: 'devices', code, op: 'retire', value: null }, actor);
      return true;
    });
  }

  retireNotice(code: string, actor: Actor): boolean {
    return this.core.run((tx) => {
      if (!this.retireNoticeRow.run(code).changes) return false;
      this.announce(tx, { entity: 'notices', code, op: 'retire', value: null }, actor);
      return true;
    });
  }

  /** Replaces a password hash and ends the member's sessions; false when there is no such member. */
  resetPassword(badge: string, passwordHash: string, actor: Actor): boolean {
    return this.core.run((tx) => {
      if (!this.setPassword.run(passwordHash, badge).changes) return false;
      this.dropSessions.run(badge);
      passwordReset(tx, badge, actor);
      return true;
    });
  }

  /** Stores the hash of a device's new token (the plain token never reaches the database or an event). */
  setDeviceToken(code: string, tokenHash: string, actor: Actor): boolean {
    return this.core.run((tx) => {
      if (!this.setTokenHash.run(tokenHash, code).changes) return false;
      deviceTokenIssued(tx, code, actor);
      return true;
    });
  }
}
