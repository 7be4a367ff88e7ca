// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiFailure } from '../../../ui-kit/api.ts';
import { TerminalView } from '../../../window-ui/components/terminal-view.tsx';
import { WindowTerminal } from '../../../window-ui/terminal.ts';
import { fakeServer, fakeStream, NOW, posts, ticket, windowState, type FakeServer } from './fixtures.ts';

let root: HTMLDivElement;
let fake: FakeServer;
let stream: ReturnType<typeof fakeStream>;
let term: WindowTerminal;
let lost: number;

const $ = (sel: string) => root.querySelector(sel) as HTMLElement | null;
const text = (sel: string) => $(sel)?.textContent ?? '';
const flush = () => act(async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
});

async function press(key: string, init: KeyboardEventInit = {}) {
  await act(async () => {
    const target = document.activeElement && document.activeElement !== document.body ? document.activeElement : window;
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
  });
  await flush();
}

async function mount(state = windowState(), connected = true) {
  fake = fakeServer(state);
  stream = fakeStream();
  stream.connected.value = connected;
  lost = 0;
  term = new WindowTerminal({
    window: 1,
    badge: 'T001',
    request: fake.request,
    openStream: stream.open,
    onSessionLost: () => lost++,
    onSignedOut: () => undefined,
    now: () => NOW,
  });
  await act(async () => {
    render(<TerminalView term={term} staffName="窗口甲" />, root);
    await term.start();
  });
  await flush();
}

const called = ticket({ state: 'called', window: 1, calledAt: new Date(NOW - 30_000).toISOString(), recallCount: 1, priority: 'green', greenReason: '老年人', proxy: true });
const serving = ticket({ state: 'serving', window: 1, calledAt: new Date(NOW - 9 * 60_000).toISOString(), startedAt: new Date(NOW - 9 * 60_000).toISOString() });
const waitingB = ticket({ id: '00000000-0000-4000-8000-000000000002', number: 'B002', queue: 'QB', item: null, issuedAt: new Date(NOW - 35 * 60_000).toISOString(), nameMasked: null, idMasked: null });
const waitingA = ticket({ id: '00000000-0000-4000-8000-000000000003', number: 'A003' });

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  term?.stop();
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

