import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../fixtures/browser.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * The kiosk page reads its device token from `?token=` once, keeps it in localStorage (a kiosk that
 * reboots to plain /kiosk stays bound) and takes it out of the address bar at once: it is then not on
 * screen, in the history or in a Referer. Other parameters stay.
 */
let server: TestServer;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;

beforeAll(async () => {
  server = await startTestServer();
  chrome = await launchChromium();
  page = await chrome.browser.newPage({ viewport: { width: 1080, height: 1920 } });
}, 60_000);

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('kiosk device token in the address', () => {
  it('is read, kept, and removed from the address bar before the kiosk is used', async () => {
    await page.goto(`${server.url}/kiosk?token=${KIOSK_TOKEN}&idle=30`);
    await page.waitForSelector('.kiosk[data-screen="home"]', { timeout: 15_000 });
    const url = new URL(page.url());
    expect(url.pathname).toBe('/kiosk');
    expect(url.searchParams.has('token')).toBe(false);
    expect(page.url()).not.toContain(KIOSK_TOKEN);
    expect(url.searchParams.get('idle')).toBe('30');
    expect(await page.evaluate(() => localStorage.getItem('hallq.kiosk.token'))).toBe(KIOSK_TOKEN);
    // The history entry was replaced, not added to: going back does not bring the token back.
    expect(await page.evaluate(() => history.length)).toBe(2); // about:blank, then /kiosk
  });

  it('a kiosk that restarts at plain /kiosk is still bound to its device, and can issue', async () => {
    await page.goto(`${server.url}/kiosk`);
    await page.waitForSelector('.kiosk[data-screen="home"]', { timeout: 15_000 });
    expect(page.url()).toBe(`${server.url}/kiosk`);
    const issued = await page.evaluate(async () => {
      const token = localStorage.getItem('hallq.kiosk.token');
      const res = await fetch('/api/kiosk/tickets', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ queue: 'QA' }) });
      return res.status;
    });
    expect(issued).toBe(200);
  });
});
