import { normalCdf, normalQuantile, type Rng } from './rng.ts';
import { ASSISTED_TIER, ELDERLY_TIER } from '../ordering.ts';
import type { HallModel, HallNow, LogNormal, Tier, WindowNow } from './types.ts';

const MINUTE = 60_000;
/** Loop steps taken, for the benchmark's cost figures. */
export const simStats = { steps: 0, runs: 0 };
/** Prefix of the id of a queue's newcomer (a marker ticket that takes no window time, see below). */
export const NEWCOMER = '\u0000newcomer:';
/** How far ahead one run looks at most; a ticket not called by then is reported at the horizon. */
export const HORIZON_MS = 8 * 60 * MINUTE;

interface SimTicket {
  id: string;
  care: 'assisted' | 'elderly' | null;
  targetWindow?: number | null;
  queue: string;
  item: string | null;
  kind: Tier;
  dueMs: number | null;
  sortKey: number;
  /** A ticket whose call time is wanted (every real waiting ticket and each queue's newcomer). */
  target: boolean;
  /** A queue's newcomer: it records when a window would call it, then takes no time, so it delays nobody. */
  marker: boolean;
}

/**
 * One queue's line in the simulation: the priority tickets (green channel, then the care classes) by
 * tier and sort order, the ordinary ones in sort order, appointments apart (their tier turns with the time).
 */
class Line {
  green: SimTicket[] = [];
  greenAt = 0;
  normal: SimTicket[] = [];
  normalAt = 0;
  appointments: SimTicket[] = [];

  add(t: SimTicket): void {
    if (t.kind === 'green' || t.care !== null) insertByTier(this.green, this.greenAt, t);
    else if (t.kind === 'appointment') this.appointments.push(t);
    else insertSorted(this.normal, this.normalAt, t);
  }
}

/** The fixed tier of a priority ticket: green channel 0, then the care classes (ordering.ts). */
export function fixedTier(t: { kind: Tier; care: 'assisted' | 'elderly' | null }): number {
  if (t.kind === 'green') return 0;
  if (t.care === 'assisted') return ASSISTED_TIER;
  if (t.care === 'elderly') return ELDERLY_TIER;
  return 2;
}

function insertByTier(list: SimTicket[], from: number, t: SimTicket): void {
  const tier = fixedTier(t);
  let i = list.length;
  while (i > from) {
    const p = list[i - 1]!;
    const pt = fixedTier(p);
    if (pt < tier || (pt === tier && p.sortKey <= t.sortKey)) break;
    i--;
  }
  list.splice(i, 0, t);
}

function insertSorted(list: SimTicket[], from: number, t: SimTicket): void {
  let i = list.length;
  while (i > from && list[i - 1]!.sortKey > t.sortKey) i--;
  list.splice(i, 0, t);
}

interface Stream {
  queue: string;
  kind: 'normal' | 'green';
  nextMs: number;
}

interface SimWindow {
  w: WindowNow;
  freeAt: number;
  streak: number;
  index: Map<string, number>;
  targeted: SimTicket[];
  /** Target tickets transferred to this window alone, not yet called. */
  targetsHere: number;
}

/** A draw from a lognormal, optionally given that it is already longer than `atLeast` minutes. */
export function drawMinutes(d: LogNormal, rng: Rng, atLeast = 0): number {
  if (atLeast <= 0) return Math.exp(d.mu + d.sigma * rng.normal());
  const floor = normalCdf((Math.log(atLeast) - d.mu) / d.sigma);
  const u = floor + (1 - floor) * rng.next();
  return Math.max(atLeast, Math.exp(d.mu + d.sigma * normalQuantile(u)));
}

/** The first instant at or after `t` inside one of the periods, or Infinity after the last. */
export function inService(periods: [number, number][], t: number): number {
  for (const [s, e] of periods) {
    if (t < s) return s;
    if (t < e) return t;
  }
  return Infinity;
}

/** Windows call within the periods, and after the last one until the line is empty (as halls do). */
const OVERTIME_MS = 3 * 60 * MINUTE;
function callable(periods: [number, number][], t: number): number {
  const at = inService(periods, t);
  const last = periods.at(-1);
  if (at === Infinity && last && t < last[1] + OVERTIME_MS) return t;
  return at;
}

/**
 * One forward run of the hall: the windows as they are (open, paused with the pause's likely rest,
 * closed), the tickets being served with the time they have already had, then every window calling
 * by the engine's own order (green channel, then transfers to it and appointments due, then arrival;
 * its queues in the configured order or by longest wait; the anti-starvation rule), each call drawing
 * a no-show or a service time for the ticket's item, while green-channel tickets, appointments and
 * ordinary newcomers keep arriving as the hall's history says. Returns, for every target ticket, the
 * instant (ms) a window calls it.
 */
