import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../contract/config.ts';
import { launchChromium } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * The first-run page in Chromium on a production hall (seeded without its demo passwords): the form,
 * its script under the server's Content-Security-Policy, the password policy's message, and the way
 * on to the admin console once the first admin exists.
 */
let server: TestServer;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  const base = testHallConfig();
  const demo: HallConfig = { ...base, staff: base.staff.map(({ passwordHash: _h, ...s }) => ({ ...s, password: 'hallq123' })) };
  server = await startTestServer({ config: demo, production: { demoSources: [demo] } });
  chrome = await launchChromium();
  page = await chrome.browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  // A refused answer (400) or a missing favicon is logged by the browser too: only script errors and CSP refusals count.
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) pageErrors.push(m.text());
  });
}, 60_000);

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('first-run page', () => {
  it('sets up the first admin from this host, with the policy, then closes', async () => {
    await page.goto(`${server.url}/setup`);
    await page.fill('input[name="badge"]', 'A001');
    await page.fill('input[name="name"]', '和建明');
    await page.fill('input[name="password"]', 'A001abcdefgh');
    await page.fill('input[name="again"]', 'A001abcdefgh');
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.getElementById('message')?.textContent?.includes('工号'), undefined, { timeout: 10_000 });
    expect(await page.textContent('#message')).toContain('密码不能包含工号');
    const strong = 'Lancang-river-2026-queue';
    await page.fill('input[name="password"]', strong);
    await page.fill('input[name="again"]', strong);
    await page.click('button[type="submit"]');
    await page.waitForURL(`${server.url}/admin`, { timeout: 10_000 });
    expect(pageErrors).toEqual([]);
    const again = await page.goto(`${server.url}/setup`);
    expect(again?.status()).toBe(404);
    const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url }, body: JSON.stringify({ badge: 'A001', password: strong }) });
    expect(login.status).toBe(200);
  });
});
