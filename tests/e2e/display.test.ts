import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, createConnection, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../contract/config.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * The hall display, its voice and the window screen in Chromium against a real server: calls,
 * recall, transfer, pause, and a server restart on the same data folder, after which the display
 * replays what it missed without announcing anything twice. speechSynthesis is replaced in the page
 * by a recorder with one zh-CN voice, so the exact phrases handed to the voice are checked.
 */

const CONFIG: HallConfig = (() => {
  const base = testHallConfig();
  return testHallConfig({
    departments: [
      { code: 'GA', name: '公安局', phone: '0571-87000110' },
      { code: 'SW', name: '税务局', phone: '12366' },
    ],
    items: [
      { code: 'I1', name: '综合咨询', category: '便民服务', department: 'GA', queue: 'QA', steps: ['取号', '办理'], materials: [{ name: '身份证' }], statutoryDays: 0, promisedDays: 0 },
      { code: 'I2', name: '居民身份证换领', category: '行政确认', department: 'GA', queue: 'QB', steps: ['取号', '采集', '缴费'], materials: [{ name: '户口簿' }], statutoryDays: 60, promisedDays: 20, fee: '工本费20元' },
      { code: 'I3', name: '发票领用', category: '公共服务', department: 'SW', queue: 'QC', steps: ['取号', '办理'], materials: [{ name: '税务登记' }], statutoryDays: 1, promisedDays: 0 },
      { code: 'I4', name: '户口迁移', category: '行政许可', department: 'GA', queue: 'QB', steps: ['取号', '办理'], materials: [{ name: '户口簿' }], statutoryDays: 20, promisedDays: 5 },
    ],
    windows: base.windows.map((w) => (w.number === 1 ? { ...w, department: 'GA', honours: ['党员示范岗', '流动红旗'] } : w.number === 4 ? { ...w, department: 'SW' } : { ...w, department: 'GA' })),
    notices: [
      { code: 'N1', text: '请带齐材料，材料不全的，窗口将一次性告知需补正的全部内容。', targets: ['hall', 'strip', 'window'] },
      { code: 'N2', text: '工作日中午延时服务，老年人、残疾人可走绿色通道。', targets: ['hall', 'strip'] },
    ],
  });
})();

/** A TCP relay on a fixed local port, so the page keeps its address while the server behind it is replaced. */
class Relay {
  private server: Server;
  private readonly links = new Set<Socket>();
  target: number | null = null;
  port = 0;

  constructor() {
    this.server = createServer((down) => {
      this.links.add(down);
      down.on('close', () => this.links.delete(down));
      down.on('error', () => down.destroy());
      if (this.target === null) return void down.destroy();
      const up = createConnection({ host: '127.0.0.1', port: this.target });
      this.links.add(up);
      up.on('close', () => {
        this.links.delete(up);
        down.destroy();
      });
      up.on('error', () => down.destroy());
      down.on('close', () => up.destroy());
      down.pipe(up).pipe(down);
    });
  }
  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
  }
  /** Stops forwarding and cuts what is open. */
  cut(): void {
    this.target = null;
    for (const s of this.links) s.destroy();
  }
  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Replaces speechSynthesis with a recorder that owns one zh-CN voice; every phrase ends at once. */
const STUB_SPEECH = `
  window.__spoken = [];
  const voice = { lang: 'zh-CN', name: 'test zh-CN', voiceURI: 'test', localService: true, default: true };
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; this.voice = null; this.lang = ''; this.rate = 1; this.onend = null; this.onerror = null; } };
  const synth = {
    getVoices: () => [voice],
    speak(u) { window.__spoken.push(u.text); setTimeout(() => u.onend && u.onend({}), 20); },
    cancel() {}, pause() {}, resume() {},
    addEventListener() {}, removeEventListener() {},
    speaking: false, pending: false, paused: false,
  };
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
`;

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken.slice());

/** Waits until the page has spoken exactly `n` phrases, and then a little longer to see no more come. */
async function spokenCount(page: Page, n: number): Promise<string[]> {
  await page.waitForFunction((k) => (window as unknown as { __spoken: string[] }).__spoken.length >= k, n, { timeout: 30_000 });
  return spoken(page);
}

