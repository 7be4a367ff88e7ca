// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WindowStateView } from '../../../contract/snapshot.ts';
import { EvaluationScreen, type EvaluationRequest, type EvaluationSubmission, type SubmitResult } from '../../../display-ui/evaluate/evaluation-screen.tsx';

const WINDOW: WindowStateView = {
  number: 1,
  name: '综合窗口1',
  department: 'GA',
  status: 'open',
  pauseReason: null,
  staff: { badge: 'T001', name: '李明', title: '一级科员' },
  current: null,
  queues: ['QA'],
  honours: ['党员示范岗'],
  comprehensive: true,
};
const REQUEST: EvaluationRequest = { ticketId: '00000000-0000-4000-8000-000000000001', number: 'A007' };

let root: HTMLDivElement;
let sent: EvaluationSubmission[];
let closed: number;
let answer: SubmitResult;
/** Call-back numbers the contact step sent, and what the server answers (null: stored). */
let contacts: { ticketId: string; phone: string }[];
let contactAnswer: string | null;

function show(request: EvaluationRequest | null, dimensions = false) {
  act(() => {
    render(
      <EvaluationScreen
        window={WINDOW}
        windowNumber={1}
        request={request}
        onClose={() => closed++}
        submit={async (s) => {
          sent.push(s);
          return answer;
        }}
        submitContact={async (ticketId, phone) => {
          contacts.push({ ticketId, phone });
          return contactAnswer;
        }}
        dimensions={dimensions}
        requestTimeoutMs={60_000}
        thanksMs={5_000}
      />,
      root,
    );
  });
}
const $ = (sel: string) => root.querySelector(sel) as HTMLElement | null;
async function tap(sel: string) {
  const el = $(sel);
  if (!el) throw new Error(`nothing matches ${sel}`);
  await act(async () => {
    el.click();
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  root = document.createElement('div');
  document.body.append(root);
  sent = [];
  contacts = [];
  contactAnswer = null;
  closed = 0;
  answer = { ok: true };
});
afterEach(() => {
  act(() => render(null, root));
  root.remove();
  vi.useRealTimers();
});

describe('EvaluationScreen', () => {
  it('idles on the staff card', () => {
    show(null);
    expect($('[data-testid=evaluate-idle]')?.textContent).toContain('李明');
    expect($('[data-testid=evaluate-idle]')?.textContent).toContain('工号 T001');
    expect($('[data-testid=evaluate-idle]')?.textContent).toContain('党员示范岗');
  });

  it('a good level is sent in one tap, then thanks, then back to idle after the thanks timeout', async () => {
    show(REQUEST);
    expect($('[data-testid=eval-ticket]')?.textContent).toBe('号码 A007');
    expect([...root.querySelectorAll('.eval-level')].map((b) => b.getAttribute('data-level'))).toEqual(['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied']);
    await tap('.eval-level[data-level=satisfied]');
    expect(sent).toEqual([{ ticketId: REQUEST.ticketId, level: 'satisfied' }]);
    expect($('[data-testid=eval-thanks]')?.textContent).toContain('感谢您的评价！');
    act(() => void vi.advanceTimersByTime(4_999));
    expect(closed).toBe(0);
    act(() => void vi.advanceTimersByTime(1));
    expect(closed).toBe(1);
  });

  it('a 差评 asks for optional preset reasons before sending', async () => {
    show(REQUEST);
    await tap('.eval-level[data-level=very_dissatisfied]');
    expect(sent).toEqual([]);
    await tap('[data-reason=notice]');
    await tap('[data-reason=attitude]');
    await tap('[data-reason=notice]'); // untick
    await tap('[data-testid=eval-submit]');
    expect(sent).toEqual([{ ticketId: REQUEST.ticketId, level: 'very_dissatisfied', reason: '服务态度差', reasons: ['服务态度差'] }]);
    // Then the optional call-back number, typed on the screen's own keypad.
    expect($('[data-testid=eval-contact]')).not.toBeNull();
    expect(($('[data-testid=eval-contact-submit]') as HTMLButtonElement).disabled).toBe(true);
    for (const d of '1380013800') await tap(`.eval-key[data-key="${d}"]`);
    expect(($('[data-testid=eval-contact-submit]') as HTMLButtonElement).disabled).toBe(true); // ten digits: not a number yet
    await tap('.eval-key[data-key="0"]');
    expect($('[data-testid=eval-phone]')?.textContent).toBe('138 0013 8000');
    await tap('[data-testid=eval-contact-submit]');
    expect(contacts).toEqual([{ ticketId: REQUEST.ticketId, phone: '13800138000' }]);
    expect($('[data-testid=eval-thanks]')?.textContent).toContain('联系回访');
  });

  it('the call-back step shows the server’s refusal and may be left without a number', async () => {
    show(REQUEST);
    await tap('.eval-level[data-level=dissatisfied]');
    await tap('[data-testid=eval-submit]');
    for (const d of '13800138000') await tap(`.eval-key[data-key="${d}"]`);
    contactAnswer = '已经留过回访电话了，我们会尽快与您联系。';
    await tap('[data-testid=eval-contact-submit]');
    expect($('.eval-contact [role=alert]')?.textContent).toContain('已经留过回访电话了');
    await tap('.eval-key[data-key="back"]');
    expect($('[data-testid=eval-phone]')?.textContent).toBe('138 0013 800');
    await tap('[data-testid=eval-contact-skip]');
    expect($('[data-testid=eval-thanks]')?.textContent).toContain('认真核查');
    expect($('[data-testid=eval-thanks]')?.textContent).not.toContain('联系回访');
  });

  it('a 差评 may be sent without a reason', async () => {
    show(REQUEST);
    await tap('.eval-level[data-level=dissatisfied]');
    await tap('[data-testid=eval-submit]');
    expect(sent).toEqual([{ ticketId: REQUEST.ticketId, level: 'dissatisfied' }]);
  });

  it('with dimensions on, sends only the aspects rated', async () => {
    show(REQUEST, true);
    await tap('.eval-level[data-level=very_satisfied]');
    await tap('[data-dimension=attitude] [data-level=basic]');
    await tap('[data-dimension=guidance] [data-level=satisfied]');
    await tap('[data-dimension=guidance] [data-level=satisfied]'); // untick
    await tap('[data-testid=eval-submit]');
    expect(sent).toEqual([{ ticketId: REQUEST.ticketId, level: 'very_satisfied', dimensions: { attitude: 'basic' } }]);
  });

  it('an unanswered request goes back to idle after its timeout, and a tap restarts the wait', async () => {
    show(REQUEST, true);
    act(() => void vi.advanceTimersByTime(59_000));
    await tap('.eval-level[data-level=basic]');
    act(() => void vi.advanceTimersByTime(59_000));
    expect(closed).toBe(0);
    act(() => void vi.advanceTimersByTime(1_000));
    expect(closed).toBe(1);
    expect(sent).toEqual([]);
  });

  it('a refusal shows the server message and a retry; an earlier evaluation counts as done', async () => {
    answer = { ok: false, already: false, message: '当前身份无权执行评价该号票。' };
    show(REQUEST);
    await tap('.eval-level[data-level=satisfied]');
    expect(root.querySelector('[role=alert]')?.textContent).toContain('当前身份无权执行评价该号票。');
    answer = { ok: false, already: true, message: '该号票已评价' };
    await tap('[data-testid=eval-submit]');
    expect(sent).toHaveLength(2);
    expect($('[data-testid=eval-thanks]')?.textContent).toContain('该号票已评价，谢谢！');
  });
});
