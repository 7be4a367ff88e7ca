// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../ui-kit/api.ts';
import { TerminalView } from '../../../window-ui/components/terminal-view.tsx';
import { WindowTerminal } from '../../../window-ui/terminal.ts';
import { fakeServer, fakeStream, NOW, ticket, windowState, type FakeServer } from './fixtures.ts';

/** The toast says what really happened; an error goes once its condition is over; the 补正 notice names the clerk. */

let root: HTMLDivElement;
let fake: FakeServer;
let stream: ReturnType<typeof fakeStream>;
let term: WindowTerminal;

const $ = (sel: string) => root.querySelector(sel) as HTMLElement | null;
const text = (sel: string) => $(sel)?.textContent ?? '';
const flush = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });
async function press(key: string) {
  await act(async () => {
    const target = document.activeElement && document.activeElement !== document.body ? document.activeElement : window;
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
  await flush();
}
async function mount(state = windowState()) {
  fake = fakeServer(state);
  stream = fakeStream();
  term = new WindowTerminal({ window: 1, badge: 'T001', request: fake.request, openStream: stream.open, onSessionLost: () => undefined, onSignedOut: () => undefined, now: () => NOW });
  term.staffName = '窗口甲';
  await act(async () => {
    render(<TerminalView term={term} staffName="窗口甲" />, root);
    await term.start();
  });
  await flush();
}

const serving = ticket({ state: 'serving', window: 1, calledAt: new Date(NOW - 60_000).toISOString(), startedAt: new Date(NOW - 60_000).toISOString() });
const waitingA = ticket({ id: '00000000-0000-4000-8000-000000000003', number: 'A003' });

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  term?.stop();
  render(null, root);
  root.remove();
});

describe('window terminal outcomes and messages', () => {
  for (const [key, outcome, said] of [
    ['1', 'done', 'A001 办结'],
    ['2', 'accepted', 'A001 已受理'],
    ['4', 'rejected', 'A001 不予受理'],
    ['5', 'consultation', 'A001 咨询'],
  ] as const) {
    it(`finishing as ${outcome} says “${said}”`, async () => {
      await mount(windowState({}, serving));
      await press('F4');
      await press(key);
      fake.answer = () => ({ ...serving, state: 'finished', outcome, finishedAt: new Date(NOW).toISOString() });
      await press('Enter');
      expect(text('[data-testid="message"]')).toBe(said);
    });
  }

  it('a refusal goes away once the window’s state has changed, not before', async () => {
    await mount(windowState({ waiting: [waitingA] }));
    fake.answer = () => new ApiFailure(409, 'NO_WAITING', '当前没有等候的号票。');
    await press('F1');
    expect(text('[data-testid="message"]')).toBe('当前没有等候的号票。');
    // A read that finds the same state keeps it: the condition has not ended.
    await act(async () => {
      await term.refresh();
    });
    expect(text('[data-testid="message"]')).toBe('当前没有等候的号票。');
    // Someone else takes a number: the state changes, the old refusal is gone.
    fake.state.value = windowState({ waiting: [waitingA, ticket({ id: '00000000-0000-4000-8000-000000000004', number: 'A004' })] });
    stream.emit({ type: 'ticket.issued', ticket: { ...waitingA, id: '00000000-0000-4000-8000-000000000004', number: 'A004' } });
    await act(async () => {
      await term.refresh();
    });
    expect(text('[data-testid="message"]')).toBe('');
    expect(term.message.value).toBeNull();
  });

  it('a failed read is cleared by the next good read', async () => {
    await mount(windowState());
    const request = fake.request;
    term['options'].request = (async (path: string, ...rest: unknown[]) => {
      if (path.endsWith('/state')) throw new ApiFailure(503, 'UNAVAILABLE', '服务器暂时无法访问。');
      return (request as (p: string, ...r: unknown[]) => Promise<unknown>)(path, ...rest);
    }) as typeof request;
    await act(async () => {
      await term.refresh();
    });
    expect(text('[data-testid="message"]')).toBe('服务器暂时无法访问。');
    term['options'].request = request;
    await act(async () => {
      await term.refresh();
    });
    expect(text('[data-testid="message"]')).toBe('');
    expect(term.message.value).toBeNull();
  });

  it('the 补正 notice names the clerk and prints two copies, one for the applicant and one for the file', async () => {
    await mount(windowState({}, serving));
    await press('F4');
    await press('3');
    await act(async () => ($('.missing-item input') as HTMLInputElement).click());
    ($('[role="dialog"]') as HTMLElement).focus();
    fake.answer = () => ({ ...serving, state: 'finished', outcome: 'supplement', finishedAt: new Date(NOW).toISOString() });
    await press('Enter');
    // The toast waits behind the notice dialog; it says what happened.
    expect(term.message.value?.text).toBe('A001 已一次性告知补正');
    expect(text('.slip-screen [data-slip="staff"]')).toBe('窗口甲（T001）');
    const copies = [...root.querySelectorAll('.print-area .slip')] as HTMLElement[];
    expect(copies.map((c) => c.querySelector('.slip-copy')?.textContent)).toEqual(['第一联 申请人留存', '第二联 窗口存档']);
    expect(copies.every((c) => c.textContent!.includes('身份证') && c.textContent!.includes('窗口甲'))).toBe(true);
    await act(async () => {
      const select = $('select[data-copies]') as HTMLSelectElement;
      select.value = '1';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(root.querySelectorAll('.print-area .slip')).toHaveLength(1);
  });
});
