import { signal } from '@preact/signals';
import { DEFAULT_KIOSK_ACCESS } from '../../../contract/kiosk-access.ts';
import type { TicketReceipt } from '../../../contract/responses.ts';
import type { TicketView } from '../../../contract/ticket.ts';
import { ApiFailure, parseAnswer } from '../../../ui-kit/api.ts';
import type { StreamEvent } from '../../../contract/socket.ts';
import type { OpenStream, Request } from '../../../window-ui/terminal.ts';
import type { HallInfo, WindowState } from '../../../window-ui/types.ts';

export const NOW = Date.parse('2026-11-30T02:00:00Z');

export function ticket(over: Partial<TicketView> = {}): TicketView {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    day: '2026-11-30',
    number: 'A001',
    queue: 'QA',
    item: 'I1',
    source: 'kiosk',
    priority: 'normal',
    greenReason: null,
    proxy: false,
    state: 'waiting',
    window: null,
    targetWindow: null,
    staffBadge: null,
    recallCount: 0,
    outcome: null,
    evaluation: null,
    issuedAt: new Date(NOW - 20 * 60_000).toISOString(),
    calledAt: null,
    startedAt: null,
    finishedAt: null,
    dueAt: null,
    closeReason: null,
    note: null,
    kiosk: 'K1',
    printed: true,
    idMasked: '110105********002X',
    nameMasked: '张*丰',
    ...over,
  };
}

export function windowState(over: Partial<WindowState> = {}, current: TicketView | null = null): WindowState {
  return {
    window: {
      number: 1,
      name: '综合窗口1',
      department: 'GA',
      status: 'open',
      pauseReason: null,
      staff: { badge: 'T001', name: '窗口甲', title: null },
      current,
      queues: ['QA', 'QB'],
      honours: [],
      comprehensive: true,
    },
    waiting: [],
    suspended: [],
    figures: { served: 3, noShow: 1, averageServiceMinutes: 6.5, evaluated: 2, satisfied: 2, satisfactionRate: 1 },
    rules: { maxRecalls: 3, callNextWithCurrent: 'finish' },
    at: new Date(NOW).toISOString(),
    seq: 10,
    ...over,
  };
}

export const HALL: HallInfo = {
  hall: { code: 'TEST', name: '测试县政务服务中心', level: 'county', region: null, address: null, phone: '0571-12345678', hotline: '12345', complaintUrl: null, timezone: 'Asia/Shanghai' },
  today: '2026-11-30',
  departments: [{ code: 'GA', name: '公安局', retired: false }],
  queues: [
    { code: 'QA', name: '综合', prefix: 'A', idRequirement: 'optional', todayHours: [{ start: '09:00', end: '17:00' }], windows: [1, 2] },
    { code: 'QB', name: '户政', prefix: 'B', idRequirement: 'required', todayHours: [{ start: '09:00', end: '17:00' }], windows: [1, 2, 3] },
  ],
  items: [
    {
      code: 'I1',
      name: '综合咨询',
      category: '便民服务',
      department: 'GA',
      queue: 'QA',
      steps: ['取号', '办理'],
      materials: [{ name: '身份证', copies: '原件' }, { name: '户口簿' }],
      statutoryDays: 5,
      promisedDays: 3,
      fee: '不收费',
      serviceMinutes: 10,
      retired: false,
      pinyinInitials: 'zhzx',
    },
  ],
  kioskAccess: DEFAULT_KIOSK_ACCESS,
};

/** What POST /api/windows/:n/tickets answers. */
export function receipt(over: Partial<TicketReceipt> = {}): TicketReceipt {
  return {
    ticketId: '00000000-0000-4000-8000-000000000007',
    number: 'B007',
    hallName: '测试县政务服务中心',
    queue: 'QB',
    queueName: '户政',
    item: null,
    itemName: null,
    peopleAhead: 0,
    estimatedWaitMinutes: 0,
    issuedAt: new Date(NOW).toISOString(),
    issuedAtLocal: '2026-11-30 10:00',
    windows: [1, 2, 3],
    tags: [],
    idTail: null,
    materials: [],
    statusUrl: 'http://127.0.0.1/t/x?k=y',
    hotline: '12345',
    printed: null,
    ...over,
  };
}

export interface FakeServer {
  request: Request;
  calls: { method: string; path: string; body: unknown }[];
  state: { value: WindowState };
  /** What the next POST answers: a ticket, or a refusal. */
  answer: (path: string, body: unknown) => unknown;
  reads: number;
}

/**
 * A server in memory: GETs return the current model, POSTs are recorded and answered by `answer`.
 * Every answer is parsed with the schema the terminal asked for, as ui-kit's api does, so the
 * fixtures are held to the contract.
 */
export function fakeServer(initial: WindowState): FakeServer {
  const fake: FakeServer = {
    calls: [],
    state: { value: initial },
    reads: 0,
    answer: () => ({ ok: true }),
    request: (async (path, schema, init = {}) => {
      const method = init.method ?? 'GET';
      const body = init.body;
      fake.calls.push({ method, path, body });
      const answer = async (): Promise<unknown> => {
        if (method === 'GET' && path === '/api/hall') return HALL;
        if (method === 'GET' && path.endsWith('/state')) {
          fake.reads++;
          return structuredClone(fake.state.value);
        }
        const r = fake.answer(path, body);
        if (r instanceof ApiFailure) throw r;
        return r;
      };
      const wire: unknown = JSON.parse(JSON.stringify((await answer()) ?? null));
      return parseAnswer(schema, wire ?? undefined, 200, `${method} ${path}`);
    }) as Request,
  };
  return fake;
}

export function fakeStream() {
  const connected = signal(true);
  const snapshot = signal(null);
  let handlers: Parameters<OpenStream>[0] | null = null;
  const open: OpenStream = (h) => {
    handlers = h;
    return { connected, snapshot, close: () => (connected.value = false) };
  };
  return {
    open,
    connected,
    emit(e: Partial<StreamEvent>) {
      handlers?.onEvent({ v: 1, seq: 11, type: 'ticket.issued', at: '', day: '2026-11-30', hall: 'TEST', actor: { kind: 'device', id: 'K1' }, ticket: null, window: null, data: {}, ...e } as StreamEvent);
    },
  };
}

export const posts = (fake: FakeServer) => fake.calls.filter((c) => c.method === 'POST').map((c) => ({ path: c.path, body: c.body }));
