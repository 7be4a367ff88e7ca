import type { HallEvent } from '../../contract/events.ts';
import type { Db } from '../store/db.ts';
import { Appointments } from './appointments.ts';
import { CaseCommands } from './cases.ts';
import { EvaluationCommands } from './evaluation-commands.ts';
import { CatalogCommands } from './catalog-commands.ts';
import { systemClock, type Clock } from '../common/clock.ts';
import { EngineCore } from './core.ts';
import { WaitEstimator } from './estimate.ts';
import { msUntilLocalMidnight } from '../common/hall-time.ts';
import { TicketIssuer } from './issue.ts';
import { TicketOrder } from './ordering.ts';
import { closePreviousDays } from './rollover.ts';
import { RemoteTickets } from './remote.ts';
import { TicketCommands } from './ticket-commands.ts';
import { HallViews } from './views.ts';
import type { StorageGuard } from '../store/storage-guard.ts';
import { WindowCommands } from './window-commands.ts';

export interface EngineOptions {
  db: Db;
  clock?: Clock;
  /** Storage failures and the sign-in reserve (store/storage-guard.ts); a guard without a reserve by default. */
  storage?: StorageGuard;
}

/**
 * The queue engine: one object per hall, composed of small command groups that share one
 * transactional core. It knows nothing of HTTP, sockets or devices; they subscribe with `onEvents`.
 */
export class QueueEngine {
  readonly core: EngineCore;
  readonly order: TicketOrder;
  readonly estimator: WaitEstimator;
  readonly issuer: TicketIssuer;
  readonly windows: WindowCommands;
  readonly tickets: TicketCommands;
  readonly cases: CaseCommands;
  /** 好差评 records, one per visit, and the refusals (contract/evaluation.ts). */
  readonly evaluations: EvaluationCommands;
  readonly appointments: Appointments;
  readonly views: HallViews;
  readonly config: CatalogCommands;
  /** 远程取号: numbers taken from a phone, waiting as 未到场 until the citizen arrives. */
  readonly remote: RemoteTickets;
  private midnightTimer: NodeJS.Timeout | undefined;

  constructor({ db, clock = systemClock, storage }: EngineOptions) {
    this.core = new EngineCore(db, clock, storage);
    this.core.rollover = (tx, fromDay) => closePreviousDays(this.core, tx, fromDay);
    this.order = new TicketOrder(db);
    this.estimator = new WaitEstimator(this.core);
    this.issuer = new TicketIssuer(this.core, this.order, this.estimator);
    this.windows = new WindowCommands(this.core, this.order);
    this.cases = new CaseCommands(this.core);
    this.tickets = new TicketCommands(this.core, this.cases);
    this.evaluations = new EvaluationCommands(this.core, this.cases);
    this.tickets.evaluations = this.evaluations;
    this.windows.onFinished = (tx, ticketId) => this.evaluations.finishedIn(tx, ticketId);
    this.appointments = new Appointments(this.core, this.issuer);
    this.views = new HallViews(this.core, this.order, this.estimator);
    this.config = new CatalogCommands(this.core);
    this.remote = new RemoteTickets(this.core, this.issuer, this.order, this.estimator);
    this.core.ensureDay();
  }

  get catalog() {
    return this.core.catalog;
  }

  onEvents(listener: (events: HallEvent[]) => void): () => void {
    return this.core.onEvents(listener);
  }

  /** Rolls the business day over at local midnight even when the hall is idle. */
  startMidnightTimer(): void {
    const arm = () => {
      const delay = msUntilLocalMidnight(this.core.clock.now(), this.catalog.hall.timezone) + 50;
      this.midnightTimer = setTimeout(() => {
        try {
          this.core.ensureDay();
        } catch (error) {
          // A full or failing disk at midnight must not take the server down: the next command retries
          // the rollover before it runs.
          this.core.onListenerError(error);
        } finally {
          arm();
        }
      }, delay);
      this.midnightTimer.unref();
    };
    arm();
  }

  stop(): void {
    clearTimeout(this.midnightTimer);
  }
}
