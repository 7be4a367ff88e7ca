import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * Every admin screen at 1920×1080 over a hall with a few days of history (served tickets, waits,
 * evaluations, an overdue 差评 case, a failing webhook), saved to tests/e2e/screens/admin-*.png to be
 * looked at. Each shot also checks the screen shows the data it is about.
 */

const THURSDAY_10AM = '2026-11-26T02:00:00Z';
const MONDAY_9AM = '2026-11-30T01:00:00Z';
const MINUTE = 60_000;

describe('admin screens at 1920×1080', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];
  const cookies: Record<string, string> = {};

  const act = async (n: number, action: string, body: unknown = {}) => {
    const r = await srv.api('POST', `/api/windows/${n}/${action}`, { cookie: cookies[`T00${n}`]!, body });
    expect(r.status, `${n} ${action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const issue = async (queue: string) => {
    const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { ticketId: string; number: string };
  };
  /** Calls, serves for `minutes`, finishes and evaluates one ticket at window n. */
  const serve = async (n: number, minutes: number, level: string, reason?: string) => {
    await act(n, 'call-next');
    await act(n, 'start');
    srv.clock.advance(minutes * MINUTE);
    const state = await srv.api('GET', `/api/windows/${n}/state`, { cookie: cookies[`T00${n}`]! });
    const id = state.body.window.current.id as string;
    await act(n, 'finish', { outcome: level === 'basic' ? 'accepted' : 'done' });
    const ev = await srv.api('POST', '/api/evaluations', { cookie: cookies[`T00${n}`]!, body: { ticketId: id, level, source: 'screen', ...(reason ? { reason } : {}) } });
    expect(ev.status, JSON.stringify(ev.body)).toBe(200);
  };
  const shot = async (name: string) => {
    await page.waitForTimeout(300); // failure guard only: lets canvas charts and fonts settle before the picture
    await page.screenshot({ path: path.join(SCREENS_DIR, `admin-${name}.png`) });
  };
  const open = async (hash: string) => {
    await page.evaluate((h) => (location.hash = h), hash);
    await page.locator('#screen-title').waitFor();
  };

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    // The screens' webhook points at a closed port on loopback: allow-listed, as a LAN platform would be.
    srv = await startTestServer({ at: THURSDAY_10AM, webhookAllow: ['127.0.0.1/32'] });
    for (const b of ['T001', 'T002', 'T003']) cookies[b] = await srv.login(b);
    // Thursday: two windows serve, one 差评 that nobody follows up (overdue by Monday).
    for (const n of [1, 2]) await act(n, 'sign-in');
    for (let i = 0; i < 5; i++) await issue('QA');
    srv.clock.advance(12 * MINUTE);
    await serve(1, 8, 'very_satisfied');
    await serve(2, 14, 'dissatisfied', '等候时间太长，窗口解释不清楚');
    await serve(1, 6, 'satisfied');
    await serve(2, 9, 'very_satisfied');
    srv.clock.advance(40 * MINUTE);
    await serve(1, 11, 'very_satisfied');

    // Monday: four windows, a busy morning, people still waiting, one window paused.
    srv.clock.set(MONDAY_9AM);
    for (const b of ['T001', 'T002', 'T003', 'T004']) cookies[b] = await srv.login(b);
    for (const n of [1, 2, 3, 4]) await act(n, 'sign-in');
    for (let i = 0; i < 8; i++) await issue('QA');
    await issue('QC');
    srv.clock.advance(20 * MINUTE);
    for (let i = 0; i < 3; i++) {
      await serve(1, 7 + i, 'very_satisfied');
      await serve(4, 5 + i, i === 1 ? 'basic' : 'satisfied');
    }
    srv.clock.advance(45 * MINUTE);
    for (let i = 0; i < 4; i++) await issue('QA');
    await serve(2, 12, 'very_satisfied');
    await act(1, 'call-next');
    await act(1, 'start');
    await act(2, 'pause', { reason: '临时会议' });
    srv.clock.advance(38 * MINUTE);
    const sup = await srv.login('S001');
    await srv.api('POST', '/api/supervision/evaluate', { cookie: sup, body: {} });

    const admin = await srv.login('A001');
    await srv.api('POST', '/api/admin/notices', { cookie: admin, body: { code: 'N1', text: '请带齐材料，材料不全的，窗口将一次性告知需补正的全部内容。', targets: ['hall', 'strip', 'window'] } });
    // A receiver that is not there: the delivery log shows the failure.
    const hook = await srv.api('POST', '/api/admin/webhooks', { cookie: admin, body: { url: 'http://127.0.0.1:9/hallq', events: ['ticket.evaluated'], description: '省好差评平台（测试）' } });
    expect(hook.status).toBe(200);
    await srv.api('PUT', '/api/admin/webhook-settings', { cookie: admin, body: { maxAttempts: 1, baseDelaySeconds: 30, maxDelaySeconds: 3600, timeoutMs: 500 } });
    await srv.api('POST', `/api/admin/webhooks/${hook.body.webhook.id}/ping`, { cookie: admin, body: {} });

    // A kiosk printer out of paper: the alert names it as the hall does.
    srv.devices.setHealth('K1-printer', 'printer', { state: 'fault', reason: 'paper end (缺纸)' }, { host: 'server', kiosk: 'K1' });
    await srv.api('POST', '/api/supervision/evaluate', { cookie: sup, body: {} });

    chrome = await launchChromium();
    page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('login', async () => {
    await page.goto(`${srv.url}/admin`);
    await page.locator('input[name=badge]').waitFor();
    await shot('login');
    await page.fill('input[name=badge]', 'A001');
    await page.fill('input[name=password]', 'secret123');
    await page.click('button[type=submit]');
    await page.locator('nav .nav-link').first().waitFor();
  });

  it('supervision', async () => {
    await open('#/supervision');
    await page.locator('tr[data-window="1"]').waitFor();
    await page.locator('.alert').first().waitFor();
    expect(await page.locator('tr[data-window="2"]').textContent()).toContain('临时会议');
    await page.locator('.alert:has-text("取号机1打印机缺纸")').waitFor();
    expect(await page.locator('.alert-list').textContent()).not.toContain('K1-printer');
    await shot('supervision');
  });

  it('statistics', async () => {
    await open('#/stats');
    await page.locator('.stats-table tbody tr[data-group="1"]').waitFor();
    await page.locator('.chart canvas').first().waitFor();
    expect(await page.locator('.honours').first().textContent()).toContain('流动红旗');
    await shot('stats');
  });

  it('cases', async () => {
    await open('#/cases');
    await page.locator('tr.row-overdue').first().waitFor();
    await shot('cases-list');
    await page.locator('tr.row-overdue td.mono').first().click();
    await page.locator('.facts').waitFor();
    await shot('cases');
  });

  it('audit', async () => {
    await open('#/audit');
    await page.locator('tr[data-audit]').first().waitFor();
    await page.click('button:has-text("校验哈希链")');
    await page.locator('[data-verify=ok]').waitFor();
    // Actions, people and details in words: no codes, no JSON.
    const table = (await page.locator('.audit-table tbody').textContent()) ?? '';
    for (const said of ['登录', '叫号', '办理完毕', '窗口甲（T001）']) expect(table).toContain(said);
    expect(table).not.toMatch(/staff:|window\.call-next|\{"/);
    expect(await page.locator('td[data-action="window.finish"]').first().textContent()).toBe('办理完毕');
    await shot('audit');
  });

  for (const name of ['departments', 'items', 'queues', 'windows', 'staff', 'devices', 'notices']) {
    it(`config: ${name}`, async () => {
      await open(`#/config/${name}`);
      await page.locator('table.grid tbody tr[data-key]').first().waitFor();
      await page.locator('table.grid tbody tr[data-key] button:has-text("编辑")').first().click();
      await page.locator('aside.editor form').waitFor();
      await shot(`config-${name}`);
    });
  }

  it('config: a form with errors beside the fields, 必填 first', async () => {
    await open('#/config/queues');
    await page.click('button:has-text("新建队列")');
    await page.fill('#queues-form-prefix', 'a1');
    await page.click('[data-field=extendedHours] button:has-text("添加一组星期")');
    await page.fill('#queues-form-extendedHours-0-0-start', '12:00');
    await page.fill('#queues-form-extendedHours-0-0-end', '11:00');
    await page.click('aside.editor button[type=submit]');
    // Nothing is sent yet: the empty code says 必填 (not 只能包含字母…), the range says what is wrong.
    await page.locator('[data-field=code] .field-error').waitFor();
    expect(await page.locator('[data-field=code] .field-error').textContent()).toBe('必填');
    expect(await page.locator('#queues-form-extendedHours-0-0-end-error').textContent()).toBe('开始时间应早于结束时间');
    await shot('config-errors');
    // Filled in: now the server answers, and its issue lands beside the prefix.
    await page.fill('#queues-form-code', 'QD');
    await page.fill('#queues-form-name', '夜间延时');
    await page.fill('#queues-form-extendedHours-0-0-end', '20:00');
    await page.fill('#queues-form-extendedHours-0-0-start', '18:00');
    await page.click('aside.editor button[type=submit]');
    await page.locator('[data-field=prefix] .field-error').waitFor();
    expect(await page.locator('[data-field=prefix] .field-error').textContent()).toContain('大写字母');
  });

  it('config: a queue’s 延时 hours and slot caps as rows, saved as the server expects', async () => {
    await open('#/config/queues');
    await page.click('table.grid tbody tr[data-key="QA"] button:has-text("编辑")');
    await page.locator('aside.editor form').waitFor();
    await page.click('[data-field=extendedHours] button:has-text("添加一组星期")');
    for (const d of [1, 3, 5]) await page.click(`[data-field=extendedHours] [data-week-row="0"] [data-day="${d}"]`);
    await page.fill('#queues-form-extendedHours-0-0-start', '12:00');
    await page.fill('#queues-form-extendedHours-0-0-end', '14:00');
    await page.click('[data-field=slotCaps] button:has-text("添加时段限额")');
    await page.fill('#queues-form-slotCaps-0-start', '09:00');
    await page.fill('#queues-form-slotCaps-0-end', '10:00');
    await page.fill('#queues-form-slotCaps-0-cap', '20');
    await page.click('aside.editor button[type=submit]');
    await page.locator('aside.editor .form-saved').waitFor();
    const admin = await srv.login('A001');
    const qa = ((await srv.api('GET', '/api/admin/queues', { cookie: admin })).body.queues as { code: string; extendedHours: unknown; slotCaps: unknown }[]).find((q) => q.code === 'QA')!;
    expect(qa.extendedHours).toEqual([{ days: [2, 4], periods: [{ start: '12:00', end: '14:00' }] }]);
    expect(qa.slotCaps).toEqual([{ start: '09:00', end: '10:00', cap: 20 }]);
    await shot('config-queue-hours');
  });

  it('config: an item’s materials as a list, with English texts', async () => {
    await open('#/config/items');
    await page.click('table.grid tbody tr[data-key="I1"] button:has-text("编辑")');
    await page.locator('aside.editor form').waitFor();
    await page.fill('#items-form-nameEn', 'General enquiries');
    await page.fill('#items-form-materials-0-nameEn', 'ID card');
    await page.click('[data-field=materials] button:has-text("添加材料")');
    await page.fill('#items-form-materials-1-name', '户口簿');
    await page.fill('#items-form-materials-1-copies', '原件1份');
    await page.fill('#items-form-materials-1-nameEn', 'Household register');
    await page.click('aside.editor button[type=submit]');
    await page.locator('aside.editor .form-saved').waitFor();
    const admin = await srv.login('A001');
    const i1 = ((await srv.api('GET', '/api/admin/items', { cookie: admin })).body.items as { code: string; nameEn?: string; materials: unknown }[]).find((i) => i.code === 'I1')!;
    expect(i1.nameEn).toBe('General enquiries');
    expect(i1.materials).toEqual([
      { name: '身份证', nameEn: 'ID card' },
      { name: '户口簿', copies: '原件1份', nameEn: 'Household register' },
    ]);
    await page.locator('[data-field=materials]').scrollIntoViewIfNeeded();
    await shot('config-item-materials');
  });

  it('config: hall hours with the 休/班 calendar', async () => {
    await open('#/config/rules');
    await page.locator('#hall-form-hours').waitFor();
    const month = async () => (await page.locator('.month-grid').getAttribute('data-month'))!;
    while ((await month()) < '2027-02') await page.click('.month-head button[aria-label="下个月"]');
    while ((await month()) > '2027-02') await page.click('.month-head button[aria-label="上个月"]');
    // The test hall opens every day: Spring Festival days become 休; a make-up day needs its hours.
    for (const d of ['2027-02-08', '2027-02-09', '2027-02-10']) await page.click(`[data-date="${d}"]`);
    expect(await page.locator('[data-date="2027-02-09"]').getAttribute('data-mark')).toBe('holiday');
    await page.locator('#hall-form-hours').scrollIntoViewIfNeeded();
    await shot('config-hall-calendar');
    await page.click('form:has(#hall-form-hours) button[type=submit]');
    await page.locator('form:has(#hall-form-hours) .form-saved').waitFor();
    const admin = await srv.login('A001');
    const hours = (await srv.api('GET', '/api/admin/settings', { cookie: admin })).body.hall.hours;
    expect(hours.holidays).toEqual(expect.arrayContaining(['2027-02-08', '2027-02-09', '2027-02-10']));
  });

  it('config: rules and thresholds', async () => {
    await open('#/config/rules');
    await page.locator('#rules-form-maxRecalls').waitFor();
    await page.locator('#thresholds-form-alerts-waitMinutes').waitFor();
    await shot('config-rules');
  });

  it('config: webhooks with a delivery log', async () => {
    await open('#/config/webhooks');
    await page.locator('tr[data-webhook]').first().waitFor();
    await page.click('tr[data-webhook] button:has-text("推送记录")');
    await page.locator('tr[data-delivery]').first().waitFor();
    await shot('config-webhooks');
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
