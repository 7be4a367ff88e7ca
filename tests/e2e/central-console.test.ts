import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../fixtures/browser.ts';
import { scriptedHall } from '../central/ingest-script.ts';
import { createTestDatabase, type TestDatabase } from '../central/pg.ts';
import { demoToken, startConsoleInstance, waitingTickets, type ConsoleInstance } from '../central/console-harness.ts';

/**
 * The central pages in Chromium against a real central server on PostgreSQL: a county supervisor
 * signs in, sees only its county's halls, and a batch posted over the uplink shows up on the console
 * live; the drill-down, the statistics page and the public appraisal page (also on a phone).
 */

const SHOTS = process.env.CENTRAL_SCREENS_DIR ?? path.join(process.env.TMPDIR ?? '/tmp', 'hallq-central-screens');
const DAY = '2026-12-01';

describe('central pages in Chromium', () => {
  let db: TestDatabase;
  let c: ConsoleInstance;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const county = scriptedHall('LCJ-ZWFW', 3);
  const countyDay = county.day(DAY, 60);
  const town = scriptedHall('LCJ-T02', 4);
  const townDay = town.day(DAY, 20);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    db = await createTestDatabase('hallq_central_e2e');
    c = await startConsoleInstance(db.url, { tickMs: 500 });
    // A living county: the centre's day mostly done, the county centre mid-morning with people waiting.
    const today = new Date().toISOString().slice(0, 10);
    const post = async (code: string, events: Parameters<ConsoleInstance['post']>[2]) => expect((await c.post(demoToken(code), code, events)).status).toBe(200);
    await post('LCJ-ZWFW', countyDay.slice(0, 150));
    await post('LCJ-ZWFW', [...waitingTickets('LCJ-ZWFW', 150, 3, 35, today, 'QC'), ...waitingTickets('LCJ-ZWFW', 153, 9, 16, today)]);
    for (const [i, code] of ['LCJ-T01', 'LCJ-T03', 'LCJ-T04', 'LCJ-V01', 'LCJ-V02'].entries()) {
      const h = scriptedHall(code, 20 + i);
      const events = h.day(DAY, 12 + i * 3);
      // The third township stops before its kiosk recovers: a device fault stays open.
      const cut = code === 'LCJ-T04' ? events.findIndex((e) => e.type === 'device.recovered') : Math.floor(events.length * 0.7);
      await post(code, events.slice(0, cut));
      await post(code, waitingTickets(code, cut, 1 + i, 4 + 3 * i, today));
    }
    // A hall of another county that the county supervisor must not see.
    const admin = await c.login('admin');
    const reg = await fetch(`${c.url}/api/admin/halls`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ code: 'SM-ZWFW', name: '思茅区政务服务中心', kind: 'county_centre', region: '530802' }),
    });
    const { token } = (await reg.json()) as { token: string };
    expect((await c.post(token, 'SM-ZWFW', scriptedHall('SM-ZWFW', 9).day(DAY, 5))).status).toBe(200);

    chrome = await launchChromium();
    browser = chrome.browser;
    page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    // The centre's Content-Security-Policy (helmet) must not block anything the pages do.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('401')) errors.push(`${m.text()} ${m.location().url}`);
    });
  });

  afterAll(async () => {
    await chrome?.close();
    await c?.stop();
    await db?.drop();
  });

  it('sends a visitor to sign in, and a county supervisor to its console with only its halls', async () => {
    await page.goto(`${c.url}/console`);
    await page.waitForURL(/\/\?next=/);
    await page.screenshot({ path: path.join(SHOTS, 'central-login.png') });
    await page.fill('input[name=badge]', 'lancang');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await page.locator('.gate [role=alert]').waitFor();
    await page.fill('input[name=password]', 'demo-lancang-2026');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console/);
    await page.locator('tr[data-hall="LCJ-ZWFW"]').waitFor();
    expect(await page.locator('tr[data-hall]').count()).toBe(39);
    expect(await page.locator('tr[data-hall="SM-ZWFW"]').count()).toBe(0);
    expect(await page.locator('.top-region').textContent()).toBe('澜沧江县');
    // Its longest wait (35 minutes by the hall's own clock) raises the wait alert.
    expect(await page.locator('tr[data-hall="LCJ-ZWFW"] [data-col=longest]').textContent()).toMatch(/^3[45] 分$/);
    expect(await page.locator('tr[data-hall="LCJ-ZWFW"]').textContent()).toContain('等候超时');
    await expect.poll(() => page.locator('.live-dot').textContent()).toBe('实时连接');
    await page.screenshot({ path: path.join(SHOTS, 'central-console.png') });
  });

  it('shows a batch posted over the uplink live, without a reload', async () => {
    const row = page.locator('tr[data-hall="LCJ-T02"]');
    expect(await row.locator('[data-col=waiting]').textContent()).toBe('0');
    expect(await row.textContent()).toContain('未接入');
    // The morning so far, then four people who took a ticket in the last minutes and are waiting.
    const morning = townDay.slice(0, 25);
    const served = morning.filter((e) => e.type === 'ticket.issued').length - new Set(morning.filter((e) => e.type === 'ticket.called' || e.type === 'ticket.cancelled').map((e) => e.ticket!.id)).size;
    const batch = [...morning, ...waitingTickets('LCJ-T02', 25, 4, 6, new Date().toISOString().slice(0, 10))];
    expect((await c.post(demoToken('LCJ-T02'), 'LCJ-T02', batch)).status).toBe(200);
    await expect.poll(() => row.locator('[data-col=waiting]').textContent(), { timeout: 10_000 }).toBe(String(served + 4));
    expect(await row.locator('[data-col=longest]').textContent()).toMatch(/^[5-7] 分$/);
    expect(await row.textContent()).toContain('在线');
    await page.locator('li[data-event="LCJ-T02:29"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('drills down region → hall → windows', async () => {
    await page.click('button[data-region="530830103000"]'); // 谦六彝族乡: LCJ-T04 and its villages
    await expect.poll(() => page.locator('#region-title').textContent()).toContain('谦六彝族乡');
    const halls = await page.locator('tr[data-hall]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-hall')));
    expect(halls[0]).toBe('LCJ-T04');
    expect(halls.length).toBeGreaterThan(1);
    expect(await page.locator('tr[data-hall="LCJ-T04"]').textContent()).toContain('设备故障');
    await page.click('tr[data-hall="LCJ-T04"]');
    await page.locator('[data-detail="LCJ-T04"] tr[data-window="1"]').waitFor();
    expect(await page.locator('[data-detail="LCJ-T04"] .alert-list').textContent()).toContain('设备故障');
    // Staff appear masked (李*明 / 王*), never in full.
    expect(await page.locator('[data-detail="LCJ-T04"]').textContent()).not.toContain('李小明');
    await page.screenshot({ path: path.join(SHOTS, 'central-console-hall.png') });
    await page.click('button:has-text("返回区域")');
    await page.click(`button[data-region="530830"]`);
    await page.click('tr[data-hall="LCJ-ZWFW"]');
    await page.locator('[data-detail="LCJ-ZWFW"] tr[data-window="2"]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'central-console-county-hall.png') });
  });

  it('shows statistics and rankings over a date range, and offers the CSV', async () => {
    await page.goto(`${c.url}/stats?region=530830&from=${DAY}&to=${DAY}&groupBy=hall`);
    await page.locator('table[aria-label="统计结果"] tr[data-group="LCJ-ZWFW"]').waitFor();
    expect(await page.locator('table[aria-label="统计结果"] tr[data-group="SM-ZWFW"]').count()).toBe(0);
    expect(await page.locator('a:has-text("下载 CSV")').getAttribute('href')).toContain('/api/stats.csv?region=530830');
    await page.locator('.chart canvas').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'central-stats.png'), fullPage: true });
    await page.selectOption('select[name=groupBy]', 'window');
    await page.click('button:has-text("查询")');
    await page.locator('table[aria-label="统计结果"] tr[data-group="LCJ-ZWFW:1"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('publishes the monthly appraisal to anyone, on a phone too, without personal data', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    phone.on('pageerror', (e) => errors.push(String(e)));
    phone.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await phone.goto(`${c.url}/public/appraisal/530830/2026-12`);
    await phone.locator('table[aria-label="服务大厅排名"] tr[data-hall="LCJ-ZWFW"]').waitFor();
    const text = (await phone.locator('body').textContent()) ?? '';
    expect(text).toContain('澜沧江县');
    expect(text).not.toMatch(/李小明|王芳|T00[12]/);
    await phone.screenshot({ path: path.join(SHOTS, 'central-appraisal-phone.png'), fullPage: true });
    const desk = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await desk.goto(`${c.url}/public/appraisal/530830/2026-12`);
    await desk.locator('table[aria-label="服务大厅排名"] tr[data-hall]').first().waitFor();
    await desk.screenshot({ path: path.join(SHOTS, 'central-appraisal.png'), fullPage: true });
    await phone.close();
    await desk.close();
    expect(errors).toEqual([]);
  });
});
