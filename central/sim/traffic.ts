import type { HallConfig } from '../../contract/config.ts';
import type { EvaluationLevel, Outcome } from '../../contract/domain.ts';
import type { HallServer } from '../../server/app.ts';
import type { Principal } from '../../server/auth/principal.ts';
import { DomainError } from '../../server/common/errors.ts';
import { localParts } from '../../server/common/hall-time.ts';
import type { Logger } from '../../server/common/logger.ts';
import { login } from '../../server/usecases/auth.ts';
import type { Caller } from '../../server/usecases/caller.ts';
import { deviceHealthChanged } from '../../server/usecases/devices.ts';
import { evaluateTicket, issueAtKiosk } from '../../server/usecases/tickets.ts';
import { runWindowAction } from '../../server/usecases/window-actions.ts';
import type { HallKind } from '../demo/county.ts';
import { SIM_STAFF_PASSWORD, staffFor } from './halls.ts';
import { syntheticIdNumber } from './id-numbers.ts';

/** Citizens per simulated hour at an ordinary moment; the hour-of-day profile scales it. */
const ARRIVALS_PER_HOUR: Record<HallKind, number> = { county_centre: 80, township_centre: 16, village_station: 4 };

/** A government hall's day: a busy morning, a quiet lunch (延时 only), a steadier afternoon. */
const HOUR_PROFILE: Record<number, number> = { 9: 1.5, 10: 1.7, 11: 1.2, 12: 0.3, 13: 0.8, 14: 1.0, 15: 0.9, 16: 0.6 };

const PAUSE_REASONS = ['临时离开', '业务咨询', '系统故障', '材料复核'];
const BAD_REASONS = ['等候时间太长', '态度不好', '一次性告知不到位'];

type Phase = 'off' | 'signing-in' | 'idle' | 'called' | 'serving' | 'paused' | 'done';

interface WindowSim {
  number: number;
  badge: string;
  phase: Phase;
  /** Simulated ms at which the current phase ends (or the next call is tried). */
  until: number;
  ticketId: string | null;
  token: string | null;
  /** The day this window's staff signed in on. */
  day: string | null;
  /** Some staff are away on a given day: their window stays closed. */
  absentOn: string | null;
}

export interface TrafficOptions {
  server: HallServer;
  config: HallConfig;
  kind: HallKind;
  random: () => number;
  log: Logger;
  /** Multiplies the arrival rate (CENTRAL_SIM_TRAFFIC). */
  traffic?: number;
}

/** What the driver did, for the simulator's summary line. */
export interface TrafficCounts {
  issued: number;
  served: number;
  evaluated: number;
  bad: number;
  pauses: number;
  faults: number;
  refused: number;
}

/**
 * The people of one simulated hall: citizens taking tickets at the kiosk, staff signing in, calling,
 * serving and finishing, citizens rating the service (some 差评, which open follow-up cases), windows
 * paused now and then, a printer fault once in a while. Everything goes through the hall's own use
 * cases, exactly as the kiosk, window and evaluator would, so the hall's events are real ones.
 */
export class HallTraffic {
  readonly counts: TrafficCounts = { issued: 0, served: 0, evaluated: 0, bad: 0, pauses: 0, faults: 0, refused: 0 };
  private readonly windows: WindowSim[];
  private readonly kiosk: Caller = { principal: { kind: 'device', code: 'K1', deviceKind: 'kiosk', window: null }, place: 'kiosk:K1' };
  private readonly items: { code: string; queue: string; needsId: boolean; minutes: number }[];
  private lastTick: number | undefined;
  private faultUntil: number | null = null;

  constructor(private readonly o: TrafficOptions) {
    const queues = new Map(o.config.queues.map((q) => [q.code, q]));
    this.items = o.config.items.map((i) => ({ code: i.code, queue: i.queue, needsId: queues.get(i.queue)?.idRequirement === 'required', minutes: i.serviceMinutes ?? o.config.rules.defaultServiceMinutes }));
    this.windows = o.config.windows.map((w) => ({ number: w.number, badge: staffFor(o.config, w.number), phase: 'off', until: 0, ticketId: null, token: null, day: null, absentOn: null }));
  }