describe('hall display, voice and window screen in Chromium', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hallq-display-'));
  let srv: TestServer;
  let relay: Relay;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let display: Page;
  let windowScreen: Page;
  let cookie1: string;
  let cookie2: string;
  const pageErrors: string[] = [];

  const act = async (s: TestServer, cookie: string, n: number, action: string, body: unknown = {}) => {
    const r = await s.api('POST', `/api/windows/${n}/${action}`, { cookie, body });
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const issue = async (s: TestServer, body: Record<string, unknown>) => {
    const r = await s.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body as { ticketId: string; number: string };
  };
  /** The phrase the server put on the newest call event. */
  const lastPhrase = async (s: TestServer) => {
    const r = await s.api('GET', '/api/events?after=0&limit=1000');
    const calls = (r.body.events as { type: string; data: { phrase?: string } }[]).filter((e) => ['ticket.called', 'ticket.recalled', 'ticket.resumed'].includes(e.type));
    return String(calls.at(-1)!.data.phrase);
  };
  const newestNumber = (page: Page) => page.locator('[data-testid=newest-number]').textContent();

  beforeAll(async () => {
    srv = await startTestServer({ dir, config: CONFIG });
    relay = new Relay();
    await relay.listen();
    relay.target = srv.port;
    cookie1 = await srv.login('T001');
    cookie2 = await srv.login('T002');
    await act(srv, cookie1, 1, 'sign-in');
    await act(srv, cookie2, 2, 'sign-in');
    chrome = await launchChromium();
    display = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    display.on('pageerror', (e) => pageErrors.push(`display: ${e.message}`));
    await display.addInitScript(STUB_SPEECH);
    await display.goto(`http://127.0.0.1:${relay.port}/display?token=${DISPLAY_TOKEN}&repeat=2`);
    await display.locator('[data-testid=display]').waitFor();
    windowScreen = await chrome.browser.newPage({ viewport: { width: 1280, height: 720 } });
    windowScreen.on('pageerror', (e) => pageErrors.push(`window screen: ${e.message}`));
    await windowScreen.goto(`http://127.0.0.1:${relay.port}/display/window/1`);
    await windowScreen.locator('[data-testid=window-screen]').waitFor();
  });
  afterAll(async () => {
    await chrome?.close();
    await relay?.close();
    await srv?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the token out of the address and in localStorage', async () => {
    expect(display.url()).not.toContain('token=');
    expect(await display.evaluate(() => localStorage.getItem('hallq.display.token'))).toBe(DISPLAY_TOKEN);
  });

  it('shows a call at once, flashing, and hands the exact phrase to the zh-CN voice, twice', async () => {
    await issue(srv, { queue: 'QA' });
    // Record in the page when the number appears, so the delay is not the test's polling interval.
    await display.evaluate(() => {
      const w = window as unknown as { __shown: Record<string, number> };
      w.__shown = {};
      new MutationObserver(() => {
        const n = document.querySelector('[data-testid=newest-number]')?.textContent;
        if (n && !(n in w.__shown)) w.__shown[n] = Date.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    const requestedAt = Date.now();
    const called = await act(srv, cookie1, 1, 'call-next');
    expect(called.number).toBe('A001');
    await display.waitForFunction(() => (window as unknown as { __shown: Record<string, number> }).__shown.A001 !== undefined, null, { timeout: 10_000 });
    const shownAt = await display.evaluate(() => (window as unknown as { __shown: Record<string, number> }).__shown.A001!);
    console.log(`call request → hall display showing A001: ${shownAt - requestedAt} ms`);
    expect(await display.locator('[data-testid=newest]').getAttribute('class')).toContain('flashing');
    expect(await display.locator('[data-testid=newest]').textContent()).toContain('到 1 号窗口');

    const phrase = await lastPhrase(srv);
    expect(phrase).toBe('请A零零一号到1号窗口办理');
    expect(await spokenCount(display, 2)).toEqual([phrase, phrase]);
    await expect.poll(() => windowScreen.locator('[data-testid=current-number]').textContent()).toBe('A001');
  });

  it('announces a recall again', async () => {
    await act(srv, cookie1, 1, 'recall');
    const phrase = await lastPhrase(srv);
    expect(await spokenCount(display, 4)).toEqual([phrase, phrase, phrase, phrase]);
    await expect.poll(() => display.locator('[data-testid=newest] .tag.recall').count()).toBe(1);
  });

  it('follows a transfer: the number leaves window 1 and is called at window 2', async () => {
    await act(srv, cookie1, 1, 'transfer', { window: 2 });
    await expect.poll(() => windowScreen.locator('[data-testid=current]').textContent()).toContain('请等候叫号');
    const again = await act(srv, cookie2, 2, 'call-next');
    expect(again.number).toBe('A001');
    const phrase = await lastPhrase(srv);
    expect(phrase).toBe('请A零零一号到2号窗口办理');
    const said = await spokenCount(display, 6);
    expect(said.slice(4)).toEqual([phrase, phrase]);
    await expect.poll(() => display.locator('[data-testid=newest]').textContent()).toContain('到 2 号窗口');
    await expect.poll(() => display.locator('[data-window="2"]').textContent()).toContain('A001');
    await expect.poll(() => display.locator('[data-window="1"]').textContent()).toContain('等待叫号');
  });

  it('shows 暂停服务 and the reason on the window screen, and on the hall display', async () => {
    await act(srv, cookie1, 1, 'pause', { reason: '业务培训' });
    await windowScreen.locator('[data-testid=paused]').waitFor();
    expect(await windowScreen.locator('[data-testid=paused]').textContent()).toBe('暂停服务原因：业务培训');
    await expect.poll(() => display.locator('[data-window="1"]').textContent()).toContain('暂停服务');
    await windowScreen.screenshot({ path: path.join(SCREENS_DIR, 'display-window-paused-1280x720.png') });
    await act(srv, cookie1, 1, 'resume');
    await expect.poll(() => windowScreen.locator('[data-testid=paused]').count()).toBe(0);
  });

  it('fills the recent list with its windows and shows no personal data', async () => {
    // A citizen with an ID and a name: neither may reach a public screen.
    await issue(srv, { queue: 'QB', idNumber: '11010519491231002X', name: '张三丰' });
    for (let i = 0; i < 8; i++) await issue(srv, { queue: 'QA' });
    let said = (await spoken(display)).length;
    // After every call the screen is read whole: the ID holder's number shows, her name and ID never do.
    // (The display lists only a few recent calls, so B001 is looked for while it is on screen.)
    let sawB001 = false;
    for (let i = 0; i < 9; i++) {
      const called = await act(srv, i % 2 ? cookie2 : cookie1, i % 2 ? 2 : 1, 'call-next');
      said += 2;
      await expect.poll(() => newestNumber(display)).toBe(called.number);
      const shown = (await display.locator('body').textContent()) ?? '';
      expect(shown).not.toContain('张');
      expect(shown).not.toContain('1949');
      if (shown.includes('B001')) sawB001 = true;
    }
    expect(sawB001, 'B001 never appeared on the display').toBe(true);
    const all = await spokenCount(display, said);
    expect(all).toHaveLength(said);
    // Few recent calls, large: the four before the newest, newest first, each with its window.
    await expect.poll(() => display.locator('.recent-row:not(.blank)').count()).toBe(4);
    const calls = (await srv.api('GET', '/api/events?after=0&limit=1000')).body.events.filter((e: { type: string }) => ['ticket.called', 'ticket.recalled', 'ticket.resumed'].includes(e.type));
    const before = calls.slice(-5, -1).reverse() as { ticket: { number: string }; window: number }[];
    expect(await display.locator('.recent-row').allTextContents()).toEqual(before.map((e) => `${e.ticket.number}${e.window}号窗口`));
    const text = (await display.locator('body').textContent()) ?? '';
    expect(text).not.toContain('张');
    expect(text).not.toContain('1949');
    await display.evaluate(() => document.querySelector('[data-testid=newest]')?.classList.remove('flashing'));
    await display.screenshot({ path: path.join(SCREENS_DIR, 'display-hall-1920x1080.png') });

    const strip = await chrome.browser.newPage({ viewport: { width: 1920, height: 360 } });
    strip.on('pageerror', (e) => pageErrors.push(`strip: ${e.message}`));
    await strip.addInitScript(STUB_SPEECH);
    await strip.goto(`http://127.0.0.1:${relay.port}/display?token=${DISPLAY_TOKEN}`);
    await strip.locator('.display.strip').waitFor();
    // The strip: the newest call, the one before it, and a ticker through every queue's waiting count.
    expect(await strip.locator('.recent-row:not(.blank)').count()).toBe(1);
    expect(await strip.locator('.recent-row').isVisible()).toBe(true);
    expect(await strip.locator('.recent-row').textContent()).toBe(`${before[0]!.ticket.number}${before[0]!.window}号窗口`);
    expect(await strip.locator('.ticker-text').textContent()).toMatch(/A 综合 \d+ 人.*B 户政 \d+ 人.*C 税务 \d+ 人/);
    await strip.screenshot({ path: path.join(SCREENS_DIR, 'display-strip-1920x360.png') });
    // A screen that starts up shows the day's calls but reads none of them out.
    expect(await spoken(strip)).toEqual([]);
    await strip.close();

    await act(srv, cookie1, 1, 'start');
    await expect.poll(() => windowScreen.locator('[data-testid=staff]').textContent()).toContain('工号 T001');
    expect(await windowScreen.locator('[data-testid=honours]').textContent()).toBe('★党员示范岗★流动红旗');
    expect(await windowScreen.locator('[data-testid=items]').textContent()).toContain('工本费20元');
    await windowScreen.screenshot({ path: path.join(SCREENS_DIR, 'display-window-1280x720.png') });
    const big = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await big.goto(`${srv.url}/display/window/1`);
    await big.locator('[data-testid=current-number]').waitFor();
    await big.screenshot({ path: path.join(SCREENS_DIR, 'display-window-1920x1080.png') });
    await big.close();
  });

  it('after a server restart on the same data folder replays the missed calls, speaking only the fresh one, nothing twice', async () => {
    await windowScreen.close();
    const before = await spoken(display);
    const shownBefore = await newestNumber(display);

    relay.cut();
    await srv.stop();
    await display.locator('[data-testid=offline]').waitFor({ timeout: 15_000 });
    await display.screenshot({ path: path.join(SCREENS_DIR, 'display-offline-1920x1080.png') });

    srv = await startTestServer({ dir, config: CONFIG });
    // Sessions live in the database: the staff are still signed in to their windows.
    const x = await issue(srv, { queue: 'QA' });
    const y = await issue(srv, { queue: 'QA' });
    expect((await act(srv, cookie1, 1, 'call-next')).number).toBe(x.number);
    const stalePhrase = await lastPhrase(srv);
    srv.clock.advance(60_000);
    expect((await act(srv, cookie1, 1, 'call-next')).number).toBe(y.number);
    const freshPhrase = await lastPhrase(srv);

    relay.target = srv.port;
    await display.locator('[data-testid=offline]').waitFor({ state: 'detached', timeout: 20_000 });
    await expect.poll(() => newestNumber(display), { timeout: 10_000 }).toBe(y.number);
    expect(shownBefore).not.toBe(y.number);
    // Both missed calls are shown...
    expect(await display.locator(`.recent-row`).first().textContent()).toContain(x.number);
    // ...only the one made within 30 s is spoken, and nothing said before the restart is said again.
    const after = await spokenCount(display, before.length + 2);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toEqual([freshPhrase, freshPhrase]);
    expect(after).not.toContain(stalePhrase);
    // One more live call: it follows directly, so nothing else was queued in between.
    await issue(srv, { queue: 'QA' });
    await act(srv, cookie1, 1, 'call-next');
    const nextPhrase = await lastPhrase(srv);
    const end = await spokenCount(display, before.length + 4);
    expect(end.slice(before.length)).toEqual([freshPhrase, freshPhrase, nextPhrase, nextPhrase]);
    expect(pageErrors).toEqual([]);
  });
});
