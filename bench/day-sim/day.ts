import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Actor } from '../../contract/events.ts';
import { ManualClock } from '../../server/common/clock.ts';
import { localToInstant } from '../../server/common/hall-time.ts';
import { hashPassword } from '../../server/auth/password.ts';
import { QueueEngine } from '../../server/queue/engine.ts';
import { QueueError } from '../../server/queue/errors.ts';
import type { IssueResult } from '../../server/queue/issue.ts';
import { Rng } from '../../server/queue/predictor/rng.ts';
import { openDatabase, type Db } from '../../server/store/db.ts';
import { writeHallConfig } from '../../server/store/hall-config-store.ts';
import { dayArrivals, pick } from './arrivals.ts';
import { Agenda } from './events.ts';
import { badgeOf, ITEMS, simHallConfig, WINDOWS, type SimWindow } from './hall.ts';
import { naiveMinutes } from './naive.ts';

const MIN = 60_000;
const TZ = 'Asia/Shanghai';
const KIOSK: Actor = { kind: 'device', id: 'K1' };
const PUBLIC: Actor = { kind: 'public', id: null };
const NO_SHOW = 0.07;
const APPOINTMENTS_PER_DAY = 45;
const APPOINTMENT_SHOW = 0.9;
const PAUSES_PER_WINDOW = 1.2;

/** One ticket as scored: the estimates at issue, and (after the day) when it was first called. */
export interface TicketRecord {
  id: string;
  queue: string;
  kind: 'normal' | 'green' | 'appointment';
  issuedMs: number;
  /** Local minutes after midnight at issue. */
  minuteOfDay: number;
  estimate: number;
  low: number;
  high: number;
  imminent: boolean;
  naive: number;
  calledMs: number | null;
}

export interface DayResult {
  day: string;
  records: TicketRecord[];
  refused: number;
  /** Predictor time per prediction (ms) during the day. */
  predictorMs: number[];
  /** Waiting tickets when each prediction ran (the size of the simulation). */
  commands: number;
}

type State = 'off' | 'idle' | 'waking' | 'called' | 'serving' | 'paused';

interface Agent {
  cfg: SimWindow;
  state: State;
  actor: Actor;
  pausePending: number | null;
  onShift: boolean;
}

/**
 * A hall day driven through the real engine with a controlled clock: kiosk and staff issues, calls,
 * starts, finishes, no-shows (recall, then 过号), pauses and the lunch break, appointment bookings and
 * check-ins, all as the engine's commands; the estimate at issue is what the engine answered.
 */
export class HallDaySim {
  readonly dir: string;
  readonly db: Db;
  readonly clock: ManualClock;
  readonly engine: QueueEngine;
  private readonly agenda = new Agenda();
  private readonly agents = new Map<number, Agent>();
  private readonly rng: Rng;
  private records = new Map<string, TicketRecord>();
  private refused = 0;
  private commands = 0;

  constructor(readonly seed: number, firstDay: string) {
    const shm = '/dev/shm';
    this.dir = mkdtempSync(path.join(existsSync(shm) ? shm : os.tmpdir(), 'hallq-daysim-'));
    this.db = openDatabase({ dataDir: this.dir });
    // Accuracy, not durability, is measured here: no fsync per command.
    this.db.pragma('synchronous = OFF');
    this.clock = new ManualClock(localToInstant(firstDay, '07:00', TZ));
    writeHallConfig(this.db, simHallConfig(hashPassword('bench-only-password')), this.clock.now());
    this.engine = new QueueEngine({ db: this.db, clock: this.clock });
    this.rng = new Rng(seed * 1_000_003 + 17);
    for (const w of WINDOWS) this.agents.set(w.number, { cfg: w, state: 'off', actor: { kind: 'staff', id: badgeOf(w.number) }, pausePending: null, onShift: false });
  }

