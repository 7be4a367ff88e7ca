// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SupervisionAlert } from '../../../contract/admin.ts';
import { AlertList, sortAlerts } from '../../../admin-ui/components/alert-list.tsx';
import { setHallZone } from '../../../admin-ui/lib/time.ts';

let root: HTMLDivElement;
const $$ = (sel: string) => [...root.querySelectorAll(sel)] as HTMLElement[];

const alert = (a: Partial<SupervisionAlert> & Pick<SupervisionAlert, 'id'>): SupervisionAlert => ({
  kind: 'wait_over',
  severity: 'warning',
  since: '2026-11-30T02:00:00Z',
  message: 'm',
  ...a,
});

beforeEach(() => {
  setHallZone('Asia/Shanghai');
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('AlertList', () => {
  it('puts critical alerts first, then the longest-standing, naming where and since when in hall time', async () => {
    const alerts = [
      alert({ id: 'wait:QA', queue: 'QA', since: '2026-11-30T01:40:00Z', message: '综合队列最长已等候 35 分钟' }),
      alert({ id: 'idle:4', kind: 'idle_window', window: 4, since: '2026-11-30T01:30:00Z', message: '税务窗口空闲' }),
      alert({ id: 'service:1:x', kind: 'service_over', severity: 'critical', window: 1, since: '2026-11-30T01:55:00Z', message: '办理超时' }),
    ];
    await act(() => render(<AlertList alerts={alerts} at="2026-11-30T02:00:00Z" />, root));
    expect($$('li.alert').map((li) => li.dataset.alert)).toEqual(['service:1:x', 'idle:4', 'wait:QA']);
    const first = $$('li.alert')[0]!;
    expect(first.className).toContain('alert-critical');
    expect(first.querySelector('.alert-severity')?.textContent).toBe('严重');
    expect(first.querySelector('.alert-kind')?.textContent).toBe('办理超时');
    expect(first.querySelector('.alert-where')?.textContent).toBe('1 号窗口');
    expect(first.querySelector('.alert-since')?.textContent).toBe('自 09:55:00');
    expect($$('li.alert')[2]!.querySelector('.alert-where')?.textContent).toBe('队列 QA');
    expect(root.querySelector('.count')?.textContent).toBe('3');
    expect(root.querySelector('.count')?.className).toContain('count-bad');
    expect(root.textContent).toContain('更新于 10:00:00');
  });

  it('says when there is nothing, and tells loading from empty', async () => {
    await act(() => render(<AlertList alerts={null} />, root));
    expect(root.textContent).toContain('正在加载');
    expect(root.querySelector('.alert-none')).toBeNull();
    await act(() => render(<AlertList alerts={[]} />, root));
    expect(root.querySelector('.alert-none')?.textContent).toBe('当前没有告警');
    expect($$('li.alert')).toHaveLength(0);
  });

  it('offers to open the 差评 case an alert is about', async () => {
    const opened: number[] = [];
    await act(() => render(<AlertList alerts={[alert({ id: 'bad:7', kind: 'bad_evaluation', caseId: 7 }), alert({ id: 'wait:QB', queue: 'QB' })]} onOpenCase={(id) => opened.push(id)} />, root));
    const buttons = $$('li.alert button');
    expect(buttons).toHaveLength(1);
    await act(() => buttons[0]!.click());
    expect(opened).toEqual([7]);
  });

  it('sorts without touching the list it was given', () => {
    const list = [alert({ id: 'b', since: '2026-11-30T02:00:00Z' }), alert({ id: 'a', since: '2026-11-30T02:00:00Z' })];
    expect(sortAlerts(list).map((a) => a.id)).toEqual(['a', 'b']);
    expect(list.map((a) => a.id)).toEqual(['b', 'a']);
  });
});
