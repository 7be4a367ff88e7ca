import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { startFakeEidService, type FakeEidService } from '../fixtures/eid-verifier.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';
import { deviceHallConfig, devicesFromYaml, idNumber, KIOSK_TOKEN, SIMULATED_DEVICES_YAML, until } from '../devices/helpers.ts';

/**
 * Scanned codes at the kiosk in Chromium (1080×1920) against a real hall server: K1's simulated
 * serial scanner and a local stand-in for the e-ID verification service. A code the service turns
 * down is refused on screen in Chinese with where to go; a verified e-ID is used like a card read and
 * issues for the ID-required queue; a scanner in keyboard mode typing into the page does the same
 * through POST /api/kiosk/scan; a scanned booking code checks the appointment in.
 */
const PORTRAIT = { width: 1080, height: 1920 };
const WITH_SCANNER = `${SIMULATED_DEVICES_YAML}  - { id: K1-scanner, kind: scanner, kiosk: K1, transport: { simulated: true } }\n`;
const PERSON = { idNumber: idNumber('11010519650412301'), name: '欧阳明月' };
const TOKEN = 'EID1.eyJ2IjoxLCJ0IjoiOWM0ZjJhIn0.c2lnbmF0dXJlLWZvci10ZXN0';
const WEDGE_TOKEN = 'EID1.eyJ2IjoxLCJ0IjoiN2QxYjAwIn0.a2V5Ym9hcmQtbW9kZQ';

let server: TestServer;
let eid: FakeEidService;
let chrome: Awaited<ReturnType<typeof launchChromium>>;
let page: Page;
const pageErrors: string[] = [];

const scan = (code: string) => server.sim!.scanners.get('K1-scanner')!.scan(code);
const screen = (name: string) => page.waitForSelector(`.kiosk[data-screen="${name}"]`, { timeout: 10_000 });
const tap = (selector: string) => page.locator(selector).first().click({ timeout: 10_000 });
const text = async (selector: string) => (await page.locator(selector).first().textContent({ timeout: 10_000 })) ?? '';

async function shot(name: string): Promise<void> {
  await page.waitForTimeout(300); // failure guard only: fonts settle before the picture
  mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `kiosk-eid-${name}.png`) });
}

async function toCard(): Promise<void> {
  await tap('[data-action="take"]');
  await tap('[data-department="GA"]');
  await tap('[data-item="I2"]');
  await screen('card');
}

beforeAll(async () => {
  eid = await startFakeEidService();
  eid.known.set(TOKEN, PERSON);
  eid.known.set(WEDGE_TOKEN, { idNumber: idNumber('53082219600315002'), name: '王芳' });
  const base = deviceHallConfig();
  server = await startTestServer({
    config: { ...base, rules: { ...base.rules, kioskAccess: { typedId: true, eidScan: true, helpPlace: '一楼咨询台', helpWindow: 2 } } },
    devices: devicesFromYaml(WITH_SCANNER),
    deviceOptions: { idcardPollMs: 20, printerPollMs: 0 },
    identityVerify: { kind: 'http', url: eid.url, token: eid.token, timeoutMs: 2000 },
  });
  await until('K1 printer ready', () => server.devices.local!.health('K1-printer')?.state === 'ready');
  chrome = await launchChromium();
  page = await chrome.browser.newPage({ viewport: PORTRAIT });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/kiosk?token=${KIOSK_TOKEN}&idle=60`);
  await page.waitForSelector('.hall-name', { timeout: 15_000 });
});

afterAll(async () => {
  await chrome?.close();
  await server?.stop();
  await eid?.close();
});

describe('scanned codes at the kiosk, in Chromium', () => {
  it('an e-ID the service turns down is refused on screen in Chinese, with where to go instead', async () => {
    await toCard();
    await scan('EID1.not-a-code-the-platform-issued');
    await page.waitForSelector('[data-field="scan-refused"]', { timeout: 10_000 });
    expect(await page.locator('[data-field="scan-refused"]').getAttribute('data-code')).toBe('EID_NOT_VERIFIED');
    const words = await text('[data-field="scan-refused"]');
    expect(words).toContain('核验未通过');
    expect(words).toContain('一楼咨询台');
    expect(await page.evaluate(() => document.querySelector('.kiosk')!.getAttribute('data-screen'))).toBe('card');
    await shot('refused');
  });

  it('a verified e-ID is used like a card read: 电子证照 on the confirm screen, then the ticket for the ID-required queue', async () => {
    await scan(TOKEN);
    await screen('confirm');
    expect(await text('[data-field="identity"]')).toBe(`欧**月 **************${PERSON.idNumber.slice(-4)}`);
    expect(await text('.facts')).toContain('电子证照');
    await shot('confirm');
    await tap('[data-action="print"]');
    await screen('done');
    expect(await text('[data-field="number"]')).toBe('B001');
    await tap('[data-action="finish"]');
    await screen('home');
  });

  it('a scanner in keyboard mode typing into the page does the same through the server', async () => {
    await toCard();
    await page.keyboard.type(WEDGE_TOKEN, { delay: 5 });
    await page.keyboard.press('Enter');
    await screen('confirm');
    expect(await text('[data-field="identity"]')).toBe('王* **************0024');
    expect(eid.requests.map((r) => (r.body as { payload: string }).payload)).toContain(WEDGE_TOKEN);
    await tap('[data-action="home"]');
    await screen('home');
  });

  it('a scanned booking code checks the appointment in', async () => {
    const booked = await server.api('POST', '/api/appointments', { body: { item: 'I1', date: '2026-11-30', slotStart: '10:00', idNumber: '11010519491231002X', name: '李四' } });
    expect(booked.status).toBe(200);
    await scan(booked.body.code as string);
    await screen('done');
    expect(await text('.done-title')).toBe('预约签到成功');
    await shot('booking-code');
    expect(pageErrors).toEqual([]);
  });
});
