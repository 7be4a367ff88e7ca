import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CARDS } from '../../drivers/idcard/demo-cards.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { KIOSK_TOKEN, startDeviceServer, until, type DeviceTestServer } from '../devices/helpers.ts';

/**
 * The citizen kiosk in Chromium against a real hall server with simulated devices (K1's ID reader and
 * thermal printer): a card on the reader, a ticket printed with its materials and status QR, the cap,
 * paper out and reprint, appointment check-in, 补打, and the phone status page following a call.
 * Screenshots of every screen at 1080×1920 (home also at 1920×1080) go to tests/e2e/screens.
 */
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const PHONE = { width: 390, height: 844 };
const CARD = DEMO_CARDS[0]!;

let server: DeviceTestServer;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const pageErrors: string[] = [];

function sim() {
  const s = server.sim;
  if (!s) throw new Error('no simulated devices');
  return s;
}
const printer = () => sim().printers.get('K1-printer')!;
const reader = () => sim().idcards.get('K1-idcard')!;

async function shot(p: Page, name: string): Promise<void> {
  // Let animations settle on a frame that shows them mid-way rather than blank.
  await p.waitForTimeout(300);
  await p.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`) });
}

async function screen(name: string): Promise<void> {
  await page.waitForSelector(`.kiosk[data-screen="${name}"]`, { timeout: 10_000 });
}

async function tap(selector: string): Promise<void> {
  await page.locator(selector).first().click({ timeout: 10_000 });
}

async function text(selector: string): Promise<string> {
  return (await page.locator(selector).first().textContent({ timeout: 10_000 })) ?? '';
}

async function home(): Promise<void> {
  if ((await page.locator('.kiosk[data-screen="home"]').count()) === 0) await tap('[data-action="home"], [data-action="finish"]');
  await screen('home');
}

async function placeCard(): Promise<void> {
  reader().removeCard();
  reader().placeCard(CARD);
}

async function printedText(index: number): Promise<string> {
  await until(`ticket ${index + 1} is printed`, () => printer().tickets.length > index);
  return printer().tickets[index]!.lines.map((l) => l.text).join('\n');
}

beforeAll(async () => {
  server = await startDeviceServer();
  await until('K1 printer ready', () => server.devices.local!.health('K1-printer')?.state === 'ready');
  chrome = await launchChromium();
  page = await chrome.browser.newPage({ viewport: PORTRAIT });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  const started = Date.now();
  await page.goto(`${server.url}/kiosk?token=${KIOSK_TOKEN}&idle=20`);
  await page.waitForSelector('.hall-name', { timeout: 15_000 });
  const timing = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const fcp = performance.getEntriesByName('first-contentful-paint')[0];
    const home = performance.getEntriesByName('kiosk:home')[0];
    return { domContentLoaded: Math.round(nav.domContentLoadedEventEnd), fcp: fcp ? Math.round(fcp.startTime) : null, homeData: home ? Math.round(home.startTime) : null };
  });
  // Budget figure, reported rather than asserted (shared machines are noisy).
  process.stdout.write(`kiosk first render: ${JSON.stringify(timing)} (wall ${Date.now() - started} ms)\n`);
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('kiosk in Chromium with simulated devices', () => {
  it('home: hall, clock, tiles, waiting counts; no page scrolling', async () => {
    expect(await text('.hall-name')).toBe('测试县政务服务中心');
    // The clock follows the hall server (ManualClock: Monday 2026-11-30 10:00 Shanghai).
    expect(await text('.clock-date')).toBe('2026-11-30 星期一');
    // (The manual clock stands still, so the page may land a moment either side of 10:00.)
    expect(await text('.clock-time')).toMatch(/^(09:59|10:0\d)$/);
    expect(await page.locator('.tile .tile-name').allTextContents()).toEqual(['办事取号', '预约签到', '办事指南', '投诉建议']);
    expect(await text('[data-queue="QB"] .wq-count')).toBe('0人');
    const layout = await page.evaluate(() => ({
      scroll: document.documentElement.scrollHeight <= window.innerHeight,
      select: getComputedStyle(document.body).userSelect,
      smallest: Math.min(...[...document.querySelectorAll('button')].map((b) => Math.min(b.getBoundingClientRect().height, b.getBoundingClientRect().width))),
    }));
    expect(layout).toEqual({ scroll: true, select: 'none', smallest: expect.any(Number) });
    expect(layout.smallest).toBeGreaterThanOrEqual(72);
    await shot(page, 'kiosk-home');
  });

  it('card on the simulated reader → ticket → the printed ticket holds the number, the materials and the status URL', async () => {
    await tap('[data-action="take"]');
    await screen('departments');
    await shot(page, 'kiosk-departments');
    await tap('[data-department="GA"]');
    await screen('items');
    await shot(page, 'kiosk-items');
    await tap('[data-item="I2"]');
    await screen('card');
    expect(await text('.prompt')).toBe('请将身份证放在感应区');
    expect(await page.locator('[data-action="skip-card"]').count()).toBe(0);
    await shot(page, 'kiosk-card');

    await placeCard();
    await screen('confirm');
    const shown = await text('[data-field="identity"]');
    // Only the last four characters of the number are shown.
    expect(shown).toMatch(new RegExp(`^张\\*丰 \\*{14}${CARD.idNumber.slice(-4)}$`));
    expect(shown).not.toContain(CARD.idNumber.slice(1, 14));
    expect(await page.locator('.materials li').allTextContents()).toEqual(['户口簿']);
    await shot(page, 'kiosk-confirm');

    await tap('[data-action="print"]');
    await screen('done');
    await page.waitForSelector('.done[data-printed="true"]', { timeout: 10_000 });
    const number = await text('[data-field="number"]');
    expect(number).toBe('B001');
    expect(await text('[data-field="take"]')).toContain('请取走号票');
    const statusUrl = await page.locator('.done-qr svg').getAttribute('data-qr');
    expect(statusUrl).toMatch(new RegExp(`^${server.url}/t/[0-9a-f-]+\\?k=`));
    await shot(page, 'kiosk-done');

    const printed = await printedText(0);
    expect(printed).toContain('B001');
    expect(printed).toContain('户口簿');
    expect(printer().tickets[0]!.qrPayloads).toEqual([statusUrl]);
    expect(printed).toContain(CARD.idNumber.slice(-4));
    expect(printed).not.toContain(CARD.idNumber);

    // The identity leaves the page's memory on the way home.
    await tap('[data-action="finish"]');
    await screen('home');
    expect(await page.content()).not.toContain('张*丰');
  });

  it('the same card again: refused with 补打, which prints the live ticket again', async () => {
    await placeCard();
    await screen('departments');
    await tap('[data-department="GA"]');
    await tap('[data-item="I2"]');
    await screen('confirm');
    await tap('[data-action="print"]');
    await screen('refusal');
    expect(await text('[data-field="refusal"]')).toContain('您已取过该业务的号（B001）');
    await shot(page, 'kiosk-refusal-live-ticket');
    const before = printer().tickets.length;
    await tap('[data-action="reprint-live"]');
    await screen('done');
    await page.waitForSelector('.done[data-printed="true"]', { timeout: 10_000 });
    expect(await text('[data-field="number"]')).toBe('B001');
    expect(await printedText(before)).toContain('B001');
    await home();
  });

  it('cap reached: marked 已满 in the list; one taken while the citizen confirms is refused in plain words', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I3' } });
      expect(r.status).toBe(200);
    }
    await until('the two tickets are printed', () => printer().tickets.length >= 4);
    await tap('[data-action="take"]');
    await tap('[data-department="SW"]');
    await tap('[data-item="I3"]');
    await screen('card');
    await tap('[data-action="skip-card"]');
    await screen('confirm');
    // The last number of the day goes to someone else meanwhile.
    expect((await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I3' } })).status).toBe(200);
    await until('the third ticket is printed', () => printer().tickets.length >= 5);
    await tap('[data-action="print"]');
    await screen('refusal');
    expect(await text('[data-field="refusal"]')).toBe('今日号已取完，若窗口空闲可直接到窗口办理。');
    await shot(page, 'kiosk-refusal-cap');
    await home();
    await tap('[data-action="take"]');
    await tap('[data-department="SW"]');
    await page.waitForSelector('[data-item="I3"][data-state="full"]', { timeout: 10_000 });
    expect(await text('[data-item="I3"] [data-field="mark"]')).toBe('已满');
    expect(await page.locator('[data-item="I3"]').isDisabled()).toBe(true);
    await shot(page, 'kiosk-items-full');
    await home();
  });

  it('paper out: the electronic ticket on screen, marked unprinted; a reprint with paper prints it', async () => {
    printer().setPaper('out');
    const before = printer().tickets.length;
    await tap('[data-action="take"]');
    await tap('[data-department="GA"]');
    await tap('[data-item="I1"]');
    await tap('[data-action="skip-card"]');
    await screen('confirm');
    await tap('[data-action="print"]');
    await screen('done');
    await page.waitForSelector('.done[data-printed="false"]', { timeout: 10_000 });
    const number = await text('[data-field="number"]');
    expect(number).toBe('A001');
    expect(await text('[data-field="electronic"]')).toBe('打印机暂时无法出票，请使用电子号票');
    expect(await page.locator('.done-qr svg').getAttribute('data-qr')).toContain('/t/');
    await shot(page, 'kiosk-done-electronic');
    const row = server.db.prepare('SELECT printed FROM tickets WHERE number = ?').get(number) as { printed: number };
    expect(row.printed).toBe(0);
    expect(printer().tickets.length).toBe(before);

    printer().setPaper('ok');
    await tap('[data-action="reprint"]');
    await page.waitForSelector('.done[data-printed="true"]', { timeout: 10_000 });
    expect(await printedText(before)).toContain('A001');
    expect((server.db.prepare('SELECT printed FROM tickets WHERE number = ?').get(number) as { printed: number }).printed).toBe(1);
    await home();
  });

  it('appointment check-in by code on the on-screen keypad', async () => {
    const booked = await server.api('POST', '/api/appointments', { body: { item: 'I1', date: '2026-11-30', slotStart: '10:00', idNumber: '11010519491231002X', name: '李四' } });
    expect(booked.status).toBe(200);
    const code: string = booked.body.code;
    await tap('[data-action="checkin"]');
    await screen('checkin');
    for (const d of code.slice(0, 3)) await tap(`[data-key="${d}"]`);
    await shot(page, 'kiosk-checkin');
    for (const d of code.slice(3)) await tap(`[data-key="${d}"]`);
    await tap('[data-action="checkin-submit"]');
    await screen('done');
    expect(await text('.done-title')).toBe('预约签到成功');
    const number = await text('[data-field="number"]');
    const ticket = server.db.prepare("SELECT priority, source FROM tickets WHERE number = ? AND day = '2026-11-30'").get(number) as { priority: string; source: string };
    expect(ticket.priority).toBe('appointment');
    await home();
  });

  it('the phone status page follows the ticket until it is called', async () => {
    await placeCard();
    await screen('departments');
    await tap('[data-department="GA"]');
    await tap('[data-item="I2"]');
    await screen('confirm');
    await tap('[data-action="print"]');
    await screen('refusal'); // the card already holds B001: follow that ticket instead
    await home();

    const row = server.db.prepare("SELECT id FROM tickets WHERE number = 'B001'").get() as { id: string };
    const url = server.ctx.publicUrl() + `/t/${row.id}?k=${server.ctx.statusKeys.sign(row.id)}`;
    const phone = await chrome.browser.newPage({ viewport: PHONE });
    phone.on('pageerror', (e) => pageErrors.push(e.message));
    await phone.goto(url);
    await phone.waitForSelector('[data-field="number"]', { timeout: 10_000 });
    expect(await phone.locator('[data-field="number"]').textContent()).toBe('B001');
    expect(await phone.locator('[data-field="state"]').textContent()).toBe('等候叫号');
    expect(await phone.locator('[data-field="ahead"]').textContent()).toBe('0人');
    await phone.waitForSelector('.status-live', { timeout: 10_000 });
    await shot(phone, 'status-waiting');

    const cookie = await server.login('T003');
    expect((await server.api('POST', '/api/windows/3/sign-in', { cookie, body: {} })).status).toBe(200);
    const called = await server.api('POST', '/api/windows/3/call-next', { cookie, body: {} });
    expect(called.status).toBe(200);
    await phone.waitForFunction(() => document.querySelector('[data-field="state"]')?.textContent === '请到3号窗口办理', undefined, { timeout: 10_000 });
    expect(await phone.content()).not.toContain('张');
    await shot(phone, 'status-called');
    await phone.close();
  });

  it('search, guide, complaint, elder mode, English and landscape: every screen, screenshotted', async () => {
    await tap('[data-action="take"]');
    await tap('[data-action="search"]');
    await screen('search');
    for (const key of ['s', 'f']) await tap(`[data-key="${key}"]`);
    await page.waitForSelector('[data-item="I2"]', { timeout: 10_000 });
    await shot(page, 'kiosk-search');
    await home();

    await tap('[data-action="guide"]');
    await screen('guide');
    await shot(page, 'kiosk-guide');
    await tap('[data-department="GA"]');
    await tap('[data-item="I2"]');
    await screen('guideItem');
    expect(await page.locator('[data-field="steps"] li').allTextContents()).toEqual(['取号', '采集', '缴费']);
    const before = printer().tickets.length;
    await tap('[data-action="print-guide"]');
    await page.waitForSelector('.notice', { timeout: 10_000 });
    expect(await text('.notice')).toBe('告知单已发送打印，请在出票口取走');
    const slip = await printedText(before);
    expect(slip).toContain('一次性告知');
    expect(slip).toContain('1. 户口簿');
    expect(slip).toContain('法定60个工作日');
    await shot(page, 'kiosk-guide-item');
    await home();

    await tap('[data-action="complaint"]');
    await screen('complaint');
    await shot(page, 'kiosk-complaint');
    await home();

    await tap('[data-action="elder"]');
    const bodyText = await page.evaluate(() => Math.min(...[...document.querySelectorAll('.tile-hint, .card-tip, .waiting-board li')].map((e) => parseFloat(getComputedStyle(e).fontSize))));
    expect(bodyText).toBeGreaterThanOrEqual(40);
    await shot(page, 'kiosk-home-elder');
    await tap('[data-action="take"]');
    await tap('[data-department="GA"]');
    await screen('items');
    expect(await page.locator('.choices-elder').count()).toBe(1);
    await shot(page, 'kiosk-items-elder');
    await home();
    await tap('[data-action="elder"]');

    await tap('[data-action="language"]');
    expect(await text('.tile-take .tile-name')).toBe('Take a number');
    await shot(page, 'kiosk-home-en');
    await tap('[data-action="language"]');

    await page.setViewportSize(LANDSCAPE);
    await shot(page, 'kiosk-home-landscape');
    const fits = await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight && [...document.querySelectorAll('.tile')].every((t) => t.getBoundingClientRect().bottom <= window.innerHeight));
    expect(fits).toBe(true);
    await page.setViewportSize(PORTRAIT);
  });

  it('server unreachable: an overlay that retries by itself', async () => {
    expect(pageErrors).toEqual([]);
    await server.stop();
    await page.waitForSelector('[data-overlay="offline"]', { timeout: 15_000 });
    expect(await text('[data-overlay="offline"] h2')).toBe('暂时连接不上服务器');
    await shot(page, 'kiosk-offline');
  });
});
