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

  it('config: a form with errors beside the fields', async () => {
    await open('#/config/queues');
    await page.click('button:has-text("新建队列")');
    await page.fill('#queues-form-code', 'Q D');
    await page.fill('#queues-form-prefix', 'a1');
    await page.fill('#queues-form-extendedHours', '[{"days": [1], "periods": [{"start": "12:00", "end": "11:00"}]}]');
    await page.click('aside.editor button[type=submit]');
    await page.locator('aside.editor .field-error').nth(2).waitFor();
    await shot('config-errors');
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
