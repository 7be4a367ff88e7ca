import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { signInAtWindow } from '../fixtures/window-sign-in.ts';

/** 窗口取号 in Chromium: a green-channel ticket taken at the window is the next one called. */
describe('issuing at the window terminal', () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    server = await startTestServer();
    chrome = await launchChromium();
    page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('takes a green-channel 代办 number that is called before earlier arrivals', async () => {
    for (let i = 0; i < 2; i++) expect((await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);
    await signInAtWindow(page, server.url);

    await page.locator('button[data-action="issue"]').click();
    await page.locator('[role="dialog"] select[name="queue"]').selectOption('QA');
    await page.locator('[role="dialog"] input[name="green"]').check();
    await page.locator('[role="dialog"] select[name="greenReason"]').selectOption('issue.reason.elderly');
    await page.locator('[role="dialog"] input[name="proxy"]').check();
    await page.screenshot({ path: path.join(SCREENS_DIR, 'window-issue-1920.png') });
    await page.locator('[role="dialog"] button.btn-primary').click();
    await page.locator('[role="dialog"]').waitFor({ state: 'detached' });
    await page.locator('.row[data-number="A003"]').waitFor();

    await page.locator('.terminal[data-busy="false"]').waitFor();
    await page.keyboard.press('F1');
    await page.waitForFunction(() => document.querySelector('[data-testid="current-number"]')?.textContent === 'A003', undefined, { timeout: 10_000 });
    const supervisor = await server.login('S001');
    const state = (await server.api('GET', '/api/windows/1/state', { cookie: supervisor })).body;
    expect(state.window.current).toMatchObject({ number: 'A003', priority: 'green', greenReason: '老年人', proxy: true, source: 'staff' });
  });
});
