import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { KioskScanResult } from '../../../contract/kiosk-access.ts';
import type { KioskPrinterState } from '../../../contract/kiosk-printer.ts';
import type { QueueStatusView } from '../../../contract/snapshot.ts';
import type { KioskIdentity } from '../../../contract/socket.ts';
import { ApiFailure } from '../../../ui-kit/api.ts';
import { KioskApp } from '../../../kiosk-ui/app.tsx';
import type { HallData, Receipt } from '../../../kiosk-ui/hall-data.ts';
import { locale } from '../../../kiosk-ui/i18n/index.ts';
import type { CheckInBody, IssueBody, KioskClient } from '../../../kiosk-ui/kiosk-client.ts';
import type { Speak } from '../../../kiosk-ui/speech.ts';
import { Kiosk, type KioskOptions } from '../../../kiosk-ui/store.ts';

const hours = [{ start: '08:00', end: '18:00' }];

/** The test hall as GET /api/hall answers for it, plus a 12-item department to page through. */
export function hallData(): HallData {
  const many = Array.from({ length: 12 }, (_, i) => ({
    code: `M${i + 1}`,
    name: `社保事项${i + 1}`,
    category: '公共服务' as const,
    department: 'SB',
    queue: 'QA',
    steps: ['取号', '办理'],
    materials: [],
    statutoryDays: 0,
    promisedDays: 0,
    fee: '不收费',
    serviceMinutes: 10,
    retired: false,
    pinyinInitials: `sbsx${i + 1}`,
  }));
  return {
    hall: { code: 'TEST', name: '测试县政务服务中心', level: 'county', region: null, hotline: '12345', complaintUrl: null, phone: null, address: null, timezone: 'Asia/Shanghai' },
    today: '2026-11-30',
    departments: [
      { code: 'GA', name: '公安局', retired: false },
      { code: 'SW', name: '税务局', retired: false },
      { code: 'SB', name: '人社局', retired: false },
    ],
    queues: [
      { code: 'QA', name: '综合', prefix: 'A', idRequirement: 'optional', todayHours: hours, windows: [1, 2, 4] },
      { code: 'QB', name: '户政', prefix: 'B', idRequirement: 'required', todayHours: hours, windows: [1, 2, 3] },
      { code: 'QC', name: '税务', prefix: 'C', idRequirement: 'none', todayHours: hours, windows: [4] },
    ],
    items: [
      { code: 'I1', name: '综合咨询', category: '便民服务', department: 'GA', queue: 'QA', steps: ['取号', '办理'], materials: [{ name: '身份证' }], statutoryDays: 0, promisedDays: 0, fee: '不收费', serviceMinutes: 10, retired: false, pinyinInitials: 'zhzx' },
      { code: 'I2', name: '身份证换领', category: '行政确认', department: 'GA', queue: 'QB', steps: ['取号', '采集', '缴费'], materials: [{ name: '户口簿', copies: '原件', note: '本人户口页' }, { name: '近期照片' }], statutoryDays: 60, promisedDays: 20, fee: '20元', phone: '0879-7221001', guide: '到期前三个月可换领。', serviceMinutes: 10, retired: false, pinyinInitials: 'sfzhl' },
      { code: 'I3', name: '发票领用', category: '公共服务', department: 'SW', queue: 'QC', steps: ['取号', '办理'], materials: [{ name: '税务登记' }], statutoryDays: 1, promisedDays: 0, fee: '不收费', serviceMinutes: 10, retired: false, pinyinInitials: 'fply' },
      ...many,
    ],
    kioskAccess: { typedId: true, eidScan: true, helpPlace: '一楼咨询台', helpWindow: 9 },
  };
}

export function queueStatus(): QueueStatusView[] {
  const q = (code: string, name: string, prefix: string, waiting: number): QueueStatusView => ({ code, name, prefix, waiting, longestWaitMinutes: 0, estimatedWaitMinutes: waiting * 5, issuedToday: waiting, open: true, active: true });
  return [q('QA', '综合', 'A', 3), q('QB', '户政', 'B', 7), q('QC', '税务', 'C', 0)];
}

export function receipt(over: Partial<Receipt> = {}): Receipt {
  return {
    ticketId: 't-1',
    number: 'B008',
    hallName: '测试县政务服务中心',
    queue: 'QB',
    queueName: '户政',
    item: 'I2',
    itemName: '身份证换领',
    peopleAhead: 7,
    estimatedWaitMinutes: 35,
    issuedAt: '2026-11-30T02:00:00Z',
    issuedAtLocal: '2026-11-30 10:00',
    windows: [1, 2, 3],
    tags: [],
    idTail: '002X',
    materials: ['户口簿，原件，本人户口页', '近期照片'],
    statusUrl: 'http://127.0.0.1:8080/t/t-1?k=abc',
    hotline: '12345',
    printed: null,
    ...over,
  };
}

