import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * Every UI under the server's Content-Security-Policy, in Chromium, doing its work: not one
 * `securitypolicyviolation`, no console error, no page error. And the CSRF case as a browser makes it:
 * a page on another port of 127.0.0.1 posting a form with the admin's cookie.
 */

const EVALUATOR_TOKEN = 'evaluator-token-window-1';

/** speechSynthesis without a voice, so the display fetches the server's WAV and plays it from a blob: URL. */
const NO_VOICES = `
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    getVoices: () => [], speak(u) { u.onend && u.onend({}); }, cancel() {}, addEventListener() {}, removeEventListener() {},
  } });
`;

/** Collects CSP violations (as the page's own event reports them), console errors and page errors. */
async function watched(chrome: Awaited<ReturnType<typeof launchChromium>>, viewport = { width: 1280, height: 800 }, init?: string): Promise<{ page: Page; problems: string[] }> {
  const page = await chrome.browser.newPage({ viewport, hasTouch: true });
  const problems: string[] = [];
  await page.exposeFunction('__reportViolation', (v: string) => problems.push(`CSP: ${v}`));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __reportViolation(v: string): void }).__reportViolation(`${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} in ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  if (init) await page.addInitScript(init);
  page.on('console', (m) => {
    // The browser's own favicon request is the one 404 no page asks for.
    if (m.type() === 'error' && !m.location().url.endsWith('/favicon.ico')) problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page: ${e.message}`));
  return { page, problems };
}

describe('every UI under the Content-Security-Policy', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    const base = testHallConfig();
    srv = await startTestServer({ config: testHallConfig({ devices: [...base.devices, { code: 'E1', kind: 'display', name: '1号窗口评价器', window: 1, demoToken: EVALUATOR_TOKEN }] }) });
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('the window terminal: sign-in form, choosing a window, calling the next ticket', async () => {
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);
    const { page, problems } = await watched(chrome, { width: 1920, height: 1080 });
    const response = await page.goto(`${srv.url}/window`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    await page.locator('input[name="badge"]').fill('T001');
    await page.locator('input[name="password"]').fill('secret123');
    await page.keyboard.press('Enter');
    await page.locator('.window-choice[data-window="1"]').click({ timeout: 10_000 });
    await page.locator('button:has-text("进入 1 号窗口")').click({ timeout: 10_000 });
    await page.locator('.terminal[data-busy="false"]').waitFor({ timeout: 10_000 });
    await expect.poll(async () => (await srv.api('GET', '/api/snapshot')).body.windows.find((w: { number: number }) => w.number === 1)?.status, { timeout: 10_000 }).toBe('open');
    await page.close();
    expect(problems).toEqual([]);
  });

  it('the kiosk: departments, an item, a printed ticket with its QR code', async () => {
    const { page, problems } = await watched(chrome, { width: 1080, height: 1920 });
    await page.goto(`${srv.url}/kiosk?token=${KIOSK_TOKEN}`);
    await page.waitForSelector('.hall-name', { timeout: 15_000 });
    await page.locator('[data-action="take"]').click({ timeout: 10_000 });
    await page.locator('[data-department="GA"]').first().click({ timeout: 10_000 });
    await page.locator('[data-item="I1"]').first().click({ timeout: 10_000 });
    // I1 takes an ID card optionally: the kiosk offers to go on without one.
    const next = page.locator('[data-action="skip-card"], [data-action="print"]').first();
    await next.waitFor({ timeout: 10_000 });
    if ((await next.getAttribute('data-action')) === 'skip-card') await next.click();
    await page.locator('[data-action="print"]').first().click({ timeout: 10_000 });
    await page.waitForSelector('.kiosk[data-screen="done"]', { timeout: 10_000 });
    await page.waitForSelector('svg.qr', { timeout: 10_000 });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('the hall display: a call shown and spoken from the server WAV (media from a blob: URL)', async () => {
    const { page, problems } = await watched(chrome, { width: 1920, height: 1080 }, NO_VOICES);
    const wavs: number[] = [];
    page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/api/speech') wavs.push(r.status());
    });
    await page.goto(`${srv.url}/display?token=${DISPLAY_TOKEN}`);
    await page.locator('[data-testid=display]').waitFor({ timeout: 15_000 });
    const cookie = await srv.login('T002');
    expect((await srv.api('POST', '/api/windows/2/sign-in', { cookie, body: {} })).status).toBe(200);
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);
    expect((await srv.api('POST', '/api/windows/2/call-next', { cookie, body: {} })).status).toBe(200);
    await expect.poll(() => wavs.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await page.waitForFunction(() => Number(document.body.dataset.voiceCount ?? 0) >= 1, null, { timeout: 20_000 });
    await page.close();
    expect(wavs.every((s) => s === 200 || s === 503)).toBe(true);
    expect(problems).toEqual([]);
  });

  it('the window screen and the evaluation tablet', async () => {
    for (const path of [`/display/window/1?token=${EVALUATOR_TOKEN}`, `/evaluate/1?token=${EVALUATOR_TOKEN}`]) {
      const { page, problems } = await watched(chrome);
      await page.goto(`${srv.url}${path}`);
      await page.waitForLoadState('networkidle');
      await page.locator('#app *').first().waitFor({ timeout: 10_000 });
      await page.close();
      expect(problems, path).toEqual([]);
    }
  });

  it('the phone status page (/t/:id, no-referrer) follows its ticket live', async () => {
    const issued = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const { page, problems } = await watched(chrome, { width: 390, height: 844 });
    await page.goto(issued.body.statusUrl as string);
    await page.waitForSelector('[data-field="number"]', { timeout: 10_000 });
    expect(await page.locator('[data-field="number"]').textContent()).toBe(issued.body.number);
    await page.waitForSelector('.status-live', { timeout: 10_000 });
    await page.close();
    expect(problems).toEqual([]);
  });

  it('the admin console: sign in, open screens, reset a password (a POST from the page passes the Origin check)', async () => {
    const { page, problems } = await watched(chrome, { width: 1920, height: 1080 });
    await page.goto(`${srv.url}/admin`);
    await page.fill('input[name=badge]', 'A001');
    await page.fill('input[name=password]', 'secret123');
    await page.click('button[type=submit]');
    await page.locator('nav .nav-link').first().waitFor({ timeout: 10_000 });
    await page.goto(`${srv.url}/admin#/config/staff`);
    await page.click('tr[data-key=T004] button:has-text("重置密码")', { timeout: 10_000 });
    await page.fill('#password-form-password', 'Lotus-window-8842');
    await page.click('[role=dialog] button[type=submit]');
    await page.locator('[role=dialog] .form-saved').waitFor({ timeout: 10_000 });
    await page.goto(`${srv.url}/admin#/supervision`);
    await page.waitForLoadState('networkidle');
    await page.close();
    expect((await srv.api('POST', '/api/auth/login', { body: { badge: 'T004', password: 'Lotus-window-8842' } })).status).toBe(200);
    expect(problems).toEqual([]);
  });
});

