import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfigInput } from '../../contract/config.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { signInAtWindow } from '../fixtures/window-sign-in.ts';

/**
 * The window terminal at 1920×1080 in a hall with 24 windows: the transfer dialog stays on the screen
 * (windows after 15号, the note and the confirm button in view; only the lists scroll), the toast says
 * the real outcome, and the 补正 notice prints two copies with the clerk's name.
 */
const FULL_HD = { width: 1920, height: 1080 };

function manyWindows(): HallConfigInput['windows'] {
  const base = testHallConfig().windows;
  const more = Array.from({ length: 20 }, (_, i) => ({ number: i + 5, name: i % 3 === 0 ? '综合受理（企业开办）' : `综合窗口${i + 5}`, queues: ['QA'] }));
  return [...base, ...more];
}

describe('window terminal screens at 1920×1080', () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  let supervisor: string;
  const pageErrors: string[] = [];

  const issue = async () => {
    const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  };
  const press = async (key: string) => {
    await page.locator('.terminal[data-busy="false"]').waitFor({ timeout: 10_000 });
    await page.keyboard.press(key);
  };
  const shot = (name: string) => page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`) });
  /** Calls the next ticket and starts it. */
  const serveNext = async () => {
    await press('F1');
    await page.locator('.current.state-called').waitFor();
    await press('F3');
    await page.locator('.current.state-serving').waitFor();
  };
  const inView = async (selector: string) => {
    const box = await page.locator(selector).boundingBox();
    expect(box, selector).not.toBeNull();
    expect(box!.y, `${selector} top`).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height, `${selector} bottom`).toBeLessThanOrEqual(FULL_HD.height);
  };

  beforeAll(async () => {
    server = await startTestServer({ config: testHallConfig({ windows: manyWindows() }) });
    supervisor = await server.login('S001');
    for (let i = 0; i < 4; i++) await issue();
    chrome = await launchChromium();
    page = await chrome.browser.newPage({ viewport: FULL_HD });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await signInAtWindow(page, server.url);
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('the transfer dialog fits 1080 px with 23 windows: the note and the confirm button stay in view', async () => {
    await serveNext();
    await press('F7');
    await page.locator('.transfer-dialog').waitFor();
    await inView('.transfer-dialog');
    await inView('.transfer-dialog [data-confirm]');
    await inView('.transfer-dialog input[type="text"]');
    // Windows after 15号 are there; the window list scrolls inside itself, the page does not.
    const list = page.locator('.transfer-dialog .window-grid');
    const sizes = await list.evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }));
    const last = page.locator('[data-target="window:24"]');
    await last.scrollIntoViewIfNeeded();
    await inView('[data-target="window:24"]');
    await last.click();
    await page.locator('.transfer-dialog input[type="text"]').fill('企业开办材料请24号窗口复核');
    await inView('.transfer-dialog .dialog-summary');
    await inView('.transfer-dialog [data-confirm]');
    expect(await page.evaluate(() => document.scrollingElement!.scrollHeight <= window.innerHeight)).toBe(true);
    await page.locator('.transfer-dialog .window-grid').evaluate((el) => (el.scrollTop = 0));
    await shot('window-transfer-many-1920');
    expect(sizes.client).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
    await page.locator('.transfer-dialog').waitFor({ state: 'detached' });
  });

  it('finishing as 受理 says “已受理”, and 已办件 does not count it', async () => {
    await press('F4');
    await page.keyboard.press('2');
    await page.keyboard.press('Enter');
    await page.locator('.message-ok').waitFor();
    expect(await page.locator('[data-testid="message"]').textContent()).toMatch(/^A\d{3} 已受理$/);
    await shot('window-accepted-1920');
    const state = await server.api('GET', '/api/windows/1/state', { cookie: supervisor });
    expect(state.body.figures.served).toBe(0);
    expect(await page.locator('[data-figure="served"] .figure-value').textContent()).toBe('0');
  });

  it('the 补正 notice names the clerk and prints two copies, each on its own page', async () => {
    await serveNext();
    await press('F4');
    await page.keyboard.press('3');
    await page.locator('.missing-item input').first().check();
    await page.keyboard.press('Enter');
    await page.locator('.slip-screen .slip').waitFor();
    expect(await page.locator('.slip-screen [data-slip="staff"]').textContent()).toBe('窗口甲（T001）');
    await shot('window-slip-copies-1920');
    await page.emulateMedia({ media: 'print' });
    const copies = await page.locator('.print-area .slip').evaluateAll((els) => els.map((e) => ({ visible: getComputedStyle(e).visibility, copy: e.querySelector('.slip-copy')?.textContent })));
    expect(copies).toEqual([
      { visible: 'visible', copy: '第一联 申请人留存' },
      { visible: 'visible', copy: '第二联 窗口存档' },
    ]);
    await shot('window-slip-print');
    await page.emulateMedia({ media: 'screen' });
    await page.keyboard.press('Escape');
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
