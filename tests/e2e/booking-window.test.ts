import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { FakeSmsGateway } from '../../server/sms/fake-gateway.ts';
import { ids, startBookingServer } from '../integration/booking/booking-helpers.ts';
import { signInAtWindow } from '../fixtures/window-sign-in.ts';

describe('the window terminal shows who took a 代办 number', () => {
  let srv: TestServer & { sms: FakeSmsGateway };
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    srv = await startBookingServer();
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('a station’s ticket is called with 代办 and the station’s name', async () => {
    const admin = await srv.login('A001');
    expect((await srv.api('POST', '/api/admin/stations', { cookie: admin, body: { code: 'CX01', name: '城西村便民服务站', level: 'village', password: 'station-pass-1' } })).status).toBe(200);
    const login = await srv.api('POST', '/api/station/login', { body: { code: 'CX01', password: 'station-pass-1' } });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const took = await srv.api('POST', '/api/station/tickets', { cookie, body: { item: 'I1', name: '李大娘', idNumber: ids(1)[0] } });
    expect(took.status).toBe(200);

    const page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await signInAtWindow(page, srv.url);
    await page.locator('button[data-action="callNext"]').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid="current-number"]')?.textContent === n, took.body.number as string, { timeout: 10_000 });
    await expect.poll(() => page.locator('.tag-proxy').textContent()).toBe('代办 · 城西村便民服务站');
    await page.screenshot({ path: path.join(SCREENS_DIR, 'book-window-proxy.png') });
    await page.close();
    expect(errors).toEqual([]);
  });
});