describe('window terminal', () => {
  it('shows the ticket in hand: number, state, tags, masked identity, materials, promised time, recalls, timer', async () => {
    await mount(windowState({ waiting: [waitingB, waitingA] }, called));
    expect(text('[data-testid="current-number"]')).toBe('A001');
    expect(text('.current')).toContain('已叫号');
    expect(text('.current .tags')).toContain('绿色通道：老年人');
    expect(text('.current .tags')).toContain('代办');
    expect(text('.current')).toContain('自助取号');
    expect(text('[data-testid="identity"]')).toBe('张*丰　110105********002X');
    expect(text('.materials-list')).toContain('身份证');
    expect(text('.materials-list')).toContain('原件');
    expect(text('.materials')).toContain('承诺时限：3 个工作日');
    expect(text('[data-testid="recalls"]')).toBe('重呼 1/3');
    expect(text('.elapsed-time')).toBe('00:30');
    expect($('.elapsed')!.dataset.level).toBe('ok');
    // Waiting list in calling order with waiting times; today's figures.
    expect([...root.querySelectorAll('.row-number')].map((e) => e.textContent)).toEqual(['B002', 'A003']);
    expect(text('.row-wait.long')).toBe('35 分');
    expect(text('[data-figure="served"]')).toContain('3');
    expect(text('[data-figure="average"]')).toContain('6.5 分钟');
    expect(text('[data-figure="satisfaction"]')).toContain('100%');
    // Every action shows its key.
    expect(text('button[data-action="callNext"] .keycap')).toBe('F1');
    expect(text('button[data-action="recall"] .keycap')).toBe('F2');
    expect(text('button[data-action="pause"] .keycap')).toBe('F12');
  });

  it('the timer is amber near the service time and red past it, on the server clock', async () => {
    await mount(windowState({}, serving));
    expect($('.elapsed')!.dataset.level).toBe('amber');
    fake.state.value = { ...windowState({}, serving), at: new Date(NOW + 2 * 60_000).toISOString() };
    await act(async () => {
      await term.refresh();
    });
    expect($('.elapsed')!.dataset.level).toBe('red');
    expect(text('.elapsed')).toContain('超时 1 分钟');
  });

  it('F2 recalls; a disabled action is not sent and says why', async () => {
    await mount(windowState({}, called));
    fake.answer = () => ({ ...called, recallCount: 2 });
    await press('F2');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/recall', body: {} }]);

    fake.calls.length = 0;
    await mount(windowState());
    expect(($('button[data-action="recall"]') as HTMLButtonElement).disabled).toBe(true);
    await press('F2');
    expect(posts(fake)).toEqual([]);
    expect(text('[data-testid="message"]')).toBe('当前没有号票');
  });

  it('过号 asks first: Esc keeps the ticket, Enter marks the no-show', async () => {
    await mount(windowState({}, called));
    await press('F6');
    expect($('[role="dialog"]')).not.toBeNull();
    expect(text('[role="dialog"]')).toContain('A001 将记为过号');
    await press('Escape');
    expect($('[role="dialog"]')).toBeNull();
    expect(posts(fake)).toEqual([]);
    await press('F6');
    fake.answer = () => ({ ...called, state: 'no_show' });
    await press('Enter');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/no-show', body: {} }]);
    expect($('[role="dialog"]')).toBeNull();
  });

  it('one action at a time: a second F1 while the first runs sends nothing', async () => {
    await mount(windowState({ waiting: [waitingA] }));
    let release!: () => void;
    fake.answer = () => new Promise((resolve) => (release = () => resolve({ ...waitingA, state: 'called', window: 1 })));
    await press('F1');
    await press('F1');
    expect(posts(fake)).toHaveLength(1);
    expect(($('button[data-action="callNext"]') as HTMLButtonElement).disabled).toBe(true);
    await act(async () => release());
    await flush();
    expect(text('[data-testid="message"]')).toContain('已叫号 A003');
  });

  it('calling while a ticket is being served says it will be finished as 办结 first', async () => {
    await mount(windowState({ waiting: [waitingA] }, serving));
    await press('F1');
    expect(text('[role="dialog"]')).toContain('将以“办结”结束该号');
    expect(posts(fake)).toEqual([]);
    await press('Enter');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/call-next', body: {} }]);
  });

  it("shows the server's refusal as it is", async () => {
    await mount(windowState({ waiting: [waitingA] }));
    fake.answer = () => new ApiFailure(409, 'NO_WAITING', '当前没有等候的号票。');
    await press('F1');
    expect(text('[data-testid="message"]')).toBe('当前没有等候的号票。');
    expect($('.message-error')).not.toBeNull();
  });

  it('an expired session goes back to the login', async () => {
    await mount(windowState({ waiting: [waitingA] }));
    fake.answer = () => new ApiFailure(401, 'UNAUTHORIZED', '请先登录。');
    await press('F1');
    expect(lost).toBe(1);
  });

  it('finish: 办结 is preselected (F4, Enter); 补正 lists the missing materials and shows the printable notice', async () => {
    await mount(windowState({}, serving));
    await press('F4');
    expect($('.outcome.chosen')!.dataset.outcome).toBe('done');
    fake.answer = () => ({ ...serving, state: 'finished', outcome: 'done' });
    await press('Enter');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/finish', body: { outcome: 'done' } }]);

    fake.calls.length = 0;
    await mount(windowState({}, serving));
    await press('F4');
    await press('3');
    expect($('.outcome.chosen')!.dataset.outcome).toBe('supplement');
    // Nothing ticked: refused in the dialog, nothing sent.
    await press('Enter');
    expect(text('.dialog-error')).toContain('请勾选或填写缺少的材料');
    expect(posts(fake)).toEqual([]);
    await act(async () => {
      ($('.missing-item input') as HTMLInputElement).click();
    });
    ($('[role="dialog"]') as HTMLElement).focus();
    fake.answer = () => ({ ...serving, state: 'finished', outcome: 'supplement', finishedAt: new Date(NOW).toISOString() });
    await press('Enter');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/finish', body: { outcome: 'supplement', note: '缺少材料：身份证' } }]);
    expect(text('.slip-missing .slip-material')).toBe('身份证');
    // With the copies the item's guide asks for.
    expect(text('.slip-missing .slip-copies')).toBe('原件');
    expect(text('.slip')).toContain('A001');
    expect(text('.slip')).toContain('综合咨询');
    expect(text('.slip')).toContain('0571-12345678');
    const print = vi.fn();
    window.print = print;
    await act(async () => ($('button[data-print]') as HTMLButtonElement).click());
    expect(print).toHaveBeenCalledTimes(1);
  });

  it('transfer: nothing is preselected; arrows pick a target, the note goes along', async () => {
    await mount(windowState({}, serving));
    await press('F7');
    await press('Enter');
    expect(text('.dialog-error')).toContain('请选择转移目标');
    expect(posts(fake)).toEqual([]);
    await press('ArrowDown');
    await press('ArrowDown');
    expect(text('.dialog-summary')).toContain('户政（B）');
    const note = $('.dialog input[type="text"]') as HTMLInputElement;
    await act(async () => {
      note.value = '户籍业务';
      note.dispatchEvent(new Event('input', { bubbles: true }));
      note.focus();
    });
    await press('Enter');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/transfer', body: { queue: 'QB', note: '户籍业务' } }]);
  });

  it('pause needs a reason; F12 on a paused window resumes', async () => {
    await mount(windowState());
    await press('F12');
    await press('Enter');
    expect(text('.dialog-error')).toContain('请填写暂停原因');
    await press('2');
    await press('Enter');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/pause', body: { reason: '临时离开' } }]);

    const paused = windowState();
    paused.window!.status = 'paused';
    paused.window!.pauseReason = '临时离开';
    await mount(paused);
    expect(text('[data-testid="window-status"]')).toContain('暂停服务：临时离开');
    expect(text('button[data-action="pause"]')).toContain('恢复服务');
    await press('F12');
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/resume', body: {} }]);
  });

  it('arrows select in the waiting list and ⇧F1 calls the selected ticket', async () => {
    await mount(windowState({ waiting: [waitingB, waitingA] }));
    await press('ArrowDown');
    await press('ArrowDown');
    expect($('.row.selected')!.dataset.number).toBe('A003');
    await press('F1', { shiftKey: true });
    expect(posts(fake)).toEqual([{ path: '/api/windows/1/call', body: { ticketId: waitingA.id } }]);
  });

  it('re-reads the state when an event touches this window or its queues, not for other windows', async () => {
    await mount(windowState());
    const before = fake.reads;
    stream.emit({ type: 'ticket.called', window: 3, ticket: ticket({ queue: 'QC', window: 3 }) });
    await flush();
    expect(fake.reads).toBe(before);
    // The hardware caller acted on this window.
    fake.state.value = windowState({}, called);
    stream.emit({ type: 'ticket.called', window: 1, ticket: called, actor: { kind: 'device', id: 'G1/C1' } });
    await flush();
    expect(fake.reads).toBe(before + 1);
    expect(text('[data-testid="current-number"]')).toBe('A001');
    // A kiosk issued into one of this window's queues.
    stream.emit({ type: 'ticket.issued', window: null, ticket: ticket({ queue: 'QB' }) });
    await flush();
    expect(fake.reads).toBe(before + 2);
  });

  it('says when the connection is lost', async () => {
    await mount(windowState());
    expect($('.banner-offline')).toBeNull();
    await act(async () => {
      stream.connected.value = false;
    });
    expect(text('.banner-offline')).toContain('连接已中断');
  });
});

describe('connection warning', () => {
  it('waits a moment on the first connect, then warns', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      await mount(windowState(), false);
      // Never connected yet: opening the terminal does not flash the warning at once.
      expect($('.banner-offline')).toBeNull();
      await act(async () => {
        vi.advanceTimersByTime(3000);
      });
      expect(text('.banner-offline')).toContain('连接已中断');
    } finally {
      vi.useRealTimers();
    }
  });
});
