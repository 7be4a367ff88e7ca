import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../contract/config.ts';
import { DEFAULT_DISPLAY_SETTINGS, DisplaySettings } from '../../contract/display-settings.ts';
import { legibility, type Legibility } from '../../ui-kit/legibility.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { measurePage, type PageMeasure, type Probe } from './legibility-page.ts';

/**
 * The legibility rule on the public screens, in Chromium at 1920×1080 against a real server with a
 * busy hall: twelve queues with long names, sixteen windows (one named 综合受理（企业开办）), numbers
 * up to JG1001, long notices. Every element a seated citizen must read is measured (see
 * legibility-page.ts for how) and converted to millimetres with the default panel's pixel pitch
 * (55″, 1920×1080: 0.634 mm); each must reach 1/200 of the 8 m viewing distance (40 mm), the newest
 * call 2.5 × that, and nothing may be cut off or overlap other text.
 */

const RULE = legibility(DEFAULT_DISPLAY_SETTINGS, 1920);
const FULL_HD = { width: 1920, height: 1080 };

const QUEUES: [string, string, string][] = [
  ['QA', 'A', '综合受理（企业开办）'],
  ['QB', 'B', '户籍与出入境证件办理'],
  ['QC', 'C', '税务综合服务（发票领用与申报）'],
  ['QD', 'D', '社会保险与就业创业服务'],
  ['QE', 'E', '不动产登记（交易与抵押）'],
  ['QF', 'F', '医保报销与参保登记'],
  ['QG', 'G', '公积金提取与贷款'],
  ['QH', 'H', '工程建设项目审批'],
  ['QJ', 'J', '婚姻登记'],
  ['QK', 'K', '残疾人及老年人优待证办理'],
  ['QL', 'L', '投诉咨询与帮办代办'],
  ['QM', 'JG', '公安交管车驾管业务'],
];
const WINDOW_NAMES = [
  '综合窗口1', '综合窗口2', '户政窗口', '出入境窗口', '税务窗口', '社保窗口', '不动产窗口', '医保窗口',
  '公积金窗口', '工程建设窗口', '婚姻登记窗口', '综合受理（企业开办）', '帮办代办窗口', '交管窗口', '残联窗口', '投诉受理窗口',
];

const CONFIG: HallConfig = (() => {
  const base = testHallConfig();
  const hash = base.staff[0]!.passwordHash!;
  return testHallConfig({
    hall: { ...base.hall, name: '某某市某某区政务服务中心（行政审批服务局）' },
    departments: [
      { code: 'SC', name: '市场监督管理局（企业开办专区）', phone: '0571-87654321' },
      { code: 'GA', name: '公安局出入境管理大队', phone: '0571-87000110' },
      { code: 'SW', name: '国家税务总局某某县税务局第一税务分局', phone: '12366' },
    ],
    queues: QUEUES.map(([code, prefix, name]) => ({ code, prefix, name, ...(code === 'QA' || code === 'QM' ? { numberOverflow: 'widen' as const } : {}) })),
    items: QUEUES.map(([code, , name], i) => ({
      code: `I${i + 1}`,
      name: i === 0 ? '企业设立登记、印章刻制、发票申领及社保登记“一件事”联办' : `${name}相关事项办理`,
      category: '行政许可',
      department: ['SC', 'GA', 'SW'][i % 3]!,
      queue: code,
      steps: ['取号', '受理', '办结'],
      materials: [{ name: '居民身份证' }],
      statutoryDays: 20,
      promisedDays: i % 4,
      fee: i === 1 ? '工本费20元（首次申领免费）' : '不收费',
    })),
    windows: WINDOW_NAMES.map((name, i) => ({
      number: i + 1,
      name,
      department: ['SC', 'GA', 'SW'][i % 3]!,
      queues: [QUEUES[i % QUEUES.length]![0], 'QA'].filter((q, k, all) => all.indexOf(q) === k),
      comprehensive: i === 11 || i < 2,
      honours: i === 11 ? ['党员示范岗', '流动红旗窗口'] : [],
    })),
    staff: [
      ...WINDOW_NAMES.map((_, i) => ({ badge: `T${String(i + 1).padStart(3, '0')}`, name: `工作人员${i + 1}`, role: 'staff' as const, passwordHash: hash })),
      { badge: 'A001', name: '管理员', role: 'admin' as const, passwordHash: hash },
    ],
    notices: [
      { code: 'N1', text: '请带齐材料：材料不全的，窗口将一次性告知需补正的全部内容，并出具补正告知单。', targets: ['hall', 'strip', 'window'] },
      { code: 'N2', text: '工作日中午 12:00–14:00 延时服务；老年人、残疾人、孕妇可走绿色通道，请向导办台咨询。', targets: ['hall', 'strip', 'window'] },
      { code: 'N3', text: '企业开办“一件事”：营业执照、印章、发票、社保登记一窗受理，一日办结。', targets: ['hall', 'strip'] },
    ],
  });
})();

