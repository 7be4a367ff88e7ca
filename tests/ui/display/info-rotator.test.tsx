// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ServiceItem } from '../../../contract/config.ts';
import type { QueueStatusView, WindowStateView } from '../../../contract/snapshot.ts';
import { InfoRotator } from '../../../display-ui/hall/info-rotator.tsx';
import type { HallInfo } from '../../../display-ui/shared/hall-info.ts';

const queue = (code: string, prefix: string, waiting: number, open = true): QueueStatusView => ({
  code,
  name: `${prefix}队列`,
  prefix,
  waiting,
  longestWaitMinutes: 0,
  estimatedWaitMinutes: 0,
  issuedToday: waiting,
  open,
  active: true,
});
const windowState = (n: number): WindowStateView => ({
  number: n,
  name: `${n}号窗口`,
  department: null,
  status: n === 5 ? 'paused' : 'open',
  pauseReason: null,
  staff: null,
  current: null,
  queues: ['QA'],
  honours: [],
  comprehensive: false,
});
const QUEUES = [queue('QA', 'A', 12), queue('QB', 'B', 3), queue('QC', 'C', 0, false), queue('QD', 'D', 7), queue('QE', 'E', 1)];
const WINDOWS = [1, 2, 3, 4, 5].map(windowState);
const ITEMS = ['营业执照办理', '身份证换领', '发票领用'].map((name, i) =>
  ({ ...ServiceItem.parse({ code: `I${i}`, name, category: '行政许可', department: 'GA', queue: 'QA', steps: ['办理'], statutoryDays: 20, promisedDays: i }), pinyinInitials: '' }),
);
const INFO = {
  hall: { code: 'T', name: '测试大厅', level: 'county', region: null, address: null, phone: null, hotline: '12345', complaintUrl: null, timezone: 'Asia/Shanghai' },
  today: '2026-11-30',
  departments: [{ code: 'GA', name: '公安局', retired: false }],
  queues: [],
  items: ITEMS,
} as unknown as HallInfo;

let root: HTMLDivElement;
const current = () => root.querySelector('.rotator-page.current');
const tick = (seconds: number) => act(() => void vi.advanceTimersByTime(seconds * 1000));

describe('the rotating service information band', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    root = document.createElement('div');
    document.body.append(root);
    act(() => render(<InfoRotator info={INFO} queues={QUEUES} windows={WINDOWS} seconds={5} />, root));
  });
  afterEach(() => {
    act(() => render(null, root));
    root.remove();
    vi.useRealTimers();
  });

  it('holds every queue and every window, two queues and four windows a page, one page shown at a time', () => {
    expect([...root.querySelectorAll('[data-queue]')].map((e) => e.getAttribute('data-queue'))).toEqual(['QA', 'QB', 'QC', 'QD', 'QE']);
    expect([...root.querySelectorAll('[data-window]')].map((e) => e.getAttribute('data-window'))).toEqual(['1', '2', '3', '4', '5']);
    const pages = [...root.querySelectorAll('.rotator-page')].map((p) => `${p.getAttribute('data-kind')}:${p.querySelectorAll('li').length}`);
    expect(pages).toEqual(['waiting:2', 'waiting:2', 'waiting:1', 'windows:4', 'windows:1']);
    expect(root.querySelectorAll('.rotator-page.current')).toHaveLength(1);
    // 3 waiting pages + 2 window pages + 2 guide items a round.
    expect(root.querySelector('.info-page')?.textContent).toBe('1/7');
    expect(root.querySelector('[data-queue=QA]')?.textContent).toBe('A' + 'A队列' + '12 人');
    expect(root.querySelector('[data-queue=QC] .queue-waiting')?.textContent).toBe('暂停取号');
    expect(root.querySelector('[data-window="5"]')?.textContent).toBe('5号窗口暂停服务');
  });

  it('turns the pages in order, then shows two guide items a round, going on through the catalogue', () => {
    const seen: string[] = [];
    for (let i = 0; i < 14; i++) {
      const page = current()!;
      const kind = page.getAttribute('data-kind');
      seen.push(kind === 'guide' ? `guide:${page.querySelector('.guide-name')?.textContent}` : `${kind}:${[...page.querySelectorAll('li')].map((li) => li.getAttribute('data-queue') ?? li.getAttribute('data-window')).join(',')}`);
      tick(5);
    }
    expect(seen).toEqual([
      'waiting:QA,QB', 'waiting:QC,QD', 'waiting:QE', 'windows:1,2,3,4', 'windows:5', 'guide:营业执照办理', 'guide:身份证换领',
      'waiting:QA,QB', 'waiting:QC,QD', 'waiting:QE', 'windows:1,2,3,4', 'windows:5', 'guide:发票领用', 'guide:营业执照办理',
    ]);
  });

  it('shows a guide item with its department, time limits and phone', () => {
    tick(5 * 6);
    const guide = current()!;
    expect(guide.getAttribute('data-kind')).toBe('guide');
    expect(guide.querySelector('.guide-name')?.textContent).toBe('身份证换领');
    expect(guide.querySelector('.guide-meta')?.textContent).toContain('公安局');
    expect(guide.querySelector('.guide-meta')?.textContent).toContain('承诺时限 1 个工作日');
    expect(guide.querySelector('.guide-meta')?.textContent).toContain('法定时限 20 个工作日');
    expect(guide.querySelector('.guide-meta')?.textContent).toContain('咨询电话 12345');
  });
});