  private get ctx() {
    return this.o.server.ctx;
  }

  /** One step of the simulated hall at simulated time `now`. */
  tick(now: Date): void {
    const t = now.getTime();
    const dtMs = this.lastTick === undefined ? 0 : Math.max(0, t - this.lastTick);
    this.lastTick = t;
    const local = localParts(now, this.o.config.hall.timezone);
    const hour = Math.floor(local.seconds / 3600);
    const working = local.time >= '08:55' && local.time < '17:00';
    if (working && dtMs > 0) this.arrivals(hour, dtMs);
    for (const w of this.windows) this.step(w, t, local.date, working);
    this.devices(t, dtMs);
  }

  private arrivals(hour: number, dtMs: number): void {
    const rate = ARRIVALS_PER_HOUR[this.o.kind] * (HOUR_PROFILE[hour] ?? 0) * (this.o.traffic ?? 1);
    let expected = (rate * dtMs) / 3_600_000;
    // Poisson arrivals, drawn as a sum of Bernoulli trials of at most one arrival each.
    while (expected > 0) {
      const p = Math.min(1, expected);
      if (this.o.random() < p) this.issue();
      expected -= 1;
    }
  }

  private issue(): void {
    const item = this.items[Math.floor(this.o.random() * this.items.length)];
    if (!item) return;
    this.attempt(() => {
      issueAtKiosk(this.ctx, this.kiosk, undefined, { item: item.code, ...(item.needsId ? { idNumber: syntheticIdNumber(this.o.random) } : {}) });
      this.counts.issued++;
    });
  }

  private staffCaller(w: WindowSim): Caller | undefined {
    if (!w.token) return undefined;
    const principal: Principal | undefined = this.ctx.sessions.fromSessionToken(w.token);
    return principal ? { principal, place: `window:${w.number}` } : undefined;
  }

  private act(w: WindowSim, action: Parameters<typeof runWindowAction>[3], body: unknown = {}): ReturnType<typeof runWindowAction> | undefined {
    const caller = this.staffCaller(w);
    if (!caller) {
      w.phase = 'off';
      w.token = null;
      return undefined;
    }
    return runWindowAction(this.ctx, caller, w.number, action, body);
  }

  private step(w: WindowSim, t: number, day: string, working: boolean): void {
    const r = this.o.random;
    if (w.phase === 'off' || w.phase === 'done') {
      if (!working || w.day === day) return;
      if (w.absentOn !== day && r() < 0.08) w.absentOn = day; // on leave today
      if (w.absentOn === day) return;
      // The password check runs off the event loop: the window waits for it in 'signing-in'.
      w.phase = 'signing-in';
      login(this.ctx, { principal: { kind: 'anonymous' }, place: `sim:window:${w.number}` }, w.badge, SIM_STAFF_PASSWORD).then(
        (outcome) => {
          w.token = outcome.token;
          w.phase = 'off';
          this.attempt(() => {
            this.act(w, 'sign-in');
            w.day = day;
            w.phase = 'idle';
            w.until = t + r() * 10 * 60_000; // staff arrive over the first minutes
          });
        },
        (error: unknown) => {
          w.phase = 'off';
          this.counts.refused++;
          this.o.log.warn({ err: error, hall: this.o.config.hall.code, window: w.number }, 'simulated sign-in failed');
        },
      );
      return;
    }
    if (w.phase === 'signing-in') return;
    if (w.day !== day) {
      // The business day rolled over under the window (rollover unbinds every session).
      w.phase = 'off';
      w.token = null;
      return;
    }
    if (t < w.until) return;
    switch (w.phase) {
      case 'idle': {
        if (!working) {
          this.attempt(() => this.act(w, 'sign-out'));
          w.phase = 'done';
          return;
        }
        if (r() < 0.03) {
          this.attempt(() => {
            this.act(w, 'pause', { reason: PAUSE_REASONS[Math.floor(r() * PAUSE_REASONS.length)]! });
            this.counts.pauses++;
            w.phase = 'paused';
            w.until = t + (5 + r() * 15) * 60_000;
          });
          return;
        }
        const called = this.attempt(() => this.act(w, 'call-next'), ['NO_WAITING']);
        if (called && 'id' in called) {
          w.ticketId = called.id;
          w.phase = 'called';
          w.until = t + (20 + r() * 60) * 1000;
        } else {
          w.until = t + 30_000;
        }
        return;
      }
      case 'called': {
        if (r() < 0.04) {
          this.attempt(() => this.act(w, 'no-show'));
          w.phase = 'idle';
          w.ticketId = null;
          return;
        }
        const started = this.attempt(() => this.act(w, 'start'));
        const item = this.items.find((i) => started && 'item' in started && i.code === started.item);
        const mean = item?.minutes ?? 8;
        w.phase = started ? 'serving' : 'idle';
        w.until = t + Math.max(1, -Math.log(1 - r()) * mean) * 60_000;
        return;
      }
      case 'serving': {
        const outcome: Outcome = r() < 0.85 ? 'done' : r() < 0.5 ? 'accepted' : 'supplement';
        const finished = this.attempt(() => this.act(w, 'finish', { outcome }));
        if (finished) this.counts.served++;
        const ticketId = w.ticketId;
        w.ticketId = null;
        w.phase = 'idle';
        w.until = t + (10 + r() * 40) * 1000;
        if (finished && ticketId && r() < 0.6) this.evaluate(w, ticketId);
        return;
      }
      case 'paused':
        this.attempt(() => this.act(w, 'resume'));
        w.phase = 'idle';
        return;
    }
  }

