import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { signInAtWindow } from '../fixtures/window-sign-in.ts';

/**
 * A queue set to widen past its width (numberOverflow: widen) issues A1000 after A999: the hall
 * display, the window screen and the window terminal show it whole, on one line, inside its box.
 */

const FULL_HD = { width: 1920, height: 1080 };

/** The element shows exactly `text` on one line and nothing of it is cut off. */
async function shownWhole(el: Locator, text: string): Promise<void> {
  await expect.poll(() => el.textContent(), { timeout: 10_000 }).toBe(text);
  const fit = await el.evaluate((node) => {
    const e = node as HTMLElement;
    const range = document.createRange();
    range.selectNodeContents(e);
    const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
    return { overflow: e.scrollWidth - e.clientWidth, lines };
  });
  expect(fit.overflow, `${text} overflows its box`).toBeLessThanOrEqual(1);
  expect(fit.lines, `${text} wraps`).toBe(1);
}

describe('a widened number on every screen (Chromium)', () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let display: Page;
  let windowScreen: Page;
  let terminal: Page;

  beforeAll(async () => {
    const base = testHallConfig();
    server = await startTestServer({ config: testHallConfig({ queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, numberWidth: 3, numberOverflow: 'widen' } : q)) }) });
    chrome = await launchChromium();
    display = await chrome.browser.newPage({ viewport: FULL_HD });
    windowScreen = await chrome.browser.newPage({ viewport: FULL_HD });
    terminal = await chrome.browser.newPage({ viewport: FULL_HD });
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('shows A1000 whole on the hall display, the window screen and the window terminal', async () => {
    // A busy day: 999 numbers of QA already handed out (the counter stands at 999).
    server.db.prepare("INSERT INTO counters (day, queue, last_no) VALUES ('2026-11-30', 'QA', 999)").run();
    const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    expect(r.body.number).toBe('A1000');

    await display.goto(`${server.url}/display?token=${DISPLAY_TOKEN}`);
    await display.locator('[data-testid=display]').waitFor();
    await windowScreen.goto(`${server.url}/display/window/1`);
    await windowScreen.locator('[data-testid=window-screen]').waitFor();

    await signInAtWindow(terminal, server.url);
    await terminal.locator('button[data-action="callNext"]').click();

    await shownWhole(terminal.locator('[data-testid="current-number"]'), 'A1000');
    await shownWhole(windowScreen.locator('[data-testid=current-number]'), 'A1000');
    await shownWhole(display.locator('[data-testid=newest-number]'), 'A1000');
    await display.screenshot({ path: path.join(SCREENS_DIR, 'display-wide-number-1920.png') });
    await windowScreen.screenshot({ path: path.join(SCREENS_DIR, 'window-screen-wide-number-1920.png') });
    await terminal.screenshot({ path: path.join(SCREENS_DIR, 'window-wide-number-1920.png') });
  });
});