export function simulateOnce(now: HallNow, model: HallModel, rng: Rng, only?: { tickets: Set<string>; queues: Set<string> }): Map<string, number> {
  const t0 = now.nowMs;
  simStats.runs++;
  const horizon = t0 + HORIZON_MS;
  const lines = new Map<string, Line>();
  const line = (q: string) => {
    let l = lines.get(q);
    if (!l) lines.set(q, (l = new Line()));
    return l;
  };
  const windows: SimWindow[] = now.windows.map((w) => ({ w, freeAt: Infinity, streak: w.priorityStreak, index: new Map(w.queues.map((q, i) => [q, i])), targeted: [], targetsHere: 0 }));
  const byNumber = new Map(windows.map((s) => [s.w.number, s]));
  let targets = 0;
  /** Targets not yet called, per queue: a window none of whose queues has any left cannot change an answer. */
  const left = new Map<string, number>();
  const count = (q: string, n: number) => left.set(q, (left.get(q) ?? 0) + n);
  for (const t of now.waiting) {
    // Beyond `only` a ticket still takes window time, but the run does not wait for its call.
    const target = !only || only.tickets.has(t.id);
    const st: SimTicket = { ...t, target, marker: false };
    const win = t.targetWindow !== null ? byNumber.get(t.targetWindow) : undefined;
    if (win) insertSorted(win.targeted, 0, st);
    else line(t.queue).add(st);
    if (!target) continue;
    targets++;
    if (win) win.targetsHere++;
    else count(t.queue, 1);
  }
  for (const q of now.queues) {
    if (only && !only.queues.has(q)) continue;
    line(q).add({ id: NEWCOMER + q, queue: q, item: null, kind: 'normal', care: null, dueMs: null, sortKey: t0 + 1000, target: true, marker: true });
    targets++;
    count(q, 1);
  }
  const matters = (s: SimWindow) => {
    if (s.targetsHere > 0) return true;
    for (const q of s.index.keys()) if ((left.get(q) ?? 0) > 0) return true;
    return false;
  };
  const calls = new Map<string, number>();

  // Windows: when each can call next.
  const served = new Set<string>();
  for (const s of windows) if (s.w.status !== 'closed') for (const q of s.w.queues) served.add(q);
  for (const s of windows) {
    s.freeAt = startFree(s.w, now, model, rng, served);
    // A closed window stands in only for the queues nobody else serves.
    if (s.w.status === 'closed') for (const q of s.w.queues) if (served.has(q)) s.index.delete(q);
  }

  // Arrivals still to come: Poisson streams per queue and class, and the booked appointments.
  const streams: Stream[] = [];
  for (const q of lines.keys()) {
    for (const kind of ['normal', 'green'] as const) {
      const st: Stream = { queue: q, kind, nextMs: t0 };
      advanceStream(st, now, model, rng, horizon);
      if (st.nextMs < horizon) streams.push(st);
    }
  }
  const booked = now.appointments
    .filter(() => rng.next() < model.checkInRate)
    .map((a) => ({ ...a, arriveMs: Math.max(t0, a.slotStartMs - (2 + 8 * rng.next()) * MINUTE) }))
    .sort((a, b) => a.arriveMs - b.arriveMs);
  let bookedAt = 0;

  const admit = (until: number) => {
    for (const st of streams) {
      while (st.nextMs <= until) {
        const item = pickItem(model, st.queue, rng);
        line(st.queue).add({ id: '', queue: st.queue, item, kind: st.kind, care: null, dueMs: null, sortKey: st.nextMs, target: false, marker: false });
        advanceStream(st, now, model, rng, horizon);
      }
    }
    while (bookedAt < booked.length && booked[bookedAt]!.arriveMs <= until) {
      const a = booked[bookedAt++]!;
      line(a.queue).add({ id: '', queue: a.queue, item: a.item, kind: 'appointment', care: null, dueMs: a.slotStartMs, sortKey: a.arriveMs, target: false, marker: false });
    }
  };
  /** When the next citizen arrives, and admitting just that one (its queue). */
  const nextArrival = (): number => {
    let next = bookedAt < booked.length ? booked[bookedAt]!.arriveMs : Infinity;
    for (const st of streams) if (st.nextMs < next) next = st.nextMs;
    return next;
  };
  const admitNext = (): string | undefined => {
    let best: Stream | undefined;
    for (const st of streams) if (!best || st.nextMs < best.nextMs) best = st;
    const b = bookedAt < booked.length ? booked[bookedAt]! : undefined;
    if (b && (!best || b.arriveMs <= best.nextMs)) {
      admit(b.arriveMs);
      return b.queue;
    }
    if (!best || best.nextMs === Infinity) return undefined;
    const q = best.queue;
    const item = pickItem(model, q, rng);
    line(q).add({ id: '', queue: q, item, kind: best.kind, care: null, dueMs: null, sortKey: best.nextMs, target: false, marker: false });
    advanceStream(best, now, model, rng, horizon);
    return q;
  };
  /** Idle windows wait for a citizen; one that serves the newcomer's queue takes it. */
  const idle: SimWindow[] = [];
  const wake = (queue: string, at: number) => {
    for (let i = 0; i < idle.length; i++) {
      const w = idle[i]!;
      if (!w.index.has(queue)) continue;
      idle.splice(i, 1);
      if (!matters(w)) {
        i--;
        continue;
      }
      w.freeAt = at;
      active.push(w);
      return;
    }
  };

  // Only windows that will call again are scanned; one that can no longer matter leaves the list.
  const active = windows.filter((w) => w.freeAt < horizon);
  while (targets > 0) {
    simStats.steps++;
    let si = -1;
    for (let i = 0; i < active.length; i++) if (si < 0 || active[i]!.freeAt < active[si]!.freeAt) si = i;
    const busyAt = si >= 0 ? active[si]!.freeAt : Infinity;
    if (idle.length) {
      const arriveAt = nextArrival();
      if (arriveAt <= busyAt && arriveAt < horizon) {
        const q = admitNext();
        if (q) wake(q, arriveAt);
        continue;
      }
    }
    if (si < 0 || busyAt >= horizon) break;
    const s = active[si]!;
    if (!matters(s)) {
      active[si] = active[active.length - 1]!;
      active.pop();
      continue;
    }
    const t = callable(now.periods, s.freeAt);
    if (t !== s.freeAt) {
      s.freeAt = t;
      continue;
    }
    admit(t);
    const next = pick(s, t, lines, now.antiStarvationAfter);
    if (!next) {
      active[si] = active[active.length - 1]!;
      active.pop();
      s.freeAt = Infinity;
      idle.push(s);
      continue;
    }
    if (next.target) {
      calls.set(next.id, t);
      targets--;
      const only = next.targetWindow != null ? byNumber.get(next.targetWindow) : undefined;
      if (only) only.targetsHere--;
      else left.set(next.queue, (left.get(next.queue) ?? 1) - 1);
    }
    if (next.marker) continue;
    const q = model.queue(next.queue);
    let minutes: number;
    if (rng.next() < q.noShowRate) minutes = model.noShowMinutes;
    else {
      minutes = model.walkUpMinutes + drawMinutes(model.service(next.item, next.queue), rng);
      if (q.transferTo && rng.next() < q.transferRate) {
        // The same number waits again in the other queue, in its old place in line.
        line(q.transferTo).add({ ...next, id: '', queue: q.transferTo, item: null, kind: 'normal', care: null, target: false, sortKey: next.sortKey });
        wake(q.transferTo, t + minutes * MINUTE);
      }
    }
    s.freeAt = t + (minutes + model.callGapMinutes) * MINUTE;
  }
  for (const t of now.waiting) if (!calls.has(t.id) && (!only || only.tickets.has(t.id))) calls.set(t.id, horizon);
  for (const q of now.queues) if (!calls.has(NEWCOMER + q) && (!only || only.queues.has(q))) calls.set(NEWCOMER + q, horizon);
  return calls;
}

