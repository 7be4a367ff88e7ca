import type { IncomingHttpHeaders } from 'node:http';
import type { ConsoleEvent, ConsoleRegion, HallDetail, HallLive } from '../../contract/central/console.ts';

/** A central user as the console needs it: who may see what. */
export interface ConsoleViewer {
  userId: string;
  role: string;
  /** The root of the region subtree the user sees; null for an admin who sees every region. */
  region: string | null;
}

/** A hall as registered at the centre. */
export interface HallMeta {
  code: string;
  name: string;
  kind: string;
  region: string;
}

/** One ingested hall event with its global feed position, as the ingest bus announces it. */
export interface FedEvent {
  feedSeq: number;
  hall: string;
  seq: number;
  type: ConsoleEvent['type'];
  at: string;
  window: number | null;
  queue: string | null;
  number: string | null;
}

/**
 * What the console server reads. Implemented over the centre's PostgreSQL (central/console/); the
 * realtime layer itself holds no SQL, so its room and replay logic stays readable.
 */
export interface ConsoleSource {
  /** Every region and every hall (cached by the caller for a few seconds). */
  regions(): Promise<ConsoleRegion[]>;
  halls(): Promise<HallMeta[]>;
  /** The feed position every committed event is at or below. */
  currentFeedSeq(): Promise<number>;
  summaries(halls: string[]): Promise<HallLive[]>;
  detail(hall: string): Promise<Omit<HallDetail, 'at' | 'hall' | 'recent'>>;
  /** Events of these halls after a feed position, ascending, at most `limit`. */
  eventsAfterFeed(halls: string[], afterFeedSeq: number, limit: number): Promise<FedEvent[]>;
  /** Events of one hall after one of its seqs, ascending, at most `limit`. */
  eventsAfterSeq(hall: string, afterSeq: number, limit: number): Promise<FedEvent[]>;
  /** The newest events of these halls, ascending. */
  recent(halls: string[], limit: number): Promise<FedEvent[]>;
  /** Each hall's last seq held and last contact. */
  positions(): Promise<Map<string, { seq: number; contactAt: string | null }>>;
}

/** Resolves a handshake's session cookie to a central user, or null. */
export type ConsoleAuthenticate = (headers: IncomingHttpHeaders) => Promise<ConsoleViewer | null>;

/** Subscribes to the ingest bus: called after each ingest commit with that commit's events. */
export type OnIngested = (listener: (events: FedEvent[]) => void) => () => void;