describe('CSRF from another port of 127.0.0.1, in Chromium', () => {
  let srv: TestServer;
  let attacker: Server;
  let attackerUrl: string;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    srv = await startTestServer();
    chrome = await launchChromium();
    // The other site: a page that posts a form to the hall server as soon as it opens.
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><form id="f" method="post" action="${srv.url}/api/admin/devices/K1/token" enctype="text/plain"><input name='{"a":"' value='"}'></form><script>document.getElementById('f').submit()</script>`);
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await chrome?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await srv?.stop();
  });

  it("a form on another port cannot re-issue a device token with the admin's cookie", async () => {
    const context = await chrome.browser.newContext();
    const admin = await context.newPage();
    await admin.goto(`${srv.url}/admin`);
    await admin.fill('input[name=badge]', 'A001');
    await admin.fill('input[name=password]', 'secret123');
    await admin.click('button[type=submit]');
    await admin.locator('nav .nav-link').first().waitFor({ timeout: 10_000 });

    const evil = await context.newPage();
    const answer = evil.waitForResponse((r) => r.url().endsWith('/api/admin/devices/K1/token'), { timeout: 10_000 });
    await evil.goto(attackerUrl);
    const response = await answer;
    // The browser did send the SameSite=Strict cookie (same site, another port): only the Origin check stops it.
    const sent = await response.request().allHeaders();
    expect(sent.cookie ?? '').toContain('hallq_session=');
    expect(sent.origin).toBe(attackerUrl);
    expect(response.status()).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_REFUSED');
    expect((await srv.api('GET', '/api/auth/me', { token: KIOSK_TOKEN })).body).toMatchObject({ kind: 'device', code: 'K1' });
    await context.close();
  });
});
