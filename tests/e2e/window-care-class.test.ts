import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber } from '../fixtures/sockets.ts';
import { signInAtWindow } from '../fixtures/window-sign-in.ts';

/** The 帮办 window gives the disabled/pregnant class; the terminal marks it and calls it ahead of walk-ins. */
describe('care classes at the window terminal', () => {
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

  it('issues 关爱优先, which is called before earlier arrivals and shown as a mark', async () => {
    expect((await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);
    // An elderly citizen's card at the kiosk: the class from the birth date (1950), the date itself not kept.
    const elderly = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA', idNumber: idNumber('11010519500101123'), name: '老李' } });
    expect(elderly.body.tags).toContain('elderly');
    await signInAtWindow(page, server.url);

    await page.locator('button[data-action="issue"]').click();
    await page.locator('[role="dialog"] select[name="queue"]').selectOption('QA');
    await page.locator('[role="dialog"] select[name="careClass"]').selectOption('assisted');
    await page.screenshot({ path: path.join(SCREENS_DIR, 'window-care-class-issue.png') });
    await page.locator('[role="dialog"] button.btn-primary').click();
    await page.locator('[role="dialog"]').waitFor({ state: 'detached' });
    await page.locator('.row[data-number="A003"]').waitFor();

    await page.locator('.terminal[data-busy="false"]').waitFor();
    await page.keyboard.press('F1');
    await page.waitForFunction(() => document.querySelector('[data-testid="current-number"]')?.textContent === 'A003', undefined, { timeout: 10_000 });
    await page.locator('.tag-care.tag-assisted').waitFor();
    expect(await page.locator('.tag-care.tag-assisted').first().textContent()).toBe('关爱优先');
    expect(await page.locator('.tag-care.tag-elderly').first().textContent()).toBe('长者优先'); // A002 in the waiting list
    await page.screenshot({ path: path.join(SCREENS_DIR, 'window-care-class-current.png') });
  });
});
