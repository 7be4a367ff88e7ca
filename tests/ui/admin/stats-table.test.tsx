// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StatsFigures, StatsResponse } from '../../../contract/admin.ts';
import { StatsTable } from '../../../admin-ui/components/stats-table.tsx';

let root: HTMLDivElement;
const cell = (row: Element, col: string) => row.querySelector(`[data-col=${col}]`)?.textContent;

const figures = (f: Partial<StatsFigures> = {}): StatsFigures => ({
  issued: 0,
  served: 0,
  noShow: 0,
  cancelled: 0,
  waited: 0,
  averageWaitMinutes: null,
  p90WaitMinutes: null,
  averageServiceMinutes: null,
  doneOnSite: 0,
  onSiteRate: null,
  evaluated: 0,
  evaluations: { very_satisfied: 0, satisfied: 0, basic: 0, dissatisfied: 0, very_dissatisfied: 0 },
  satisfactionRate: null,
  badCount: 0,
  ...f,
});

const response = (r: Partial<StatsResponse>): StatsResponse => ({ from: '2026-11-24', to: '2026-11-30', groupBy: 'window', timezone: 'Asia/Shanghai', rows: [], total: figures(), waitDistribution: [], ...r });

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
});

describe('StatsTable', () => {
  it('shows each group and a total row; minutes to one decimal, rates as percentages, — for none', async () => {
    const data = response({
      rows: [
        { key: '1', label: '综合窗口1', ...figures({ issued: 7, served: 6, averageWaitMinutes: 50.25, p90WaitMinutes: 119, averageServiceMinutes: 8.2, doneOnSite: 6, onSiteRate: 1, evaluated: 6, satisfactionRate: 1 }) },
        { key: '2', label: '综合窗口2', ...figures({ issued: 3, served: 3, noShow: 1, onSiteRate: 2 / 3, satisfactionRate: 0.6667, badCount: 1, evaluated: 3 }) },
      ],
      total: figures({ issued: 10, served: 9, noShow: 1, averageWaitMinutes: 49.26, onSiteRate: 0.9167, satisfactionRate: 0.8333, badCount: 1 }),
    });
    await act(() => render(<StatsTable data={data} />, root));
    expect(root.querySelector('thead th')?.textContent).toBe('窗口');
    const [w1, w2] = [...root.querySelectorAll('tbody tr')];
    expect(w1!.getAttribute('data-group')).toBe('1');
    expect(cell(w1!, 'issued')).toBe('7');
    expect(cell(w1!, 'averageWait')).toBe('50.3');
    expect(cell(w1!, 'p90Wait')).toBe('119.0');
    expect(cell(w1!, 'onSiteRate')).toBe('100.0%');
    expect(cell(w2!, 'averageWait')).toBe('—');
    expect(cell(w2!, 'onSiteRate')).toBe('66.7%');
    expect(cell(w2!, 'noShow')).toBe('1');
    // A group with a 差评 stands out.
    expect(w2!.className).toContain('row-bad');
    expect(w1!.className).not.toContain('row-bad');
    const total = root.querySelector('tfoot tr')!;
    expect(total.querySelector('th')?.textContent).toBe('合计');
    expect(cell(total, 'issued')).toBe('10');
    expect(cell(total, 'satisfaction')).toBe('83.3%');
  });

  it('names the grouping in the first column and has no total row when not grouped', async () => {
    await act(() => render(<StatsTable data={response({ groupBy: 'hour', rows: [{ key: '09', label: '09:00–10:00', ...figures({ issued: 4 }) }] })} />, root));
    expect(root.querySelector('thead th')?.textContent).toBe('取号时段');
    await act(() => render(<StatsTable data={response({ groupBy: 'none', rows: [{ key: null, label: '合计', ...figures({ issued: 4 }) }] })} />, root));
    expect(root.querySelector('tfoot')).toBeNull();
  });

  it('says so when the range holds nothing', async () => {
    await act(() => render(<StatsTable data={response({ rows: [] })} />, root));
    expect(root.querySelector('td.empty')?.textContent).toBe('所选日期没有数据');
  });
});
