import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TicketReceipt } from '../../contract/responses.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * The predicted wait in Chromium: the phone status page (390×844) shows the range and refreshes it
 * when the window calls, in Chinese and English; the window terminal (1920×1080) lists each waiting
 * ticket's predicted wait; the kiosk home (1080×1920) shows each queue's estimate.
 * Screenshots go to tests/e2e/screens.
 */
let server: TestServer;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
const receipts: TicketReceipt[] = [];
let cookie: string;
const errors: string[] = [];

const RANGE_ZH = /^约 \d+–\d+ 分钟$/;

async function watchErrors(p: Page): Promise<void> {
  p.on('pageerror', (e) => errors.push(e.message));
}

beforeAll(async () => {
  server = await startTestServer();
  cookie = await server.login('T001');
  await server.api('POST', '/api/windows/1/sign-in', { cookie, body: {} });
  for (let i = 0; i < 5; i++) {
    server.clock.advance(1000);
    const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    receipts.push(TicketReceipt.parse(r.body));
  }
  // The first citizen is at window 1 and the line has three ahead of the last ticket.
  await server.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
  await server.api('POST', '/api/windows/1/start', { cookie, body: {} });
  chrome = await launchChromium();
}, 120_000);

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('wait estimates on screen', () => {
  it('the phone status page shows the range and refreshes it live when the window calls', async () => {
    const page = await chrome.browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
    await watchErrors(page);
    const mine = receipts[4]!;
    await page.goto(mine.statusUrl.replace(/^https?:\/\/[^/]+/, server.url));
    const wait = page.locator('[data-field="wait-estimate"]');
    await wait.waitFor({ timeout: 15_000 });
    const before = (await wait.textContent()) ?? '';
    expect(before).toMatch(RANGE_ZH);
    expect(await page.locator('[data-field="ahead"]').textContent()).toBe('3人');
    await page.screenshot({ path: path.join(SCREENS_DIR, 'wait-estimate-status-zh.png') });

    // The window finishes and calls the next: the page refreshes over its socket (no polling).
    server.clock.advance(4 * 60_000);
    await server.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
    await page.waitForFunction(() => document.querySelector('[data-field="ahead"]')?.textContent === '2人', undefined, { timeout: 15_000 });
    const after = (await wait.textContent()) ?? '';
    expect(after).toMatch(/^约 \d+–\d+ 分钟$|^即将叫号$/);
    expect(after).not.toBe(before);

    await page.locator('.status-lang').click();
    await page.waitForFunction(() => /^about \d+–\d+ min$|^Called very soon$/.test(document.querySelector('[data-field="wait-estimate"]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    await page.screenshot({ path: path.join(SCREENS_DIR, 'wait-estimate-status-en.png') });
    await page.close();
  }, 60_000);

  it('the window terminal’s waiting list shows each ticket’s predicted wait and refreshes it on a call', async () => {
    const page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await watchErrors(page);
    await page.goto(`${server.url}/window?window=1`);
    await page.locator('input[name="badge"]').fill('T001');
    await page.locator('input[name="password"]').fill('secret123');
    await page.keyboard.press('Enter');
    await page.locator('.window-choice.chosen[data-window="1"]').waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="window-status"][data-status="open"]').waitFor({ timeout: 15_000 });
    const cells = page.locator('.panel.waiting [data-field="wait-estimate"]');
    await page.waitForFunction(() => document.querySelectorAll('.panel.waiting [data-field="wait-estimate"]').length === 3, undefined, { timeout: 15_000 });
    const texts = await cells.allTextContents();
    for (const text of texts) expect(text).toMatch(/^预计 \d+–\d+ 分$|^即将叫号$/);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'wait-estimate-window-1920.png') });
    // Window 2 opens and calls: the terminal reads its list again on that event, one row fewer.
    const other = await server.login('T002');
    expect((await server.api('POST', '/api/windows/2/sign-in', { cookie: other, body: {} })).status).toBe(200);
    expect((await server.api('POST', '/api/windows/2/call-next', { cookie: other, body: {} })).status).toBe(200);
    await page.waitForFunction(() => document.querySelectorAll('.panel.waiting [data-field="wait-estimate"]').length === 2, undefined, { timeout: 15_000 });
    await page.close();
  }, 60_000);

  it('the kiosk home shows each queue’s estimate for a newcomer', async () => {
    const page = await chrome.browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await watchErrors(page);
    await page.goto(`${server.url}/kiosk?token=${KIOSK_TOKEN}`);
    const qa = page.locator('.waiting-board [data-queue="QA"] [data-field="wait-estimate"]');
    await qa.waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => /^约 \d+–\d+ 分钟$/.test(document.querySelector('.waiting-board [data-queue="QA"] [data-field="wait-estimate"]')?.textContent ?? ''), undefined, { timeout: 15_000 });
    // QC's window (4) is closed and nobody waits: it is assumed to open now.
    expect(await page.locator('.waiting-board [data-queue="QC"] [data-field="wait-estimate"]').textContent()).toBe('即将叫号');
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'wait-estimate-kiosk-home.png') });
    await page.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
