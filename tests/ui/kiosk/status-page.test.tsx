// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiFailure } from '../../../ui-kit/api.ts';
import type { TicketStatus } from '../../../kiosk-ui/hall-data.ts';
import { locale } from '../../../kiosk-ui/i18n/index.ts';
import { StatusModel, StatusPage } from '../../../kiosk-ui/status/status-page.tsx';

const waiting: TicketStatus = { number: 'A003', queue: 'QA', queueName: '综合', item: '综合咨询', state: 'waiting', window: null, peopleAhead: 2, estimatedWaitMinutes: 20, issuedAt: '2026-11-30T02:00:00Z', calledAt: null, seq: 9 };

let root: HTMLElement | undefined;
afterEach(() => {
  if (root) render(null, root);
  root?.remove();
});

async function show(answers: (() => TicketStatus)[]) {
  locale.value = 'zh-CN';
  const keys: string[] = [];
  let i = 0;
  const m = new StatusModel('t-1', 'key-1', async (id, key) => {
    keys.push(`${id}/${key}`);
    return answers[Math.min(i++, answers.length - 1)]!();
  });
  root = document.createElement('div');
  document.body.appendChild(root);
  await act(async () => {
    await m.refresh();
    render(<StatusPage m={m} />, root!);
  });
  const $ = (s: string) => root!.querySelector(s)?.textContent;
  return { m, $, keys };
}

describe('phone status page', () => {
  it('shows number, queue, people ahead and the waiting state, with no personal data', async () => {
    const { $, keys } = await show([() => waiting]);
    expect(keys).toEqual(['t-1/key-1']);
    expect($('[data-field="number"]')).toBe('A003');
    expect($('[data-field="queue"]')).toBe('综合');
    expect($('[data-field="ahead"]')).toBe('2人');
    expect($('[data-field="state"]')).toBe('等候叫号');
    expect(root!.textContent).toContain('本页不显示任何个人信息');
  });

  it('updates to “called to window N” on refresh', async () => {
    const { m, $ } = await show([() => waiting, () => ({ ...waiting, state: 'called', window: 2, peopleAhead: 0 })]);
    await act(async () => {
      await m.refresh();
    });
    expect($('[data-field="state"]')).toBe('请到2号窗口办理');
    expect(root!.querySelector('.status-card')?.getAttribute('data-state')).toBe('called');
    expect($('[data-field="ahead"]')).toBeUndefined();
  });

  it('a forged or unknown key: says to scan the ticket again', async () => {
    const { $ } = await show([
      () => {
        throw new ApiFailure(404, 'UNKNOWN_TICKET', 'x');
      },
    ]);
    expect($('.status-missing')).toBe('没有找到该号票，请重新扫描号票上的二维码。');
  });

  it('refreshes for events about its ticket or its queue only', async () => {
    const { m } = await show([() => waiting]);
    expect(m.concerns({ ticket: { id: 't-1', queue: 'QZ' } })).toBe(true);
    expect(m.concerns({ ticket: { id: 'other', queue: 'QA' } })).toBe(true);
    expect(m.concerns({ ticket: null, waiting: { QA: 3 } })).toBe(true);
    expect(m.concerns({ ticket: { id: 'other', queue: 'QB' }, waiting: { QB: 1 } })).toBe(false);
    expect(m.concerns({ ticket: null })).toBe(false);
  });

  it('folds refreshes that come while one runs into one more', async () => {
    let calls = 0;
    let release: () => void = () => undefined;
    const m = new StatusModel('t-1', 'k', () => {
      calls++;
      return new Promise((r) => (release = () => r(waiting)));
    });
    const first = m.refresh();
    void m.refresh();
    void m.refresh();
    release();
    await new Promise((r) => setTimeout(r, 0));
    release();
    await first;
    expect(calls).toBe(2);
  });

  it('switches to English', async () => {
    const { $ } = await show([() => ({ ...waiting, state: 'serving', window: 3 })]);
    await act(async () => {
      (root!.querySelector('.status-lang') as HTMLButtonElement).click();
    });
    expect($('[data-field="state"]')).toBe('Being served at window 3');
  });
});
