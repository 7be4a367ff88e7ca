import { HallEvent } from '../../contract/events.ts';
import type { TicketView } from '../../contract/ticket.ts';

/**
 * A scripted hall for central tests: builds a hall's event log (config, windows, tickets issued,
 * called, started, finished with outcomes, evaluations with 差评 cases, device faults) from a seeded
 * pseudo-random generator. Every event is parsed by the contract's HallEvent schema, so the shapes
 * are the ones a real hall sends.
 */
export interface ScriptedHall {
  code: string;
  events: HallEvent[];
  /** Appends events for one business day. */
  day(day: string, tickets: number): HallEvent[];
  /** The next event seq. */
  nextSeq(): number;
}

const OUTCOMES = ['done', 'done', 'done', 'accepted', 'supplement', 'consultation'] as const;
const LEVELS = ['very_satisfied', 'very_satisfied', 'satisfied', 'satisfied', 'basic', 'dissatisfied'] as const;

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export const TEST_CONFIG = {
  hall: { code: 'X', name: 'X', level: 'county', timezone: 'Asia/Shanghai', hotline: '12345', hours: { weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '08:00', end: '18:00' }] }], holidays: [], workdays: [] } },
  departments: [
    { code: 'GA', name: '公安局', retired: false },
    { code: 'SW', name: '税务局', retired: false },
  ],
  queues: [
    { code: 'QA', name: '综合', prefix: 'A' },
    { code: 'QC', name: '税务', prefix: 'C' },
  ],
  items: [
    { code: 'I1', name: '综合咨询', category: '便民服务', department: 'GA', queue: 'QA' },
    { code: 'I3', name: '发票领用', category: '公共服务', department: 'SW', queue: 'QC' },
  ],
  windows: [
    { number: 1, name: '综合窗口1', queues: ['QA'] },
    { number: 2, name: '税务窗口', department: 'SW', queues: ['QC', 'QA'] },
  ],
  // A password left in by mistake: the centre must not keep it.
  staff: [
    { badge: 'T001', name: '李小明', role: 'staff', password: 'must-not-be-stored' },
    { badge: 'T002', name: '王芳', role: 'staff', passwordHash: 'scrypt$also-not' },
  ],
  devices: [{ code: 'K1', kind: 'kiosk', name: '取号机1', demoToken: 'kiosk-token-secret' }],
  notices: [],
  rules: {},
};

