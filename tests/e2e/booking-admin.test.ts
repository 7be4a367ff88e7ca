import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { FakeSmsGateway } from '../../server/sms/fake-gateway.ts';
import { startBookingServer } from '../integration/booking/booking-helpers.ts';

describe('admin console: station accounts and the demo SMS outbox', () => {
  let srv: TestServer & { sms: FakeSmsGateway };
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    srv = await startBookingServer();
    chrome = await launchChromium();
    page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${srv.url}/admin#/config/staff`);
    await page.fill('input[name=badge]', 'A001');
    await page.fill('input[name=password]', 'secret123');
    await page.click('button[type=submit]');
    await page.locator('[data-open="stations"]').waitFor();
  });

  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('an admin creates a station account from the staff screen', async () => {
    await page.locator('[data-open="stations"]').click();
    const create = page.locator('form[aria-label="新建站点账号"]');
    await create.waitFor();
    await create.locator('[data-field="code"] input').fill('CX01');
    await create.locator('[data-field="name"] input').fill('城西村便民服务站');
    await create.locator('[data-field="password"] input').fill('station-pass-1');
    await create.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('[data-stations] tbody').textContent()).toContain('城西村便民服务站');
    await page.screenshot({ path: path.join(SCREENS_DIR, 'book-admin-stations.png') });
    const login = await srv.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'station-pass-1' } });
    expect(login.status).toBe(200);
    // A new password, then retirement: each signs the station out.
    await page.locator('[data-stations] button:has-text("重置密码")').click();
    const reset = page.locator('form[aria-label^="重置 CX01"]');
    await reset.locator('[data-field="password"] input').fill('station-pass-2');
    await reset.locator('button[type=submit]').click();
    await expect.poll(async () => (await srv.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'station-pass-2' } })).status).toBe(200);
    page.once('dialog', (d) => void d.accept());
    await page.locator('[data-stations] button:has-text("停用")').click();
    await expect.poll(() => page.locator('[data-stations] tbody').textContent()).toContain('已停用');
    await page.screenshot({ path: path.join(SCREENS_DIR, 'book-admin-stations-retired.png') });
    expect((await srv.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'station-pass-2' } })).status).toBe(401);
    await page.keyboard.press('Escape');
  });

  it('shows the fake gateway’s messages in demo mode, phone masked', async () => {
    expect((await srv.api('POST', '/api/booking/code', { body: { phone: '13812345678' } })).status).toBe(200);
    const sent = await srv.sms.next('13812345678', 'booking-code');
    await page.locator('[data-open="sms"]').click();
    await page.locator('[data-sms] tbody tr').first().waitFor();
    const text = await page.locator('[data-sms] tbody').textContent();
    expect(text).toContain('138****5678');
    expect(text).toContain(sent.params.code);
    expect(text).not.toContain('13812345678');
    await page.screenshot({ path: path.join(SCREENS_DIR, 'book-admin-sms.png') });
    expect(errors).toEqual([]);
  });
});
