import { HallConfig, type HallConfigInput } from '../../contract/config.ts';

/**
 * The simulated county hall: four queues, 28 windows (several serving several queues, in order or by
 * longest wait, some staffed for the peaks only), open 09:00–12:00 and 13:30–17:30. Each
 * item's configured serviceMinutes (the predictor's prior) differs from how long it really takes in
 * the simulation (`trueMedian`, lognormal with `sigma`), as in a real hall whose settings are guesses.
 */
export interface SimItem {
  code: string;
  queue: string;
  name: string;
  configured: number;
  trueMedian: number;
  sigma: number;
  /** Share of the queue's arrivals. */
  share: number;
}

export const ITEMS: SimItem[] = [
  { code: 'A1', queue: 'QA', name: '综合咨询', configured: 5, trueMedian: 3.5, sigma: 0.6, share: 0.45 },
  { code: 'A2', queue: 'QA', name: '不动产登记申请', configured: 15, trueMedian: 19, sigma: 0.45, share: 0.3 },
  { code: 'A3', queue: 'QA', name: '企业开办', configured: 20, trueMedian: 14, sigma: 0.5, share: 0.25 },
  { code: 'B1', queue: 'QB', name: '身份证换领', configured: 8, trueMedian: 6, sigma: 0.4, share: 0.6 },
  { code: 'B2', queue: 'QB', name: '户口迁移', configured: 12, trueMedian: 16, sigma: 0.5, share: 0.4 },
  { code: 'C1', queue: 'QC', name: '发票领用', configured: 6, trueMedian: 5, sigma: 0.45, share: 0.55 },
  { code: 'C2', queue: 'QC', name: '税务登记', configured: 15, trueMedian: 12, sigma: 0.55, share: 0.45 },
  { code: 'D1', queue: 'QD', name: '社保参保登记', configured: 10, trueMedian: 8, sigma: 0.5, share: 0.5 },
  { code: 'D2', queue: 'QD', name: '养老待遇申领', configured: 10, trueMedian: 14, sigma: 0.5, share: 0.5 },
];

/** Share of all arrivals per queue. */
export const QUEUE_SHARE: Record<string, number> = { QA: 0.36, QB: 0.24, QC: 0.2, QD: 0.2 };

export interface SimWindow {
  number: number;
  queues: string[];
  mode?: 'ordered' | 'longest_wait';
  /** Local HH:MM spans the window is staffed. */
  spans: [string, string][];
}

const DAY: [string, string][] = [['09:00', '17:30']];
const PEAKS: [string, string][] = [['09:30', '11:30'], ['14:00', '16:00']];
const windowsOf = (from: number, count: number, queues: string[], spans = DAY, mode?: SimWindow['mode']): SimWindow[] =>
  Array.from({ length: count }, (_, i) => ({ number: from + i, queues, spans, ...(mode ? { mode } : {}) }));

/** 28 windows: single-queue ones, comprehensive ones serving two queues in order, by longest wait, and peak-only ones. */
export const WINDOWS: SimWindow[] = [
  ...windowsOf(1, 5, ['QA']),
  ...windowsOf(6, 4, ['QA', 'QB']),
  ...windowsOf(10, 3, ['QB']),
  ...windowsOf(13, 2, ['QC', 'QA'], DAY, 'longest_wait'),
  ...windowsOf(15, 4, ['QC']),
  ...windowsOf(19, 2, ['QD', 'QA']),
  ...windowsOf(21, 4, ['QD']),
  ...windowsOf(25, 2, ['QA', 'QC', 'QD'], PEAKS, 'longest_wait'),
  { number: 27, queues: ['QB', 'QD'], spans: [['09:00', '16:00']] },
  { number: 28, queues: ['QB', 'QD'], spans: [['09:30', '17:30']] },
];

export function simHallConfig(passwordHash: string): HallConfig {
  const input: HallConfigInput = {
    hall: {
      code: 'SIM',
      name: '模拟县政务服务中心',
      level: 'county',
      timezone: 'Asia/Shanghai',
      hours: { weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], periods: [{ start: '09:00', end: '12:00' }, { start: '13:30', end: '17:30' }] }] },
    },
    rules: { perIdDailyMax: 50 },
    departments: [
      { code: 'ZH', name: '综合受理' },
      { code: 'GA', name: '公安局' },
      { code: 'SW', name: '税务局' },
      { code: 'RS', name: '人社局' },
    ],
    queues: [
      { code: 'QA', name: '综合受理', prefix: 'A', numberWidth: 4, stopIssueMinutesBeforeClose: 15 },
      { code: 'QB', name: '户政', prefix: 'B', numberWidth: 4, stopIssueMinutesBeforeClose: 15 },
      { code: 'QC', name: '税务', prefix: 'C', numberWidth: 4, stopIssueMinutesBeforeClose: 15 },
      { code: 'QD', name: '社保', prefix: 'D', numberWidth: 4, stopIssueMinutesBeforeClose: 15 },
    ],
    items: ITEMS.map((i) => ({
      code: i.code,
      name: i.name,
      category: '行政许可' as const,
      department: i.queue === 'QA' ? 'ZH' : i.queue === 'QB' ? 'GA' : i.queue === 'QC' ? 'SW' : 'RS',
      queue: i.queue,
      steps: ['取号', '办理'],
      statutoryDays: 0,
      promisedDays: 0,
      serviceMinutes: i.configured,
    })),
    windows: WINDOWS.map((w) => ({ number: w.number, name: `${w.number}号窗口`, queues: w.queues, comprehensive: w.queues.length > 1, ...(w.mode ? { queueMode: w.mode } : {}) })),
    staff: WINDOWS.map((w) => ({ badge: badgeOf(w.number), name: `员工${w.number}`, role: 'staff' as const, passwordHash })),
    devices: [{ code: 'K1', kind: 'kiosk', name: '取号机1', demoToken: 'kiosk-token-sim-000001' }],
  };
  return HallConfig.parse(input);
}

export function badgeOf(window: number): string {
  return `S${String(window).padStart(3, '0')}`;
}