export function scriptedHall(code: string, seed = 1, opts: { bad?: boolean; records?: boolean } = {}): ScriptedHall {
  const random = rng(seed);
  const events: HallEvent[] = [];
  let seq = 0;
  let caseId = 0;
  const push = (e: Omit<HallEvent, 'v' | 'seq' | 'hall'>) => {
    const ev = HallEvent.parse({ v: 1, seq: ++seq, hall: code, ...e });
    events.push(ev);
    return ev;
  };
  const system = { kind: 'system' as const, id: null };
  return {
    code,
    events,
    nextSeq: () => seq + 1,
    day(day, count) {
      const start = events.length;
      const base = Date.parse(`${day}T00:30:00Z`); // 08:30 in Shanghai
      const iso = (ms: number) => new Date(ms).toISOString();
      if (seq === 0) push({ type: 'config.seeded', at: iso(base - 60_000), day, actor: system, ticket: null, window: null, data: { source: 'seed', config: { ...TEST_CONFIG, hall: { ...TEST_CONFIG.hall, code } } } });
      const staffOf = { 1: 'T001', 2: 'T002' } as Record<number, string>;
      for (const w of [1, 2]) {
        push({ type: 'staff.signed_in', at: iso(base), day, actor: { kind: 'staff', id: staffOf[w]! }, ticket: null, window: w, data: { badge: staffOf[w] } });
        push({ type: 'window.opened', at: iso(base), day, actor: { kind: 'staff', id: staffOf[w]! }, ticket: null, window: w, data: { badge: staffOf[w], status: 'open' } });
      }
      let clock = base;
      const free = { 1: base, 2: base } as Record<number, number>;
      for (let i = 1; i <= count; i++) {
        clock += Math.floor(random() * 4 * 60_000);
        const tax = random() < 0.3;
        const queue = tax ? 'QC' : 'QA';
        const item = random() < 0.1 ? null : tax ? 'I3' : 'I1';
        const id = `${code}-${day}-${i}`;
        const ticket: TicketView = {
          id, day, number: `${tax ? 'C' : 'A'}${String(i).padStart(3, '0')}`, queue, item, source: 'kiosk', priority: 'normal', greenReason: null, proxy: false,
          state: 'waiting', window: null, targetWindow: null, staffBadge: null, recallCount: 0, outcome: null, evaluation: null,
          issuedAt: iso(clock), calledAt: null, startedAt: null, finishedAt: null, dueAt: null, closeReason: null, note: null, kiosk: 'K1', printed: true,
          idMasked: '110101********0001', nameMasked: '张*三',
        };
        push({ type: 'ticket.issued', at: ticket.issuedAt, day, actor: { kind: 'device', id: 'K1' }, ticket, window: null, data: {}, waiting: { [queue]: 1 } });
        const r = random();
        if (r < 0.05) {
          push({ type: 'ticket.cancelled', at: iso(clock + 60_000), day, actor: system, ticket: { ...ticket, state: 'cancelled' }, window: null, data: { reason: null } });
          continue;
        }
        const w = tax ? 2 : random() < 0.5 ? 1 : 2;
        const calledAt = Math.max(clock + 20_000, free[w]!) + Math.floor(random() * 90_000);
        const called: TicketView = { ...ticket, state: 'called', window: w, staffBadge: staffOf[w]!, calledAt: iso(calledAt) };
        push({ type: 'ticket.called', at: called.calledAt!, day, actor: { kind: 'staff', id: staffOf[w]! }, ticket: called, window: w, data: {}, row: { window: { number: w, status: 'open', pauseReason: null, staffBadge: staffOf[w]!, priorityStreak: 0 } } });
        if (r < 0.1) {
          push({ type: 'ticket.no_show', at: iso(calledAt + 120_000), day, actor: { kind: 'staff', id: staffOf[w]! }, ticket: { ...called, state: 'no_show' }, window: w, data: {} });
          free[w] = calledAt + 120_000;
          continue;
        }
        const startedAt = calledAt + 30_000;
        const started: TicketView = { ...called, state: 'serving', startedAt: iso(startedAt) };
        push({ type: 'ticket.started', at: started.startedAt!, day, actor: { kind: 'staff', id: staffOf[w]! }, ticket: started, window: w, data: {} });
        const finishedAt = startedAt + 60_000 + Math.floor(random() * 8 * 60_000);
        const outcome = OUTCOMES[Math.floor(random() * OUTCOMES.length)]!;
        const finished: TicketView = { ...started, state: 'finished', finishedAt: iso(finishedAt), outcome };
        push({ type: 'ticket.finished', at: finished.finishedAt!, day, actor: { kind: 'staff', id: staffOf[w]! }, ticket: finished, window: w, data: { outcome } });
        free[w] = finishedAt;
        if (random() < 0.7) {
          const levels = opts.bad === false ? LEVELS.slice(0, 5) : LEVELS;
          const level = levels[Math.floor(random() * levels.length)]!;
          const bad = level === 'dissatisfied';
          const evAt = finishedAt + 10_000;
          const cid = bad ? ++caseId : null;
          push({ type: 'ticket.evaluated', at: iso(evAt), day, actor: { kind: 'public', id: null }, ticket: { ...finished, evaluation: level }, window: w, data: { level, dimensions: null, reason: bad ? '等太久' : null, source: 'evaluator', bad, caseId: cid } });
          // With `records`: the evaluation record and its push to a provincial target (a 差评 rejected, resent, then sent).
          if (opts.records) pushRecord({ code, day, ticket: finished, level, at: evAt, iso, push });
          if (cid !== null) {
            const view = { id: cid, ticketId: id, number: ticket.number, day, window: w, staffBadge: staffOf[w]!, level, reason: '等太久', state: 'open', assignee: null, dueAt: iso(evAt + 24 * 3600_000), overdue: false, createdAt: iso(evAt), updatedAt: iso(evAt), contactedAt: null, resolvedAt: null };
            push({ type: 'case.opened', at: iso(evAt), day, actor: { kind: 'public', id: null }, ticket: null, window: null, data: { caseId: cid, case: view, entry: { at: iso(evAt), actor: 'public', action: 'created', fromState: null, toState: 'open', assignee: null, note: '等太久' } } });
            // Every other case is contacted in time, the rest two days late.
            const contactAt = evAt + (cid % 2 ? 3600_000 : 48 * 3600_000);
            const contacted = { ...view, state: 'contacted', contactedAt: iso(contactAt), updatedAt: iso(contactAt) };
            push({ type: 'case.contacted', at: iso(contactAt), day, actor: { kind: 'staff', id: 'S001' }, ticket: null, window: null, data: { caseId: cid, case: contacted, entry: { at: iso(contactAt), actor: 'staff:S001', action: 'contacted', fromState: 'open', toState: 'contacted', assignee: null, note: '已回访' } } });
          }
        }
      }
      const end = Math.max(clock, free[1]!, free[2]!) + 5 * 60_000;
      push({ type: 'device.fault', at: iso(base + 3600_000), day, actor: { kind: 'device', id: 'K1' }, ticket: null, window: null, data: { device: 'K1', kind: 'kiosk', place: '大厅', reason: '缺纸' } });
      push({ type: 'device.recovered', at: iso(base + 3900_000), day, actor: { kind: 'device', id: 'K1' }, ticket: null, window: null, data: { device: 'K1', kind: 'kiosk', place: '大厅' } });
      for (const w of [1, 2]) {
        push({ type: 'staff.signed_out', at: iso(end), day, actor: system, ticket: null, window: w, data: { badge: staffOf[w] } });
        push({ type: 'window.closed', at: iso(end), day, actor: system, ticket: null, window: w, data: { status: 'closed' } });
      }
      return events.slice(start);
    },
  };
}

