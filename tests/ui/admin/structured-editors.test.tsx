// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { toggleDay } from '../../../admin-ui/components/editors/month-grid.tsx';
import { toComposite, type HallHoursDraft } from '../../../admin-ui/components/editors/composite.ts';
import type { FieldSpec } from '../../../admin-ui/components/fields.ts';
import { EntityForm } from '../../../admin-ui/components/form.tsx';
import { ADMIN_SAVED_RESPONSES, HallInfoSaved } from '../../../contract/responses.ts';
import { api } from '../../../ui-kit/api.ts';

/** The structured editors that replaced JSON text: hours with 延时, the 休/班 calendar, slot caps, materials. */

let root: HTMLDivElement;
const $ = (sel: string) => root.querySelector(sel) as HTMLElement | null;
const $$ = (sel: string) => [...root.querySelectorAll(sel)] as HTMLElement[];
const flush = () =>
  act(async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  });
async function type(sel: string, value: string) {
  await act(async () => {
    const el = $(sel) as HTMLInputElement;
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function click(el: HTMLElement | null) {
  expect(el, 'element to click').not.toBeNull();
  await act(async () => void el!.dispatchEvent(new MouseEvent('click', { bubbles: true })));
}
async function submit() {
  await act(async () => void $('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));
  await flush();
}
function answer(status: number, body: unknown) {
  const sent: unknown[] = [];
  globalThis.fetch = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    sent.push(init?.body ? JSON.parse(String(init.body)) : undefined);
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return sent;
}
const buttonText = (text: string) => $$('button').find((b) => b.textContent?.includes(text)) ?? null;

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

const QUEUE_FIELDS: FieldSpec[] = [
  { name: 'code', label: '编码', kind: 'text', key: true },
  { name: 'name', label: '名称', kind: 'text' },
  { name: 'hours', label: '办理时间', kind: 'weekHours', optional: true },
  { name: 'extendedHours', label: '延时办理', kind: 'weekHours' },
  { name: 'slotCaps', label: '分时段限额', kind: 'slotCaps' },
];
const QUEUE = { code: 'QA', name: '综合受理', prefix: 'A', extendedHours: [], slotCaps: [{ start: '09:00', end: '10:00', cap: 20 }], active: true };

describe('queue hours, 延时 and slot caps', () => {
  const mount = (status = 200, body: unknown = { queue: QUEUE }) => {
    const sent = answer(status, body);
    act(() => {
      render(
        <EntityForm id="q" fields={QUEUE_FIELDS} initial={QUEUE} editing onSubmit={async (entry) => void (await api('/api/admin/queues/QA', ADMIN_SAVED_RESPONSES.queues, { method: 'PUT', body: entry }))} />,
        root,
      );
    });
    return sent;
  };

  it('adds 延时 on chosen weekdays and a slot cap, and sends the structure the server expects', async () => {
    const sent = mount();
    // No hours of its own: says it follows the hall, and sends none.
    expect($('[data-field=hours]')?.textContent).toContain('按大厅开放时间');
    await click($('[data-field=extendedHours] button.btn-small:last-of-type'));
    const row = '[data-field=extendedHours] [data-week-row="0"]';
    // The new group starts Monday–Friday; keep Tuesday and Thursday only.
    for (const d of [1, 3, 5]) await click($(`${row} [data-day="${d}"]`));
    await type('#q-extendedHours-0-0-start', '12:00');
    await type('#q-extendedHours-0-0-end', '14:00');
    await click(buttonText('添加时段限额'));
    await type('#q-slotCaps-1-start', '10:00');
    await type('#q-slotCaps-1-end', '11:00');
    await type('#q-slotCaps-1-cap', '15');
    await submit();
    expect(sent).toHaveLength(1);
    const body = sent[0] as Record<string, unknown>;
    expect(body).not.toHaveProperty('hours');
    expect(body.extendedHours).toEqual([{ days: [2, 4], periods: [{ start: '12:00', end: '14:00' }] }]);
    expect(body.slotCaps).toEqual([
      { start: '09:00', end: '10:00', cap: 20 },
      { start: '10:00', end: '11:00', cap: 15 },
    ]);
  });

  it('says 必填 and a wrong range beside the very input, before sending', async () => {
    const sent = mount();
    await click($('[data-field=extendedHours] button.btn-small:last-of-type'));
    await type('#q-extendedHours-0-0-start', '');
    await type('#q-extendedHours-0-0-end', '08:00');
    for (const d of [1, 2, 3, 4, 5]) await click($(`[data-field=extendedHours] [data-day="${d}"]`));
    await type('#q-slotCaps-0-cap', '');
    await type('#q-slotCaps-0-end', '08:30');
    await submit();
    expect(sent).toHaveLength(0);
    expect($('#q-extendedHours-0-0-start-error')?.textContent).toBe('必填');
    expect($('#q-extendedHours-0-0-start')?.getAttribute('aria-invalid')).toBe('true');
    expect($('#q-extendedHours-0-days-error')?.textContent).toBe('请至少选择一天');
    expect($('#q-slotCaps-0-cap-error')?.textContent).toBe('必填');
    expect($('#q-slotCaps-0-end-error')?.textContent).toBe('开始时间应早于结束时间');
  });

  it('places a server issue inside the structure beside its input', async () => {
    mount(400, { error: { code: 'VALIDATION_FAILED', message: 'x', details: { issues: [{ path: 'slotCaps[0].cap', message: 'Too small: expected number to be >=0' }, { path: 'extendedHours[3]', message: 'odd' }] } } });
    await submit();
    expect($('#q-slotCaps-0-cap-error')?.textContent).toBe('不能小于 0');
    // A path no input shows is still listed under the field.
    expect($('[data-field=extendedHours] .sub-error')?.textContent).toContain('odd');
  });
});

describe('hall hours with the 休/班 calendar', () => {
  const HALL = {
    code: 'H1',
    name: '大厅',
    level: 'county',
    hours: { weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '09:00', end: '17:00' }] }], holidays: ['2026-10-01'], makeupDays: [], makeupDayHours: [] },
  };
  const FIELDS: FieldSpec[] = [{ name: 'hours', label: '开放时间', kind: 'hallHours' }];

  it('marks an open day 休 and a weekend day 班, and asks for the make-up hours', async () => {
    const sent = answer(200, { hall: HALL });
    act(() => {
      render(<EntityForm id="hall" fields={FIELDS} initial={HALL} onSubmit={async (e) => void (await api('/api/admin/hall', HallInfoSaved, { method: 'PUT', body: e }))} />, root);
    });
    // Go to October 2026 whatever month it is today.
    while ($('.month-grid')!.getAttribute('data-month')! < '2026-10') await click($('.month-head button:last-child'));
    while ($('.month-grid')!.getAttribute('data-month')! > '2026-10') await click($('.month-head button:first-child'));
    expect($('[data-date="2026-10-01"]')?.textContent).toContain('休');
    expect($('[data-date="2026-10-03"]')?.className).toContain('day-closed');
    await click($('[data-date="2026-10-02"]')); // Friday, open → 休
    await click($('[data-date="2026-10-11"]')); // Sunday, closed → 班
    expect($('[data-date="2026-10-11"]')?.getAttribute('data-mark')).toBe('makeup');
    await submit();
    expect(sent).toHaveLength(0);
    expect($('#hall-hours-makeup-error')?.textContent).toBe('有调休上班日，请填写调休上班时间');
    await click(buttonText('添加时段')); // the first 添加时段 is the weekly group's; the make-up list's is the last
    const add = $$('.hall-hours > .periods > button').at(-1)!;
    await click(add);
    await type('#hall-hours-makeup-0-start', '09:00');
    await type('#hall-hours-makeup-0-end', '17:00');
    // The extra weekly period added above is empty: fill it so the form can go.
    await type('#hall-hours-weekly-0-1-start', '18:00');
    await type('#hall-hours-weekly-0-1-end', '20:00');
    await submit();
    expect(sent).toHaveLength(1);
    expect((sent[0] as { hours: unknown }).hours).toEqual({
      weekly: [{ days: [1, 2, 3, 4, 5], periods: [{ start: '09:00', end: '17:00' }, { start: '18:00', end: '20:00' }] }],
      holidays: ['2026-10-01', '2026-10-02'],
      makeupDays: ['2026-10-11'],
      makeupDayHours: [{ start: '09:00', end: '17:00' }],
    });
  });

  it('a second click clears a mark', () => {
    const hours = (toComposite('hallHours', HALL.hours) as { hours: HallHoursDraft }).hours;
    expect(toggleDay(hours, '2026-10-01').holidays).toEqual([]);
    expect(toggleDay(toggleDay(hours, '2026-10-10'), '2026-10-10').makeupDays).toEqual([]);
  });
});

describe('materials as a list', () => {
  const FIELDS: FieldSpec[] = [
    { name: 'code', label: '编码', kind: 'text', key: true },
    { name: 'materials', label: '申请材料', kind: 'materials' },
  ];
  it('adds, reorders and removes materials with English texts, and requires the name', async () => {
    const item = { code: 'I1', materials: [{ name: '居民身份证', copies: '原件1份' }] };
    const sent = answer(200, { item: { ...item, name: 'x', category: '便民服务', department: 'GA', queue: 'QA', steps: ['取号'], statutoryDays: 0, promisedDays: 0 } });
    act(() => {
      render(<EntityForm id="i" fields={FIELDS} initial={item} editing onSubmit={async (e) => void (await api('/api/admin/items/I1', ADMIN_SAVED_RESPONSES.items, { method: 'PUT', body: e }))} />, root);
    });
    expect(($('#i-materials-0-name') as HTMLInputElement).value).toBe('居民身份证');
    await click(buttonText('添加材料'));
    await type('#i-materials-1-copies', '2张');
    await submit();
    expect(sent).toHaveLength(0);
    expect($('#i-materials-1-name-error')?.textContent).toBe('必填');
    await type('#i-materials-1-name', '户口簿');
    await type('#i-materials-1-nameEn', 'Household register');
    await click($('[data-material="1"] button[aria-label="上移"]'));
    await submit();
    expect(sent).toHaveLength(1);
    expect((sent[0] as { materials: unknown }).materials).toEqual([
      { name: '户口簿', copies: '2张', nameEn: 'Household register' },
      { name: '居民身份证', copies: '原件1份' },
    ]);
    await click($('[data-material="0"] .btn-quiet'));
    expect($$('[data-material]')).toHaveLength(1);
  });
});
