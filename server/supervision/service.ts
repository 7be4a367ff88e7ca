import type { SupervisionAlertsPayload, SupervisionSettings } from '../../contract/admin.ts';
import type { Clock } from '../common/clock.ts';
import type { QueueEngine } from '../queue/engine.ts';
import type { Db } from '../store/db.ts';
import { readSupervisionSettings } from '../store/settings-store.ts';
import { SupervisionQueries } from '../store/supervision-queries.ts';
import type { StorageStatus } from '../store/storage-guard.ts';
import { CaseReads } from './cases.ts';
import { HelpCalls } from './help-calls.ts';
import { SupervisionMonitor, type HealthSource } from './monitor.ts';

export interface SupervisionOptions {
  db: Db;
  engine: QueueEngine;
  clock: Clock;
  /** The device manager's health registry; a health change re-evaluates the alerts at once. */
  health?: HealthSource | undefined;
  /** The database storage; a change (full, error, recovered) re-evaluates the alerts at once. */
  storage?: { status(): StorageStatus; onChange(listener: () => void): () => void } | undefined;
  /** Where changed alerts go (publisher.ts: the supervisors' room). */
  publish: (payload: SupervisionAlertsPayload) => void;
  onError: (error: unknown) => void;
}

/**
 * Live supervision as one service the composition root builds, starts and stops: the monitor (on its
 * timer and after engine events), the 差评 case reads, and the settings as stored. Routes only read it
 * and call engine commands; they never start or stop it.
 */
export class Supervision {
  readonly monitor: SupervisionMonitor;
  readonly cases: CaseReads;
  /** Open 帮办 calls from kiosks. */
  readonly help: HelpCalls;
  private offHealth: (() => void) | undefined;
  private offStorage: (() => void) | undefined;

  constructor(private readonly o: SupervisionOptions) {
    this.cases = new CaseReads(o.db, o.clock);
    const queries = new SupervisionQueries(o.db);
    this.help = new HelpCalls({ engine: o.engine, queries, clock: o.clock });
    this.monitor = new SupervisionMonitor({
      engine: o.engine,
      queries,
      helpCalls: () => this.help.list(),
      clock: o.clock,
      openCases: () => this.cases.openCases(),
      settings: () => this.settings().alerts,
      health: () => o.health,
      ...(o.storage ? { storage: () => o.storage!.status() } : {}),
      publish: o.publish,
      onError: o.onError,
    });
  }

  settings(): SupervisionSettings {
    return readSupervisionSettings(this.o.db);
  }

  start(): void {
    this.help.start();
    this.monitor.start();
    this.offHealth = this.o.health?.onHealthChange?.(() => this.monitor.nudge());
    this.offStorage = this.o.storage?.onChange(() => this.monitor.nudge());
  }

  stop(): void {
    this.offHealth?.();
    this.offHealth = undefined;
    this.offStorage?.();
    this.offStorage = undefined;
    this.monitor.stop();
    this.help.stop();
  }
}