/** The evaluation record of a rated ticket and its push states at one target (no draw from the generator, so the rest of the script stays as it was). */
function pushRecord(o: { code: string; day: string; ticket: TicketView; level: string; at: number; iso: (ms: number) => string; push: (e: Omit<HallEvent, 'v' | 'seq' | 'hall'>) => HallEvent }): void {
  const { code, day, ticket, level, at, iso, push } = o;
  const system = { kind: 'system' as const, id: null };
  const record = {
    id: `${code}-${ticket.id}`, revision: 1, caseNumber: `${code}-${day.replace(/-/g, '')}-${ticket.number}`, hallCode: code, hallName: code, regionCode: null,
    departmentCode: ticket.queue === 'QC' ? 'SW' : 'GA', departmentName: null, itemCode: ticket.item, implementationCode: null, itemName: null,
    ticketId: ticket.id, ticketNumber: ticket.number, day, window: ticket.window, windowName: null, staffBadge: ticket.staffBadge, staffName: null,
    channel: 'evaluator', evaluator: { ref: ticket.id, nameMasked: ticket.nameMasked, idMasked: null }, at: iso(at), firstAt: iso(at), times: 1,
    grade: level, firstGrade: level, text: null, reasons: [], dimensions: null, servedAt: ticket.startedAt, finishedAt: ticket.finishedAt, case: null,
  };
  const recorded = push({ type: 'evaluation.recorded', at: iso(at), day, actor: system, ticket: null, window: ticket.window, data: { record } });
  const state = (state: string, n: number, extra: { attempts: number; status: number | null; reason: string | null; resend: boolean }) =>
    push({
      type: 'evaluation.push_state', at: iso(at + n * 1000), day, actor: system, ticket: null, window: null,
      data: { target: 'province', targetName: '省好差评系统', recordKey: `${record.id}:1`, recordId: record.id, revision: 1, ticketId: ticket.id, day, evaluationSeq: recorded.seq, state, ...extra },
    });
  state('pending', 1, { attempts: 0, status: null, reason: null, resend: false });
  if (level === 'dissatisfied') {
    state('rejected', 2, { attempts: 1, status: 422, reason: 'HTTP 422: 差评须附原因', resend: false });
    state('pending', 3, { attempts: 1, status: null, reason: '已补充', resend: true });
    state('sent', 4, { attempts: 2, status: 200, reason: null, resend: false });
  } else state('sent', 2, { attempts: 1, status: 200, reason: null, resend: false });
}