  private evaluate(w: WindowSim, ticketId: string): void {
    const r = this.o.random();
    const level: EvaluationLevel = r < 0.7 ? 'very_satisfied' : r < 0.9 ? 'satisfied' : r < 0.96 ? 'basic' : r < 0.985 ? 'dissatisfied' : 'very_dissatisfied';
    const bad = level === 'dissatisfied' || level === 'very_dissatisfied';
    const caller = this.staffCaller(w);
    if (!caller) return;
    this.attempt(() => {
      evaluateTicket(this.ctx, caller, { ticketId, level, source: 'screen', ...(bad ? { reason: BAD_REASONS[Math.floor(this.o.random() * BAD_REASONS.length)]! } : {}) });
      this.counts.evaluated++;
      if (bad) this.counts.bad++;
    });
  }

  /** Now and then the kiosk's printer jams (device.fault) and is cleared a while later (device.recovered). */
  private devices(t: number, dtMs: number): void {
    if (this.faultUntil !== null) {
      if (t >= this.faultUntil) {
        this.faultUntil = null;
        this.attempt(() => deviceHealthChanged(this.ctx, { device: 'K1', kind: 'printer', place: 'kiosk:K1', state: 'recovered' }));
      }
      return;
    }
    const perHour = 0.04;
    if (this.o.random() < (perHour * dtMs) / 3_600_000) {
      this.faultUntil = t + (10 + this.o.random() * 30) * 60_000;
      this.counts.faults++;
      this.attempt(() => deviceHealthChanged(this.ctx, { device: 'K1', kind: 'printer', place: 'kiosk:K1', state: 'fault', reason: '打印机缺纸' }));
    }
  }

  /** Runs a use case; a refusal the hall would show a person (closed queue, nobody waiting) is part of the day, anything else is logged. */
  private attempt<T>(fn: () => T, quiet: string[] = []): T | undefined {
    try {
      return fn();
    } catch (error) {
      if (error instanceof DomainError) {
        if (quiet.includes(error.code)) return undefined;
        this.counts.refused++;
        if (!['OUTSIDE_HOURS', 'QUEUE_CLOSED', 'DAILY_CAP_REACHED', 'SLOT_CAP_REACHED', 'PER_ID_LIMIT'].includes(error.code)) {
          this.o.log.debug({ code: error.code, hall: this.o.config.hall.code }, 'simulated action refused');
        }
        return undefined;
      }
      throw error;
    }
  }
}
