import { EventEmitter } from 'node:events';
import type { FeedEvent } from '../contract/central/api.ts';

/**
 * The in-process bus of one central instance: what ingestion committed, for the realtime layer.
 * Emitted after the commit, never for a refused batch. Other instances learn of it through their own
 * realtime fan-out (Redis) or by replaying central_events after a feed_seq.
 */
export interface IngestedHall {
  code: string;
  name: string;
  region: string;
  /** Region codes from the root down to the hall's region: who may see it. */
  regionPath: string[];
}

export interface IngestedNotice {
  hall: IngestedHall;
  /** The events stored now, in seq order, each with its feed_seq. */
  events: FeedEvent[];
  highWater: number;
  accepted: number;
  duplicates: number;
  summary: {
    /** Waiting count per queue after the batch, from the events' `waiting` fields (latest wins). */
    waiting: Record<string, number>;
    /** Events per type in this batch. */
    types: Record<string, number>;
    lastEventAt: string | null;
  };
}

export interface DivergedNotice {
  hall: IngestedHall;
  seq: number;
  divergenceId: number;
}

export interface HallChangedNotice {
  hall: string;
  change: 'registered' | 'token_issued' | 'token_revoked' | 'divergence_resolved';
}

interface BusEvents {
  ingested: [IngestedNotice];
  diverged: [DivergedNotice];
  hall: [HallChangedNotice];
}

export class CentralBus extends EventEmitter<BusEvents> {}