/** What a seated citizen must read, per screen; the newest call is held to 2.5 × the rule. */
const NEWEST = new Set(['newest call number', 'current number']);
const HALL: Probe[] = [
  { name: 'newest call number', selector: '[data-testid=newest-number]' },
  { name: 'newest call window', selector: '.newest-window-n' },
  { name: 'newest call window name', selector: '.newest-window-name' },
  { name: 'recent call number', selector: '.recent-number' },
  { name: 'recent call window', selector: '.recent-window' },
  { name: 'notice ticker', selector: '[data-testid=display] .ticker-text', scrolls: true },
  { name: 'hall name and clock', selector: '.hall-name, .hall-clock-time, .hall-clock-date', near: true },
];
/** The rotating service information: one page of waiting counts and one of window states, at least. */
const HALL_WAITING: Probe[] = [
  { name: 'queue prefix', selector: '.rotator-page.current .queue-prefix' },
  { name: 'queue name', selector: '.rotator-page.current .queue-name' },
  { name: 'waiting count', selector: '.rotator-page.current .queue-waiting' },
];
const HALL_WINDOWS: Probe[] = [
  { name: 'window number', selector: '.rotator-page.current .window-tile-n' },
  { name: 'window state', selector: '.rotator-page.current .window-tile-current, .rotator-page.current .window-tile-state' },
];
/** The service guide is read by those who look up on purpose; it must be whole, not from the back row. */
const HALL_GUIDE: Probe[] = [
  { name: 'guide item', selector: '.rotator-page.current .guide-name', near: true },
  { name: 'guide details', selector: '.rotator-page.current .guide-meta > span', near: true },
];
const WINDOW_SCREEN: Probe[] = [
  { name: 'window number', selector: '.wscreen-number' },
  { name: 'current number', selector: '[data-testid=current-number]' },
  { name: 'notice ticker', selector: '[data-testid=window-screen] .ticker-text', scrolls: true },
  // Read by the citizen at the window: whole, but not held to the rule.
  { name: 'window name', selector: '.wscreen-name', near: true },
  { name: 'department', selector: '.wscreen-dept', near: true },
  { name: 'staff', selector: '.staff-name, .staff-badge', near: true },
  { name: 'items, fees and time limits', selector: '.wscreen-items td', near: true },
];
/** The call before the newest is left out when a wide number leaves no room for it (see below). */
const STRIP: Probe[] = [
  { name: 'newest call number', selector: '[data-testid=newest-number]' },
  { name: 'newest call window', selector: '.newest-window-n' },
  { name: 'recent call number', selector: '.recent-number', optional: true },
  { name: 'recent call window', selector: '.recent-window', optional: true },
  { name: 'ticker (queues, waiting, notices)', selector: '[data-testid=display] .ticker-text', scrolls: true },
];

const mm = (px: number) => px * RULE.mmPerPx;
const cm = (px: number) => (mm(px) / 10).toFixed(1);

