// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../ui-kit/api.ts';
import { TerminalView } from '../../../window-ui/components/terminal-view.tsx';
import { WindowTerminal } from '../../../window-ui/terminal.ts';
import { fakeServer, fakeStream, NOW, receipt, windowState, type FakeServer } from './fixtures.ts';

let root: HTMLDivElement;
let fake: FakeServer;
let term: WindowTerminal;

const $ = (sel: string) => root.querySelector(sel) as HTMLElement | null;
const flush = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });

async function change(sel: string, value: string | boolean) {
  await act(async () => {
    const el = $(sel) as HTMLInputElement | HTMLSelectElement;
    if (typeof value === 'boolean') (el as HTMLInputElement).checked = value;
    else el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
}

async function click(sel: string) {
  await act(async () => {
    $(sel)!.click();
  });
  await flush();
}

beforeEach(async () => {
  root = document.createElement('div');
  document.body.append(root);
  fake = fakeServer(windowState());
  const stream = fakeStream();
  term = new WindowTerminal({ window: 1, badge: 'T001', request: fake.request, openStream: stream.open, onSessionLost: () => undefined, onSignedOut: () => undefined, now: () => NOW });
  await act(async () => {
    render(<TerminalView term={term} staffName="窗口甲" />, root);
    await term.start();
  });
  await flush();
});
afterEach(() => {
  render(null, root);
  root.remove();
});

const issues = () => fake.calls.filter((c) => c.method === 'POST' && c.path === '/api/windows/1/tickets');

describe('窗口取号 dialog', () => {
  it('issues a green-channel 代办 ticket with its reason and says the number', async () => {
    fake.answer = () => receipt({ number: 'B007', tags: ['green', 'proxy'] });
    await click('button[data-action="issue"]');
    expect($('[role="dialog"]')).not.toBeNull();
    await change('select[name="queue"]', 'QB');
    await change('input[name="green"]', true);
    // A green ticket without a reason is refused in the dialog, before any request.
    await click('[role="dialog"] button.btn-primary');
    expect(issues()).toHaveLength(0);
    expect($('[role="dialog"]')?.textContent).toContain('绿色通道需要选择原因');
    await change('select[name="greenReason"]', 'issue.reason.elderly');
    await change('input[name="proxy"]', true);
    await click('[role="dialog"] button.btn-primary');
    expect(issues().map((c) => c.body)).toEqual([{ queue: 'QB', green: true, greenReason: '老年人', proxy: true }]);
    expect($('[role="dialog"]')).toBeNull();
    expect(term.message.value).toEqual({ kind: 'ok', text: '已取号 B007' });
  });

  it('offers the items of the chosen queue and keeps the dialog open on a refusal', async () => {
    fake.answer = () => new ApiFailure(409, 'QUEUE_CLOSED', '该业务今日暂停取号，请到咨询台咨询。');
    await click('button[data-action="issue"]');
    const options = [...root.querySelectorAll('select[name="item"] option')].map((o) => o.textContent);
    expect(options).toContain('综合咨询');
    await change('select[name="item"]', 'I1');
    await click('[role="dialog"] button.btn-primary');
    expect(issues().map((c) => c.body)).toEqual([{ queue: 'QA', item: 'I1' }]);
    expect($('[role="dialog"]')?.textContent).toContain('该业务今日暂停取号');
  });
});