export const IDENTITY: KioskIdentity = { idMasked: '110105********002X', nameMasked: '张*丰', identityRef: 'ref-0123456789abcdef', validUntil: '2026-11-30T02:02:00Z' };

export type Call =
  | { what: 'issue'; body: IssueBody }
  | { what: 'checkIn'; body: CheckInBody }
  | { what: 'reprint'; id: string; ref?: string }
  | { what: 'printGuide'; item: string }
  | { what: 'ping' }
  | { what: 'hall' }
  | { what: 'help'; screen: string }
  | { what: 'printer' }
  | { what: 'scan'; code: string };

/** A client whose answers a test sets; every call is recorded. */
export function fakeClient() {
  const calls: Call[] = [];
  const answers: {
    issue?: () => Receipt;
    checkIn?: () => Receipt;
    reprint?: () => Receipt;
    printGuide?: () => { printed: boolean };
    ping?: () => void;
    hall?: () => HallData;
    help?: () => void;
    printer?: () => KioskPrinterState;
    scan?: () => KioskScanResult;
  } = {};
  const client: KioskClient = {
    async hall() {
      calls.push({ what: 'hall' });
      return (answers.hall ?? hallData)();
    },
    async issue(body) {
      calls.push({ what: 'issue', body });
      return (answers.issue ?? (() => receipt()))();
    },
    async checkIn(body) {
      calls.push({ what: 'checkIn', body });
      return (answers.checkIn ?? (() => receipt({ number: 'A005', tags: ['appointment'] })))();
    },
    async reprint(id, ref) {
      calls.push({ what: 'reprint', id, ...(ref ? { ref } : {}) });
      return (answers.reprint ?? (() => receipt({ ticketId: id, printed: false })))();
    },
    async printGuide(item) {
      calls.push({ what: 'printGuide', item });
      return (answers.printGuide ?? (() => ({ printed: true })))();
    },
    async ping() {
      calls.push({ what: 'ping' });
      (answers.ping ?? (() => undefined))();
    },
    async help(screen) {
      calls.push({ what: 'help', screen });
      (answers.help ?? (() => undefined))();
    },
    async scan(code) {
      calls.push({ what: 'scan', code });
      return (answers.scan ?? (() => ({ kind: 'booking' as const, code: '123456' })))();
    },
    async printer() {
      calls.push({ what: 'printer' });
      return (answers.printer ?? (() => ({ state: 'ready' as const, since: null })))();
    },
  };
  return { client, calls, answers };
}

export const refuse = (status: number, code: string, message = '', details?: Record<string, unknown>) => () => {
  throw new ApiFailure(status, code, message, details);
};

export interface Mounted {
  k: Kiosk;
  root: HTMLElement;
  calls: Call[];
  answers: ReturnType<typeof fakeClient>['answers'];
  spoken: string[];
  $(selector: string): HTMLElement | null;
  text(): string;
  click(selector: string): Promise<void>;
  flush(): Promise<void>;
  unmount(): void;
}

/** The kiosk app rendered into the document with a fake client and the hall loaded. */
export async function mount(options: Partial<KioskOptions> = {}): Promise<Mounted> {
  locale.value = 'zh-CN';
  const { client, calls, answers } = fakeClient();
  const k = new Kiosk({ client, ...options });
  const root = document.createElement('div');
  document.body.appendChild(root);
  const spoken: string[] = [];
  const speak: Speak = (parts) => spoken.push(parts.join(''));
  await act(async () => {
    await k.load();
    k.queueStatus.value = queueStatus();
    render(<KioskApp k={k} speak={speak} />, root);
  });
  const flush = () => act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
  return {
    k,
    root,
    calls,
    answers,
    spoken,
    $: (s) => root.querySelector<HTMLElement>(s),
    text: () => root.textContent ?? '',
    async click(selector) {
      const el = root.querySelector<HTMLElement>(selector);
      if (!el) throw new Error(`nothing matches ${selector} on screen ${k.screen.value.name}: ${root.textContent}`);
      if ((el as HTMLButtonElement).disabled) throw new Error(`${selector} is disabled`);
      await act(async () => {
        el.dispatchEvent(new window.PointerEvent('pointerdown', { bubbles: true }));
        el.click();
      });
      await flush();
    },
    flush,
    unmount() {
      render(null, root);
      root.remove();
    },
  };
}

/** Runs the kiosk's one-second tick n times (what setInterval does in the page). */
export async function seconds(m: Mounted, n: number): Promise<void> {
  await act(async () => {
    for (let i = 0; i < n; i++) m.k.tick();
  });
  await m.flush();
}
