// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromDraft, toDraft, type FieldSpec } from '../../../admin-ui/components/fields.ts';
import { EntityForm } from '../../../admin-ui/components/form.tsx';
import { errorsFor } from '../../../admin-ui/lib/validation.ts';
import { ADMIN_CREATED_RESPONSES, ADMIN_SAVED_RESPONSES } from '../../../contract/responses.ts';
import { api, ApiFailure } from '../../../ui-kit/api.ts';

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

async function submit() {
  await act(async () => {
    $('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await flush();
}

const FIELDS: FieldSpec[] = [
  { name: 'number', label: '窗口号', kind: 'number', key: true },
  { name: 'name', label: '名称', kind: 'text' },
  { name: 'queues', label: '服务队列', kind: 'ordered', required: true, options: [{ value: 'QA', label: '综合' }, { value: 'QB', label: '户政' }] },
  { name: 'honours', label: '荣誉', kind: 'lines' },
  { name: 'department', label: '部门', kind: 'select', optional: true, options: [{ value: 'GA', label: '公安局' }] },
];

/** A fetch that answers every request with one canned response, recording what was sent. */
function answer(status: number, body: unknown) {
  const sent: { url: string; method: string; body: unknown }[] = [];
  globalThis.fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(url), method: init?.method ?? 'GET', body: init?.body ? JSON.parse(String(init.body)) : undefined });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return sent;
}

const VALIDATION_FAILED = {
  error: {
    code: 'VALIDATION_FAILED',
    message: '保存失败：name: Too small: expected string to have >=1 characters; queues[1]: unknown queue QZ',
    details: {
      issues: [
        { path: 'name', message: 'Too small: expected string to have >=1 characters' },
        { path: 'queues[1]', message: 'unknown queue QZ' },
        { path: '(entry)', message: 'duplicate 3' },
      ],
    },
  },
};

beforeEach(() => {
  root = document.createElement('div');
  document.body.appendChild(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.restoreAllMocks();
});

describe('EntityForm with a VALIDATION_FAILED answer', () => {
  const mount = (onSubmit: (e: Record<string, unknown>) => Promise<void>) =>
    act(() => {
      render(<EntityForm id="win" title="编辑窗口 3" fields={FIELDS} initial={{ number: 3, name: '户政窗口', queues: ['QA'], honours: [], retired: false }} editing onSubmit={onSubmit} />, root);
    });

  it('shows each issue beside the field its path names, marks the control, and keeps the rest at the top', async () => {
    const sent = answer(400, VALIDATION_FAILED);
    await mount(async (entry) => {
      await api('/api/admin/windows/3', ADMIN_SAVED_RESPONSES.windows, { method: 'PUT', body: entry });
    });
    await type('#win-name', '户政窗口（新）');
    await submit();

    expect(sent).toHaveLength(1);
    expect($('[data-field=name] .field-error')?.textContent).toBe('必填');
    expect($('#win-name')?.getAttribute('aria-invalid')).toBe('true');
    expect($('#win-name')?.getAttribute('aria-describedby')).toBe('win-name-error');
    // queues[1] → the queues field, naming the line.
    expect($('[data-field=queues] .field-error')?.textContent).toBe('#2: 没有编码为 QZ 的队列');
    expect($('#win-queues')?.getAttribute('aria-invalid')).toBe('true');
    // Fields without an issue stay clean.
    expect($('[data-field=honours] .field-error')).toBeNull();
    expect($('#win-honours')?.getAttribute('aria-invalid')).toBeNull();
    expect($('.form-error')?.textContent).toContain('与已有的 3 重复');
    expect($('.form-saved')).toBeNull();
  });

  it('clears the errors once a save goes through, and says so', async () => {
    answer(400, VALIDATION_FAILED);
    const seen: Record<string, unknown>[] = [];
    await mount(async (entry) => {
      seen.push(entry);
      await api('/api/admin/windows/3', ADMIN_SAVED_RESPONSES.windows, { method: 'PUT', body: entry });
    });
    await submit();
    expect($$('.field-error')).toHaveLength(2);
    answer(200, { window: { number: 3, name: '户政窗口（一）', queues: ['QA'] } });
    await type('#win-name', '户政窗口（一）');
    await submit();
    expect($$('.field-error')).toHaveLength(0);
    expect($('.form-error')).toBeNull();
    expect($('.form-saved')).not.toBeNull();
    expect(seen.at(-1)).toEqual({ number: 3, name: '户政窗口（一）', queues: ['QA'], honours: [], retired: false });
  });

  it('keeps the key field fixed when editing, and sends ordered choices in the order they were picked', async () => {
    const sent = answer(200, { window: { number: 3, name: '户政窗口', queues: ['QB', 'QA'] } });
    await mount(async (entry) => {
      await api('/api/admin/windows/3', ADMIN_SAVED_RESPONSES.windows, { method: 'PUT', body: entry });
    });
    expect(($('#win-number') as HTMLInputElement).disabled).toBe(true);
    const boxes = $$('[data-field=queues] input[type=checkbox]') as HTMLInputElement[];
    // Untick QA, tick QB, tick QA again: QB is served first now.
    for (const i of [0, 1, 0]) await act(async () => void boxes[i]!.dispatchEvent(new Event('change', { bubbles: true })));
    await submit();
    expect((sent[0]!.body as { queues: string[] }).queues).toEqual(['QB', 'QA']);
  });

  it('says 必填 beside an empty required field before sending anything', async () => {
    const sent = answer(200, { window: { number: 3, name: '户政窗口', queues: ['QA'] } });
    await mount(async (entry) => {
      await api('/api/admin/windows/3', ADMIN_SAVED_RESPONSES.windows, { method: 'PUT', body: entry });
    });
    await type('#win-name', '  ');
    await act(async () => void ($$('[data-field=queues] input[type=checkbox]')[0] as HTMLInputElement).dispatchEvent(new Event('change', { bubbles: true })));
    await submit();
    expect(sent).toHaveLength(0);
    expect($('[data-field=name] .field-error')?.textContent).toBe('必填');
    // An empty list a window needs says so too; an optional select stays clean.
    expect($('[data-field=queues] .field-error')?.textContent).toBe('至少选择一项');
    expect($('[data-field=department] .field-error')).toBeNull();
  });

  it('checks a code’s format before sending, beside the field, together with every 必填', async () => {
    const sent = answer(200, {});
    const fields: FieldSpec[] = [
      { name: 'code', label: '编码', kind: 'text', key: true, pattern: { re: /^[A-Za-z0-9_-]{1,32}$/, message: '只能包含字母、数字、- 或 _' } },
      { name: 'name', label: '名称', kind: 'text' },
    ];
    await act(() => {
      render(<EntityForm id="dep" fields={fields} initial={{ code: '', name: '' }} onSubmit={async () => undefined} />, root);
    });
    await submit();
    // Empty: 必填 first, not the format.
    expect($('[data-field=code] .field-error')?.textContent).toBe('必填');
    await type('#dep-code', 'bad code!');
    await submit();
    expect($('[data-field=code] .field-error')?.textContent).toBe('只能包含字母、数字、- 或 _');
    expect($('[data-field=name] .field-error')?.textContent).toBe('必填');
    expect(sent).toHaveLength(0);
  });

  it('any other refusal is shown whole at the top of the form', async () => {
    answer(409, { error: { code: 'ALREADY_EXISTS', message: '窗口 3 已存在。' } });
    await mount(async (entry) => {
      await api('/api/admin/windows', ADMIN_CREATED_RESPONSES.windows, { method: 'POST', body: entry });
    });
    await submit();
    expect($('.form-error')?.textContent).toBe('窗口 3 已存在。');
    expect($$('.field-error')).toHaveLength(0);
  });
});

describe('drafts and issue paths', () => {
  it('round-trips lists, materials, optional and numeric fields', () => {
    const fields: FieldSpec[] = [
      { name: 'steps', label: '', kind: 'lines' },
      { name: 'materials', label: '', kind: 'materials' },
      { name: 'phone', label: '', kind: 'text', optional: true },
      { name: 'statutoryDays', label: '', kind: 'number' },
      { name: 'window', label: '', kind: 'select', optional: true, numeric: true },
      { name: 'alerts.waitMinutes', label: '', kind: 'number' },
    ];
    const entry = { code: 'I1', steps: ['取号', '办理'], materials: [{ name: '身份证', copies: '1', note: '原件' }, { name: '户口簿' }], statutoryDays: 5, window: 2, alerts: { waitMinutes: 30, idleMinutes: 5 } };
    const draft = toDraft(entry, fields);
    expect(draft.materials).toEqual({
      composite: 'materials',
      rows: [
        { name: '身份证', copies: '1', note: '原件', nameEn: '', copiesEn: '', noteEn: '' },
        { name: '户口簿', copies: '', note: '', nameEn: '', copiesEn: '', noteEn: '' },
      ],
    });
    expect(fromDraft(draft, entry, fields)).toEqual(entry);
    const edited = fromDraft({ ...draft, phone: '  ', statutoryDays: 'x', window: '', 'alerts.waitMinutes': '45' }, entry, fields);
    expect(edited).not.toHaveProperty('phone');
    expect(edited).not.toHaveProperty('window');
    // Not a number: sent as typed so the server names the problem beside the field.
    expect(edited.statutoryDays).toBe('x');
    expect(edited.alerts).toEqual({ waitMinutes: 45, idleMinutes: 5 });
  });

  it('picks the longest field name a path starts with', () => {
    const failure = new ApiFailure(400, 'VALIDATION_FAILED', 'x', {
      issues: [
        { path: 'alerts.waitMinutes', message: 'Too big: expected number to be <=600' },
        { path: 'materials[0].name', message: 'Too small: expected string to have >=1 characters' },
        { path: 'alertsX', message: 'odd' },
      ],
    });
    const e = errorsFor(failure, ['alerts', 'alerts.waitMinutes', 'materials']);
    expect(e.fields['alerts.waitMinutes']).toEqual(['不能大于 600']);
    expect(e.fields.materials).toEqual(['#1 name: 必填']);
    expect(e.fields.alerts).toBeUndefined();
    expect(e.general).toEqual(['alertsX: odd']);
  });
});