/** When a window can call its next ticket, from its state now. */
function startFree(w: WindowNow, now: HallNow, model: HallModel, rng: Rng, served: Set<string>): number {
  const t0 = now.nowMs;
  if (w.status === 'closed') {
    // A queue no open or paused window serves (the hall before staff sign in): the windows configured
    // for it are assumed to open at the next period, or now, rather than never.
    if (w.queues.some((q) => !served.has(q))) return callable(now.periods, t0);
    return Infinity;
  }
  let free = t0;
  if (w.status === 'paused') {
    const elapsed = w.pausedSinceMs !== null ? Math.max(0, (t0 - w.pausedSinceMs) / MINUTE) : 0;
    free = t0 + (drawMinutes(model.pause(w.pauseReason), rng, elapsed) - elapsed) * MINUTE;
  }
  const c = w.current;
  if (c) {
    let rest: number;
    if (c.state === 'serving' && c.startedMs !== null) {
      const elapsed = Math.max(0, (t0 - c.startedMs) / MINUTE);
      rest = drawMinutes(model.service(c.item, c.queue), rng, elapsed) - elapsed;
    } else {
      const elapsed = Math.max(0, (t0 - c.calledMs) / MINUTE);
      const q = model.queue(c.queue);
      if (rng.next() < q.noShowRate) rest = Math.max(0.1, model.noShowMinutes - elapsed);
      else rest = Math.max(0, model.walkUpMinutes - elapsed) + drawMinutes(model.service(c.item, c.queue), rng);
    }
    free = Math.max(free, t0 + (rest + model.callGapMinutes) * MINUTE);
  }
  return free;
}