/** Measures the page and fails on anything below the rule, cut off or overlapping. */
async function check(page: Page, screen: string, probes: Probe[], rule: Legibility = RULE): Promise<PageMeasure> {
  const m = await page.evaluate(measurePage, probes);
  const byName = new Map<string, number>();
  for (const e of m.elements) byName.set(e.name, Math.min(byName.get(e.name) ?? Infinity, e.capPx));
  console.log(`${screen}: ${[...byName].map(([n, px]) => `${n} ${cm(px)} cm`).join(', ')}`);
  expect(m.missing, `${screen}: nothing found for`).toEqual([]);
  for (const e of m.elements) {
    const least = e.near ? 0 : NEWEST.has(e.name) ? rule.newestCapMm : rule.minCapMm;
    expect(mm(e.capPx), `${screen}: ${e.name} "${e.text}" has a cap height of ${mm(e.capPx).toFixed(1)} mm, below ${least} mm`).toBeGreaterThanOrEqual(least);
    expect(e.clipped, `${screen}: ${e.name} "${e.text}" is cut off`).toBeNull();
  }
  expect(m.overlaps, `${screen}: text overlaps`).toEqual([]);
  return m;
}

/** Waits until the service-information rotator shows a page of this kind. */
async function rotatorAt(page: Page, kind: string): Promise<void> {
  // Current and faded in (a page fades in over 0.6 s).
  await page.waitForFunction(
    (k) => {
      const el = document.querySelector(`.rotator-page.current[data-kind="${k}"]`);
      return el !== null && getComputedStyle(el).opacity === '1';
    },
    kind,
    { timeout: 20_000 },
  );
}

