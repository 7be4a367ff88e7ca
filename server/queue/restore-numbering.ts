import type { Queue } from '../../contract/config.ts';
import { localToInstant } from '../common/hall-time.ts';
import type { EngineCore, Tx } from './core.ts';
import { SYSTEM } from './core.ts';
import { periodsOn } from './hours.ts';
import { localParts } from '../common/hall-time.ts';

/**
 * After a restore from a backup, numbers already printed on citizens' tickets must never be issued
 * again. Each queue's counter for the hall's day is moved past anything the hall may have printed
 * since the backup:
 *
 * - exactly, when the database being replaced can still be read (its counters are the truth);
 * - otherwise by estimate: the minutes the queue issued tickets between the backup's last event and
 *   now, times the queue's busiest hour in the backup's history (at least one ticket a minute), times
 *   1.5, plus 20; then rounded up to the next hundred, so the restored hall starts a new numbering
 *   block staff can tell apart (A101, A201…), unless that would pass the queue's last number.
 */

export interface NumberingPlanInput {
  /** The hall's business day after the restore. */
  day: string;
  now: Date;
  /** The backup's last event: a lower bound of when it was taken. */
  backupAt: Date;
  timeZone: string;
  hours: Parameters<typeof periodsOn>[2];
  queues: readonly Queue[];
  /** The backup's counters for `day`. */
  restored: ReadonlyMap<string, number>;
  /** The replaced database's counters for `day`, when it could be read. */
  replaced?: ReadonlyMap<string, number> | undefined;
  /** The busiest hour each queue had in the backup (tickets), when it has history. */
  peakPerHour: ReadonlyMap<string, number>;
}

export interface QueueAdvance {
  queue: string;
  /** The counter as restored. */
  from: number;
  /** The counter after: the next ticket is to + 1. */
  to: number;
  basis: 'replaced-database' | 'estimate';
}

const MIN_PER_HOUR = 60;
const SAFETY_FACTOR = 1.5;
const SAFETY_MARGIN = 20;
const BLOCK = 100;

export function planNumbering(input: NumberingPlanInput): QueueAdvance[] {
  const out: QueueAdvance[] = [];
  for (const q of input.queues) {
    const from = input.restored.get(q.code) ?? 0;
    if (input.replaced) {
      const exact = Math.max(from, input.replaced.get(q.code) ?? 0);
      out.push({ queue: q.code, from, to: exact, basis: 'replaced-database' });
      continue;
    }
    const minutes = issuingMinutes(input, q);
    const perHour = Math.max(MIN_PER_HOUR, input.peakPerHour.get(q.code) ?? 0);
    const estimate = minutes > 0 ? Math.ceil((perHour / 60) * minutes * SAFETY_FACTOR) + SAFETY_MARGIN : 0;
    let to = from + estimate;
    const block = Math.ceil(to / BLOCK) * BLOCK;
    if (estimate > 0 && block < 10 ** q.numberWidth - 1) to = block;
    out.push({ queue: q.code, from, to, basis: 'estimate' });
  }
  return out;
}

/** Minutes of `day` between the backup and now during which the queue's kiosks issue (regular and 延时 hours). */
function issuingMinutes(input: NumberingPlanInput, q: Queue): number {
  const start = Math.max(input.backupAt.getTime(), localToInstant(input.day, '00:00', input.timeZone).getTime());
  const end = input.now.getTime();
  if (end <= start) return 0;
  const weekday = localParts(localToInstant(input.day, '12:00', input.timeZone), input.timeZone).weekday;
  const { regular, extended } = periodsOn(input.day, weekday, input.hours, q);
  let ms = 0;
  for (const p of [...regular, ...extended]) {
    const a = Math.max(start, localToInstant(input.day, p.start, input.timeZone).getTime());
    const b = Math.min(end, localToInstant(input.day, p.end, input.timeZone).getTime());
    if (b > a) ms += b - a;
  }
  // Staff may also issue outside the kiosk hours: never count less than a tenth of the elapsed time.
  return Math.ceil(Math.max(ms, (end - start) / 10) / 60_000);
}

/**
 * Writes the advanced counters with one `numbering.advanced` event, so a hall rebuilt from its event
 * log keeps them too. Counters only ever move forward.
 */
export function advanceCounters(core: EngineCore, tx: Tx, advances: readonly QueueAdvance[], reason: string): void {
  const set = core.db.prepare(`INSERT INTO counters (day, queue, last_no) VALUES (?, ?, ?)
    ON CONFLICT(day, queue) DO UPDATE SET last_no = MAX(last_no, excluded.last_no)`);
  const moved = advances.filter((a) => a.to > a.from);
  for (const a of moved) set.run(tx.day, a.queue, a.to);
  tx.emit({
    type: 'numbering.advanced',
    actor: SYSTEM,
    data: { day: tx.day, reason, counters: moved.map((a) => ({ queue: a.queue, from: a.from, to: a.to, basis: a.basis })) },
  });
}