  close(): void {
    this.engine.stop();
    this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private local(day: string, hhmm: string): number {
    return localToInstant(day, hhmm, TZ).getTime();
  }

  /** Books the next day's appointments the evening before, as citizens do online. */
  private bookFor(day: string): { code: string; slotMs: number }[] {
    const slots = ['09:00', '09:30', '10:00', '10:30', '11:00', '13:30', '14:00', '14:30', '15:00', '15:30', '16:00'];
    const booked: { code: string; slotMs: number }[] = [];
    for (let i = 0; i < APPOINTMENTS_PER_DAY; i++) {
      const item = pick(this.rng, ITEMS.map((it) => [it.code, it.share] as [string, number]));
      const slotStart = slots[Math.floor(this.rng.next() * slots.length)]!;
      try {
        const a = this.engine.appointments.book({ item, date: day, slotStart, actor: PUBLIC });
        booked.push({ code: a.code, slotMs: this.local(day, slotStart) });
      } catch (error) {
        // A full slot or any other refusal (each carries a code): that citizen books nothing.
        if (!refusal(error)) throw error;
      }
    }
    return booked;
  }

  runDay(day: string, bookingsForDay: { code: string; slotMs: number }[], dayFactor: number): DayResult {
    this.records = new Map();
    this.refused = 0;
    this.commands = 0;
    const timings = this.engine.estimator.predictor.timings;
    timings.length = 0;
    const midnight = this.local(day, '00:00');

    // Citizens: ordinary and green-channel arrivals, and the booked who come to check in.
    for (const a of dayArrivals(this.rng, midnight, [[9 * 60, 12 * 60], [13.5 * 60, 17.25 * 60]], dayFactor)) {
      this.agenda.at(a.atMs, () => this.issue(a.queue, a.item, a.green));
    }
    for (const b of bookingsForDay) {
      if (this.rng.next() > APPOINTMENT_SHOW) continue;
      this.agenda.at(b.slotMs - this.rng.next() * 15 * MIN, () => this.checkIn(b.code));
    }
    // Staff: shifts, the lunch break, and a few short pauses each.
    for (const agent of this.agents.values()) {
      for (const [from, to] of agent.cfg.spans) {
        this.agenda.at(this.local(day, from) + this.rng.next() * 3 * MIN, () => this.shiftStart(agent));
        this.agenda.at(this.local(day, to), () => this.shiftEnd(agent, to === '17:30'));
      }
      this.agenda.at(this.local(day, '12:00'), () => this.lunch(agent, day));
      let k = 0;
      const limit = Math.exp(-PAUSES_PER_WINDOW);
      for (let p = this.rng.next(); p > limit; p *= this.rng.next()) k++;
      for (let i = 0; i < k; i++) {
        const at = midnight + (9.5 * 60 + this.rng.next() * 6.5 * 60) * MIN;
        if (at > this.local(day, '11:50') && at < this.local(day, '13:40')) continue;
        const minutes = Math.exp(Math.log(8) + 0.5 * this.rng.normal());
        this.agenda.at(at, () => this.requestPause(agent, minutes));
      }
    }
    // Tomorrow's bookings are made this evening.
    let tomorrow: { code: string; slotMs: number }[] = [];
    this.agenda.at(this.local(day, '20:00'), () => (tomorrow = this.bookFor(nextDay(day))));

    // The kiosks' home screens re-read the queues' estimates whenever the waiting counts change (an
    // issue or a call), as kiosk-ui does; the engine then answers an issue from that prediction.
    const seen = { seq: this.engine.core.log.lastSeq() };
    const stop = this.engine.onEvents((events) => {
      if (events.some((e) => e.waiting !== undefined)) seen.seq = -1;
    });
    for (let e = this.agenda.pop(); e; e = this.agenda.pop()) {
      if (e.at > this.clock.now().getTime()) this.clock.set(new Date(e.at));
      e.run();
      if (seen.seq === -1) {
        this.engine.views.queueStatus();
        seen.seq = this.engine.core.log.lastSeq();
      }
    }
    stop();
    for (const a of this.agents.values()) if (a.state !== 'off') throw new Error(`window ${a.cfg.number} still ${a.state} at the end of ${day}`);

    const called = this.db.prepare('SELECT id, called_at FROM tickets WHERE day = ?').all(day) as { id: string; called_at: string | null }[];
    for (const r of called) {
      const rec = this.records.get(r.id);
      if (rec) rec.calledMs = r.called_at ? Date.parse(r.called_at) : null;
    }
    this.pendingBookings = tomorrow;
    return { day, records: [...this.records.values()], refused: this.refused, predictorMs: [...timings], commands: this.commands };
  }

  /** Bookings made on the evening of the last day run, for the next. */
  pendingBookings: { code: string; slotMs: number }[] = [];

  bookFirstDay(day: string): { code: string; slotMs: number }[] {
    return this.bookFor(day);
  }

  private record(r: IssueResult, kind: TicketRecord['kind']): void {
    const now = this.clock.now().getTime();
    const e = r.waitEstimate!;
    this.records.set(r.ticket.id, {
      id: r.ticket.id,
      queue: r.ticket.queue,
      kind,
      issuedMs: now,
      minuteOfDay: (now - this.local(r.ticket.day, '00:00')) / MIN,
      estimate: e.minutes,
      low: e.low,
      high: e.high,
      imminent: e.imminent,
      naive: naiveMinutes(this.db, this.engine, r.ticket.queue, r.peopleAhead, r.ticket.day),
      calledMs: null,
    });
    this.wake(r.ticket.queue);
  }

  private issue(queue: string, item: string, green: boolean): void {
    try {
      this.commands++;
      const r = green
        ? this.engine.issuer.issue({ queue, item, source: 'staff', priority: 'green', greenReason: '老年人', actor: { kind: 'staff', id: badgeOf(1) } })
        : this.engine.issuer.issue({ item, source: 'kiosk', kiosk: 'K1', actor: KIOSK });
      this.record(r, green ? 'green' : 'normal');
    } catch (error) {
      if (!refusal(error)) throw error;
      this.refused++;
    }
  }

  private checkIn(code: string): void {
    try {
      this.commands++;
      this.record(this.engine.appointments.checkIn({ code }, 'K1', KIOSK), 'appointment');
    } catch (error) {
      if (!refusal(error)) throw error;
      this.refused++;
    }
  }

  /** Idle windows serving the queue notice a newcomer within half a minute. */
  private wake(queue: string): void {
    for (const a of this.agents.values()) {
      if (a.state !== 'idle' || !a.cfg.queues.includes(queue)) continue;
      a.state = 'waking';
      this.agenda.at(this.clock.now().getTime() + (5 + this.rng.next() * 25) * 1000, () => {
        if (a.state === 'waking') {
          a.state = 'idle';
          this.next(a);
        }
      });
    }
  }

  private shiftStart(a: Agent): void {
    a.onShift = true;
    if (a.state !== 'off') return;
    this.commands++;
    this.engine.windows.signIn(a.cfg.number, badgeOf(a.cfg.number), a.actor);
    a.state = 'idle';
    if (this.inLunch()) this.lunchPause(a);
    else this.next(a);
  }

  private lastShiftEnd = new Set<number>();
  private shiftEnd(a: Agent, endOfDay: boolean): void {
    a.onShift = false;
    if (endOfDay) this.lastShiftEnd.add(a.cfg.number);
    if (a.state === 'idle' || a.state === 'waking' || a.state === 'paused') this.closeWindow(a);
  }

  private closeWindow(a: Agent): void {
    // At the hall's closing the windows still serve whoever is waiting.
    if (this.lastShiftEnd.has(a.cfg.number) && this.engine.views.waitingFor(a.cfg.number, 1).length) {
      a.onShift = true;
      a.state = 'idle';
      this.next(a);
      a.onShift = false;
      return;
    }
    this.commands++;
    this.engine.windows.close(a.cfg.number, a.actor);
    a.state = 'off';
    this.lastShiftEnd.delete(a.cfg.number);
  }

  private inLunch(): boolean {
    const now = this.clock.now().getTime();
    const day = this.engine.core.today();
    return now >= this.local(day, '12:00') && now < this.local(day, '13:30');
  }

  private lunch(a: Agent, day: string): void {
    if (a.state === 'idle' || a.state === 'waking') this.lunchPause(a);
    void day;
  }

  private lunchPause(a: Agent): void {
    this.commands++;
    this.engine.windows.pause(a.cfg.number, '午休', a.actor);
    a.state = 'paused';
    const day = this.engine.core.today();
    this.agenda.at(this.local(day, '13:30') + this.rng.next() * 4 * MIN, () => this.resume(a));
  }

  private resume(a: Agent): void {
    if (a.state !== 'paused') return;
    if (!a.onShift) {
      this.closeWindow(a);
      return;
    }
    this.commands++;
    this.engine.windows.resumeService(a.cfg.number, a.actor);
    a.state = 'idle';
    this.next(a);
  }

  private requestPause(a: Agent, minutes: number): void {
    if (a.state === 'off' || a.state === 'paused') return;
    a.pausePending = minutes;
    if (a.state === 'idle' || a.state === 'waking') {
      a.state = 'idle';
      this.next(a);
    }
  }

  /** The window is free: lunch, a pause, the end of the shift, or the next call. */
  private next(a: Agent): void {
    if (a.state !== 'idle') return;
    if (this.inLunch()) return this.lunchPause(a);
    if (!a.onShift) return this.closeWindow(a);
    if (a.pausePending !== null) {
      const minutes = a.pausePending;
      a.pausePending = null;
      this.commands++;
      this.engine.windows.pause(a.cfg.number, '临时离开', a.actor);
      a.state = 'paused';
      this.agenda.at(this.clock.now().getTime() + minutes * MIN, () => this.resume(a));
      return;
    }
    let ticket;
    try {
      this.commands++;
      ticket = this.engine.windows.callNext(a.cfg.number, a.actor);
    } catch (error) {
      if (error instanceof QueueError && error.code === 'NO_WAITING') {
        if (this.lastShiftEnd.delete(a.cfg.number)) this.closeWindow(a);
        return;
      }
      throw error;
    }
    a.state = 'called';
    const now = this.clock.now().getTime();
    const gap = () => (6 + this.rng.next() * 24) * 1000;
    if (this.rng.next() < NO_SHOW) {
      this.agenda.at(now + MIN, () => {
        this.commands++;
        this.engine.windows.recall(a.cfg.number, a.actor);
      });
      this.agenda.at(now + 2.5 * MIN, () => {
        this.commands++;
        this.engine.windows.noShow(a.cfg.number, a.actor);
        a.state = 'idle';
        this.agenda.at(this.clock.now().getTime() + gap(), () => this.next(a));
      });
      return;
    }
    const item = ITEMS.find((i) => i.code === ticket.item) ?? ITEMS.find((i) => i.queue === ticket.queue)!;
    const walk = (0.3 + this.rng.next() * 0.9) * MIN;
    const service = Math.exp(Math.log(item.trueMedian) + item.sigma * this.rng.normal()) * MIN;
    this.agenda.at(now + walk, () => {
      this.commands++;
      this.engine.windows.start(a.cfg.number, a.actor);
      a.state = 'serving';
    });
    this.agenda.at(now + walk + service, () => {
      this.commands++;
      this.engine.windows.finish(a.cfg.number, 'done', null, a.actor);
      a.state = 'idle';
      this.agenda.at(this.clock.now().getTime() + gap(), () => this.next(a));
    });
  }
}

/** A refusal the engine or a use case gives (a QueueError or DomainError with its code), not a crash. */
function refusal(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof QueueError || (error instanceof Error && typeof code === 'string' && /^[A-Z_]+$/.test(code));
}

export function nextDay(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