function advanceStream(st: Stream, now: HallNow, model: HallModel, rng: Rng, horizon: number): void {
  let t = st.nextMs;
  for (let guard = 0; guard < 200; guard++) {
    const open = inService(now.periods, t);
    if (open === Infinity || open >= horizon) {
      st.nextMs = Infinity;
      return;
    }
    t = open;
    const rate = model.arrivalsPerMinute(st.queue, st.kind, t);
    if (rate <= 0) {
      t += 15 * MINUTE;
      continue;
    }
    const step = rng.exponential(1 / rate) * MINUTE;
    // Rates change by the hour: a step past the next quarter re-draws from there (memoryless).
    const quarter = Math.ceil((t + 1) / (15 * MINUTE)) * 15 * MINUTE;
    if (t + step > quarter) {
      t = quarter;
      continue;
    }
    st.nextMs = t + step;
    return;
  }
  st.nextMs = Infinity;
}

function pickItem(model: HallModel, queue: string, rng: Rng): string | null {
  const mix = model.itemMix(queue);
  let u = rng.next();
  for (const m of mix) {
    if ((u -= m.share) <= 0) return m.item;
  }
  return mix.at(-1)?.item ?? null;
}

/** Where a candidate sits, so the chosen one can be taken out without a closure per candidate. */
const enum From {
  Targeted,
  Green,
  Normal,
  Appointment,
}

interface Cand {
  tier: number;
  qi: number;
  key: number;
  from: From;
  line: Line | null;
  at: number;
}

function better(ordered: boolean, a: Cand, b: Cand): boolean {
  if (b.from < 0) return true;
  if (a.tier !== b.tier) return a.tier < b.tier;
  if (ordered && a.qi !== b.qi) return a.qi < b.qi;
  return a.key < b.key;
}

const best: Cand = { tier: 0, qi: 0, key: 0, from: -1 as From, line: null, at: 0 };
const ordinary: Cand = { tier: 0, qi: 0, key: 0, from: -1 as From, line: null, at: 0 };
const cand: Cand = { tier: 0, qi: 0, key: 0, from: -1 as From, line: null, at: 0 };

function offer(ordered: boolean, tier: number, qi: number, key: number, from: From, line: Line | null, at: number): void {
  cand.tier = tier;
  cand.qi = qi;
  cand.key = key;
  cand.from = from;
  cand.line = line;
  cand.at = at;
  if (better(ordered, cand, best)) Object.assign(best, cand);
  if (tier === 2 && better(ordered, cand, ordinary)) Object.assign(ordinary, cand);
}

/** The engine's call order for one window at instant t (ordering.ts), and removes the ticket it picks. */
function pick(s: SimWindow, t: number, lines: Map<string, Line>, antiStarvationAfter: number): SimTicket | undefined {
  const ordered = s.w.ordered;
  best.from = -1 as From;
  ordinary.from = -1 as From;
  if (s.targeted.length) {
    const head = s.targeted[0]!;
    offer(ordered, Math.min(1, fixedTier(head)), s.index.get(head.queue) ?? -1, head.sortKey, From.Targeted, null, 0);
  }
  for (const [q, qi] of s.index) {
    const l = lines.get(q);
    if (!l) continue;
    if (l.greenAt < l.green.length) offer(ordered, fixedTier(l.green[l.greenAt]!), qi, l.green[l.greenAt]!.sortKey, From.Green, l, 0);
    if (l.normalAt < l.normal.length) offer(ordered, 2, qi, l.normal[l.normalAt]!.sortKey, From.Normal, l, 0);
    for (let i = 0; i < l.appointments.length; i++) {
      const a = l.appointments[i]!;
      offer(ordered, a.dueMs !== null && a.dueMs <= t ? 1 : 2, qi, a.sortKey, From.Appointment, l, i);
    }
  }
  let chosen: Cand | null = best.from >= 0 ? best : null;
  if (chosen && chosen.tier < 2 && s.streak >= antiStarvationAfter && ordinary.from >= 0) chosen = ordinary;
  if (!chosen) return undefined;
  s.streak = chosen.tier < 2 ? s.streak + 1 : 0;
  const l = chosen.line;
  switch (chosen.from) {
    case From.Targeted:
      return s.targeted.shift();
    case From.Green:
      return l!.green[l!.greenAt++];
    case From.Normal:
      return l!.normal[l!.normalAt++];
    default:
      return l!.appointments.splice(chosen.at, 1)[0];
  }
}