describe('public screens are legible from the seats (Chromium, 1920×1080, 55″ at 8 m)', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let lastNumber = '';

  beforeAll(async () => {
    srv = await startTestServer({ config: CONFIG });
    // A busy afternoon: QA and QM are past 999, so their numbers have four digits (JG1001 is the widest).
    srv.db.prepare("INSERT INTO counters (day, queue, last_no) VALUES ('2026-11-30', 'QA', 998)").run();
    srv.db.prepare("INSERT INTO counters (day, queue, last_no) VALUES ('2026-11-30', 'QM', 999)").run();
    for (const [code] of QUEUES) {
      const n = code === 'QA' ? 40 : code === 'QM' ? 3 : 3 + (code.charCodeAt(1) % 7);
      for (let i = 0; i < n; i++) {
        const r = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: code } });
        expect(r.status, JSON.stringify(r.body)).toBe(200);
      }
    }
    const act = async (cookie: string, n: number, action: string, body: unknown = {}) => {
      const r = await srv.api('POST', `/api/windows/${n}/${action}`, { cookie, body });
      expect(r.status, `${n} ${action}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body as { number?: string };
    };
    const cookies: string[] = [];
    for (let n = 1; n <= 14; n++) {
      const cookie = await srv.login(`T${String(n).padStart(3, '0')}`);
      cookies[n] = cookie;
      await act(cookie, n, 'sign-in');
    }
    // Windows 1–11 and 14 call; the last two calls are at window 12, the one with the long name
    // (JG1000, then JG1001, so the widest number is both the newest call and a recent one).
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 14, 1, 12, 12]) {
      const r = await act(cookies[n]!, n, 'call-next');
      lastNumber = r.number ?? '';
    }
    await act(cookies[13]!, 13, 'pause', { reason: '业务培训' });
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('the hall display: newest and recent calls, the waiting counts and window states on rotation, the ticker', async () => {
    expect(lastNumber).toBe('JG1001');
    const page = await chrome.browser.newPage({ viewport: FULL_HD });
    await page.goto(`${srv.url}/display?token=${DISPLAY_TOKEN}&rotate=2`);
    await expect.poll(() => page.locator('[data-testid=newest-number]').textContent(), { timeout: 15_000 }).toBe(lastNumber);
    await check(page, 'hall', HALL);
    await rotatorAt(page, 'waiting');
    await check(page, 'hall (waiting)', HALL_WAITING);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'legibility-hall-1920x1080.png') });
    await rotatorAt(page, 'windows');
    await check(page, 'hall (windows)', HALL_WINDOWS);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'legibility-hall-windows-1920x1080.png') });
    await rotatorAt(page, 'guide');
    await check(page, 'hall (guide)', HALL_GUIDE);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'legibility-hall-guide-1920x1080.png') });
    await page.close();
  });

  it('the hall display in English keeps to the rule too', async () => {
    const page = await chrome.browser.newPage({ viewport: FULL_HD });
    await page.goto(`${srv.url}/display?token=${DISPLAY_TOKEN}&lang=en&rotate=2`);
    await expect.poll(() => page.locator('[data-testid=newest-number]').textContent(), { timeout: 15_000 }).toBe(lastNumber);
    await check(page, 'hall (English)', HALL);
    await rotatorAt(page, 'windows');
    await check(page, 'hall (English, windows)', HALL_WINDOWS);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'legibility-hall-en-1920x1080.png') });
    await page.close();
  });

  it('the window screen: window number, the number being served, the ticker', async () => {
    const page = await chrome.browser.newPage({ viewport: FULL_HD });
    await page.goto(`${srv.url}/display/window/12`);
    await expect.poll(() => page.locator('[data-testid=current-number]').textContent(), { timeout: 15_000 }).toBe(lastNumber);
    await page.waitForFunction(() => document.querySelector('.flashing') === null, null, { timeout: 15_000 });
    await check(page, 'window screen', WINDOW_SCREEN);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'legibility-window-1920x1080.png') });
    // A paused window says so as large as a window number.
    await page.goto(`${srv.url}/display/window/13`);
    await page.locator('[data-testid=paused]').waitFor();
    await check(page, 'window screen (paused)', [
      { name: 'window number', selector: '.wscreen-number' },
      { name: 'paused', selector: '.wscreen-paused-title' },
      { name: 'pause reason', selector: '.wscreen-paused-reason', near: true },
    ]);
    await page.screenshot({ path: path.join(SCREENS_DIR, 'legibility-window-paused-1920x1080.png') });
    await page.close();
  });

  it('the strip layout: the newest calls and one ticker that runs through every queue', async () => {
    for (const viewport of [FULL_HD, { width: 1920, height: 360 }]) {
      const page = await chrome.browser.newPage({ viewport });
      await page.goto(`${srv.url}/display?token=${DISPLAY_TOKEN}&layout=strip`);
      await expect.poll(() => page.locator('[data-testid=newest-number]').textContent(), { timeout: 15_000 }).toBe(lastNumber);
      await check(page, `strip ${viewport.width}×${viewport.height}`, STRIP);
      // JG1001 at 2.5 × the rule and its window take 1240 px: JG1000 beside it would not fit whole,
      // so it is hidden, not cut (with three-character numbers it is shown: display.test.ts).
      expect(await page.locator('.strip-calls .recent').isVisible(), 'the call before the newest is squeezed in').toBe(false);
      // Over time the ticker names every queue with its waiting count.
      const ticker = (await page.locator('[data-testid=display] .ticker-text').textContent()) ?? '';
      for (const [, prefix, name] of QUEUES) expect(ticker, `strip ticker lacks ${prefix} ${name}`).toContain(name);
      await page.screenshot({ path: path.join(SCREENS_DIR, `legibility-strip-${viewport.width}x${viewport.height}.png`) });
      await page.close();
    }
  });

  it('sizes itself from the hall settings: a hall seating people at most 6 m away gets smaller text, still to the rule', async () => {
    const admin = await srv.login('A001');
    const settings = await srv.api('GET', '/api/admin/settings', { cookie: admin });
    expect(settings.status).toBe(200);
    const near = DisplaySettings.parse({ ...settings.body.hall.display, viewingDistanceM: 6 });
    const page = await chrome.browser.newPage({ viewport: FULL_HD });
    await page.goto(`${srv.url}/display?token=${DISPLAY_TOKEN}`);
    await expect.poll(() => page.locator('[data-testid=newest-number]').textContent(), { timeout: 15_000 }).toBe(lastNumber);
    const saved = await srv.api('PUT', '/api/admin/hall', { cookie: admin, body: { ...settings.body.hall, display: near } });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    // The open screen hears config.changed, reloads the catalogue and resizes.
    const rule = legibility(near, 1920);
    await page.waitForFunction((px) => document.documentElement.style.getPropertyValue('--legible') === px, `${rule.minFontPx}px`, { timeout: 15_000 });
    const m = await check(page, 'hall at 6 m', HALL, rule);
    const recent = Math.min(...m.elements.filter((e) => e.name === 'recent call number').map((e) => mm(e.capPx)));
    expect(recent, 'recent calls did not shrink for the nearer seats').toBeLessThan(RULE.minCapMm);
    await page.close();
  });
});
