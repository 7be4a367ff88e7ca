import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../contract/config.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { connected, deviceHallConfig, devicesFromYaml, KIOSK2_TOKEN, KIOSK_TOKEN, SIMULATED_DEVICES_YAML, until } from '../devices/helpers.ts';

/**
 * What a kiosk and the supervision console show for a printer that cannot be reached and for one
 * whose roll runs low, in Chromium against a real hall server: K1's simulated printer is wired to
 * the server; K2 prints through device agent G1 (its scope, in the hall database, names K2), which
 * is not connected; agent G2 reports a caller fault, so a warning can be told apart from a fault.
 * Screenshots go to /tmp (kiosk 1080×1920, console 1920×1080).
 */
const PORTRAIT = { width: 1080, height: 1920 };
const LANDSCAPE = { width: 1920, height: 1080 };
const AGENT2_TOKEN = 'agent-token-0000000002';

function hallConfig(): HallConfig {
  const base = deviceHallConfig();
  return {
    ...base,
    devices: [
      ...base.devices.map((d) => (d.code === 'G1' ? { ...d, scope: { kiosks: ['K2'], windows: [] } } : d)),
      { code: 'G2', kind: 'agent', name: '二号窗口电脑', demoToken: AGENT2_TOKEN },
    ],
  };
}

let server: TestServer;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let browser: Browser;
const pageErrors: string[] = [];

const printer = () => server.sim!.printers.get('K1-printer')!;

async function kioskPage(token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: PORTRAIT });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/kiosk?token=${token}&idle=60`);
  await page.waitForSelector('.kiosk[data-screen="home"] .hall-name', { timeout: 15_000 });
  return page;
}

/** A citizen takes a 综合 ticket without a card, as far as the done screen. */
async function takeTicket(page: Page): Promise<void> {
  await page.locator('[data-action="take"]').click();
  await page.locator('[data-department="GA"]').click();
  await page.locator('[data-item="I1"]').click();
  await page.locator('[data-action="skip-card"]').click();
  await page.waitForSelector('.kiosk[data-screen="confirm"]');
  await page.locator('[data-action="print"]').click();
  await page.waitForSelector('.kiosk[data-screen="done"]');
}

async function shot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(300); // failure guard only: lets fonts and the QR settle before the picture
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `device-${name}.png`) });
}

beforeAll(async () => {
  server = await startTestServer({ config: hallConfig(), devices: devicesFromYaml(SIMULATED_DEVICES_YAML), deviceOptions: { idcardPollMs: 20, printerPollMs: 0 } });
  await until('K1 printer ready', () => server.devices.local!.health('K1-printer')?.state === 'ready');
  chrome = await launchChromium();
  browser = chrome.browser;
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
});

describe('printer states on the kiosk and in the console, in Chromium', () => {
  it("kiosk behind an offline agent: 打印机离线 with where to go, then the same in English", async () => {
    const page = await kioskPage(KIOSK2_TOKEN);
    await takeTicket(page);
    await page.waitForSelector('.done[data-printed="false"][data-printer-offline="true"]', { timeout: 10_000 });
    expect(await page.locator('[data-field="electronic"]').textContent()).toBe('打印机离线，请到咨询台或稍后重打');
    expect(await page.locator('[data-field="number"]').textContent()).toBe('A001');
    expect(await page.locator('[data-action="reprint"]').isVisible()).toBe(true);
    expect(await page.locator('.done-qr svg').getAttribute('data-qr')).toContain('/t/');
    await shot(page, 'kiosk-printer-offline-zh');

    await page.locator('[data-action="finish"]').click();
    await page.waitForSelector('.kiosk[data-screen="home"]');
    await page.locator('[data-action="language"]').click();
    await takeTicket(page);
    await page.waitForSelector('.done[data-printed="false"][data-printer-offline="true"]', { timeout: 10_000 });
    expect(await page.locator('[data-field="electronic"]').textContent()).toBe('The printer is offline: please go to the information desk or reprint later');
    await shot(page, 'kiosk-printer-offline-en');
    await page.close();
  });

  it('paper near end does not hold a citizen up: the ticket prints and the kiosk says to take it', async () => {
    printer().setPaper('near-end');
    const before = printer().tickets.length;
    const page = await kioskPage(KIOSK_TOKEN);
    await takeTicket(page);
    await page.waitForSelector('.done[data-printed="true"]', { timeout: 10_000 });
    expect(await page.locator('[data-field="take"]').textContent()).toContain('请取走号票');
    expect(await page.locator('[data-field="electronic"]').count()).toBe(0);
    await until('the ticket came out of the printer', () => printer().tickets.length === before + 1);
    await shot(page, 'kiosk-paper-near-end');
    await page.close();
  });

  it('console device list: paper near end as a warning badge beside 正常, a fault as 故障; the warning clears live', async () => {
    const g2 = server.socket({ token: AGENT2_TOKEN });
    await connected(g2);
    expect((await g2.timeout(5000).emitWithAck('agent:register', { devices: [{ id: 'W2-caller', kind: 'caller', window: 2 }] })).ok).toBe(true);
    expect((await g2.timeout(5000).emitWithAck('agent:health', { device: 'W2-caller', state: 'fault', reason: 'no reply from the caller at address 2' })).ok).toBe(true);

    const page = await browser.newPage({ viewport: LANDSCAPE });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/admin`);
    await page.fill('input[name=badge]', 'S001');
    await page.fill('input[name=password]', 'secret123');
    await page.click('button[type=submit]');
    await page.locator('nav .nav-link').first().waitFor();
    await page.evaluate(() => (location.hash = '#/supervision'));
    const row = (device: string) => page.locator(`tr[data-device="${device}"]`);
    await row('K1-printer').waitFor();
    await expect.poll(() => row('K1-printer').locator('[data-field="warning"]').textContent()).toBe('⚠ 纸将用完');
    expect(await row('K1-printer').locator('[data-field="state"]').textContent()).toBe('正常');
    expect(await row('K1-printer').locator('[data-field="warning"] .badge-warn').count()).toBe(1);
    expect(await row('G2/W2-caller').locator('[data-field="state"] .badge-bad').textContent()).toBe('故障');
    expect(await row('G2/W2-caller').locator('[data-field="warning"]').textContent()).toBe('');
    expect(await row('K1-idcard').locator('[data-field="warning"]').textContent()).toBe('');
    await shot(page, 'admin-device-warning');

    // A new roll: the next ticket's status read clears the warning, pushed to the open console.
    printer().setPaper('ok');
    const issued = await server.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } });
    expect(issued.status).toBe(200);
    await expect.poll(() => row('K1-printer').locator('[data-field="warning"]').textContent(), { timeout: 10_000 }).toBe('');
    expect(await row('K1-printer').locator('[data-field="state"]').textContent()).toBe('正常');
    g2.close();
    await page.close();
    expect(pageErrors).toEqual([]);
  });
});
