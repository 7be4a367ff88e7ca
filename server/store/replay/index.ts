import { EVENT_VERSION, type HallEvent } from '../../../contract/events.ts';
import type { Db } from '../db.ts';
import { applyConfigChanged, applyConfigSeeded, applySettingChanged } from './config-projection.ts';
import { HallProjection } from './hall-projection.ts';
import { PushProjection } from './push-projection.ts';

export { REPLAYED_PASSWORD_HASH } from './config-projection.ts';
export { diffScreenTables, formatDiffs, readScreenTables, SCREEN_TABLES, type ScreenTables, type TableDiff } from './compare.ts';

export class ReplayError extends Error {
  constructor(message: string, readonly seq: number) {
    super(message);
    this.name = 'ReplayError';
  }
}

export interface ReplayOptions {
  /** Accept a log with missing seqs (diagnostics only: the rebuilt hall is then not the original). */
  allowGaps?: boolean;
}

export interface ReplaySummary {
  events: number;
  lastSeq: number;
}

/** The whole event log of a hall database, oldest first. */
export function readEventLog(db: Db): HallEvent[] {
  return (db.prepare('SELECT body FROM events ORDER BY seq').all() as { body: string }[]).map((r) => JSON.parse(r.body) as HallEvent);
}

/**
 * Rebuilds a hall from its event log: applies `events` in seq order to a freshly migrated, empty
 * database, in one transaction, and appends the events themselves so the seq continues. The result is
 * the hall's configuration (without secrets: staff get a password hash that never verifies, devices
 * and webhooks no usable token or secret), tickets, counters, windows, appointments, evaluations, 差评
 * cases and the business day. ID hashes are not in events, so rebuilt rows have none.
 */
export function replayEvents(db: Db, events: Iterable<HallEvent>, options: ReplayOptions = {}): ReplaySummary {
  const existing = (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n;
  if (existing) throw new ReplayError(`the target database already has ${existing} events; replay into an empty database`, 0);
  const insertEvent = db.prepare('INSERT INTO events (seq, type, v, at, day, ticket_id, window, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const setDay = db.prepare("INSERT INTO settings (key, value) VALUES ('business_day', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  const hall = new HallProjection(db);
  const push = new PushProjection(db);
  let lastSeq = 0;
  let count = 0;
  let day: string | undefined;
  db.transaction(() => {
    for (const e of events) {
      if (e.seq <= lastSeq) throw new ReplayError(`event ${e.seq} (${e.type}) comes after ${lastSeq}: the log must be in seq order`, e.seq);
      if (e.seq !== lastSeq + 1 && !options.allowGaps) {
        throw new ReplayError(`events ${lastSeq + 1}…${e.seq - 1} are missing before ${e.seq} (${e.type})`, e.seq);
      }
      if (e.v !== EVENT_VERSION) throw new ReplayError(`event ${e.seq} has version ${e.v}; this projector reads version ${EVENT_VERSION}`, e.seq);
      if (count === 0 && e.type !== 'config.seeded') {
        throw new ReplayError(`the log starts with ${e.type} at seq ${e.seq}, not with config.seeded: it cannot rebuild the configuration`, e.seq);
      }
      try {
        if (e.type === 'config.seeded') applyConfigSeeded(db, e);
        else if (e.type === 'config.changed') applyConfigChanged(db, e);
        else if (e.type === 'settings.changed') applySettingChanged(db, e);
        else hall.apply(e);
        push.apply(e);
      } catch (error) {
        throw new ReplayError(`event ${e.seq} (${e.type}) could not be applied: ${describeError(error)}`, e.seq);
      }
      insertEvent.run(e.seq, e.type, e.v, e.at, e.day, e.ticket?.id ?? null, e.window, JSON.stringify(e));
      // The business day only moves forward, as in the engine (a clock stepped back does not reopen a day).
      if (day === undefined || e.day > day) {
        day = e.day;
        setDay.run(JSON.stringify(day));
      }
      lastSeq = e.seq;
      count += 1;
    }
  })();
  return { events: count, lastSeq };
}

/** A schema failure as `path: message; …` (which field of the event was wrong), anything else by its message. */
function describeError(error: unknown): string {
  const issues = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues;
  if (Array.isArray(issues)) return issues.map((i) => `${i.path.map(String).join('.') || '(data)'}: ${i.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}
