import type { Db } from '../../server/store/db.ts';
import type { QueueEngine } from '../../server/queue/engine.ts';

/**
 * The baseline: the rule the predictor replaced — people ahead × today's mean service of the queue
 * (the configured minutes before there is any) ÷ the open windows listing the queue.
 */
export function naiveMinutes(db: Db, engine: QueueEngine, queue: string, peopleAhead: number, day: string): number {
  if (peopleAhead <= 0) return 0;
  const row = db
    .prepare(`SELECT AVG((julianday(finished_at) - julianday(called_at)) * 1440.0) AS m FROM tickets
      WHERE day = ? AND queue = ? AND state = 'finished' AND called_at IS NOT NULL AND finished_at IS NOT NULL`)
    .get(day, queue) as { m: number | null };
  const items = [...engine.catalog.items.values()].filter((i) => i.queue === queue && !i.retired);
  const mean = row.m ?? (items.length ? items.reduce((s, i) => s + i.serviceMinutes, 0) / items.length : engine.catalog.rules.defaultServiceMinutes);
  const serving = new Set(engine.catalog.windowsByQueue.get(queue) ?? []);
  const open = (db.prepare("SELECT number FROM windows WHERE status = 'open' AND retired = 0").all() as { number: number }[]).filter((w) => serving.has(w.number)).length;
  return Math.ceil((peopleAhead * mean) / Math.max(1, open));
}
