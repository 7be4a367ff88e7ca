import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { HallConfig } from '../../contract/config.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { idNumber } from '../fixtures/sockets.ts';
import type { FakeSmsGateway } from '../../server/sms/fake-gateway.ts';
import { codesSent, smsCodeFor } from '../fixtures/sms-code.ts';

const PHONE_SIZE = { width: 390, height: 844 };
const shot = (name: string) => path.join(SCREENS_DIR, `remote-${name}.png`);

/** 远程取号 on a phone in Chromium: choose, identify, get the number and code, 未到场, 我已到达, called; the reminder switch. */
describe('remote number and reminders on a phone (390×844)', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let context: BrowserContext;
  let tab: Page;
  let cookie: string;

  beforeAll(async () => {
    const base = testHallConfig();
    srv = await startTestServer({ config: HallConfig.parse({ ...base, queues: base.queues.map((q) => (q.code === 'QA' ? { ...q, remote: { enabled: true, dailyQuota: 20 } } : q)) }) });
    for (let i = 0; i < 2; i++) await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    cookie = await srv.login('T001');
    await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} });
    chrome = await launchChromium();
    context = await chrome.browser.newContext({ viewport: PHONE_SIZE, deviceScaleFactor: 1, locale: 'zh-CN' });
    tab = await context.newPage();
  });
  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('takes a number from the phone and shows the check-in code', async () => {
    await tab.goto(`${srv.url}/remote`);
    await tab.locator('[data-queue="QA"]').waitFor();
    expect(await tab.locator('[data-queue="QB"]').count()).toBe(0);
    await tab.screenshot({ path: shot('1-services') });
    await tab.click('[data-queue="QA"]');
    await tab.fill('input[name="name"]', '李四');
    await tab.fill('input[name="idNumber"]', '110105198001011230'); // wrong check character
    await tab.fill('input[name="phone"]', '13912345678');
    await tab.click('[data-action="take"]');
    await tab.getByRole('alert').filter({ hasText: '身份证号码有误' }).waitFor();
    await tab.fill('input[name="idNumber"]', idNumber('11010519800101123'));
    // Identified like a booking: the phone must show it is the citizen's with the code texted to it.
    await tab.click('[data-action="take"]');
    await tab.getByRole('alert').filter({ hasText: '验证码' }).waitFor();
    const before = codesSent(srv, '13912345678');
    await tab.click('[data-action="send-code"]');
    const code = await smsCodeFor(srv, '13912345678', { request: false, after: before });
    await tab.fill('input[name="smsCode"]', code);
    await tab.screenshot({ path: shot('2-form') });
    await tab.click('[data-action="take"]');
    await tab.locator('[data-field="number"]').filter({ hasText: 'A003' }).waitFor();
    expect(await tab.locator('[data-field="arrival-code"]').textContent()).toMatch(/^\d{6}$/);
    await tab.screenshot({ path: shot('3-issued') });
  });

  it('waits as 未到场 on its status page, with SMS already on and the push switch offered', async () => {
    await tab.click('a.go');
    await tab.locator('[data-state="remote"]').waitFor();
    expect(await tab.locator('[data-field="state"]').textContent()).toContain('未到场');
    await tab.locator('[data-field="sms-on"]').filter({ hasText: '139****5678' }).waitFor();
    await tab.locator('[data-action="push-on"]').waitFor();
    // The service worker is served with scope /t/ and is admitted by the page's CSP.
    const scope = await tab.evaluate(async () => (await navigator.serviceWorker.register('/t/sw.js', { scope: '/t/' })).scope);
    expect(scope).toBe(`${srv.url}/t/`);
    await tab.screenshot({ path: shot('4-status-absent'), fullPage: true });
    // Not called while 未到场.
    expect((await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} })).body.number).toBe('A001');
    expect((await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} })).body.number).toBe('A002');
    expect((await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} })).status).toBe(409);
  });

  it('我已到达 with the code shown in the hall puts it in line, then it is called and texted once', async () => {
    await tab.fill('input[aria-label="大厅到达码"]', '000000' === (await hallCode()) ? '000001' : '000000');
    await tab.click('[data-action="arrive"]');
    await tab.getByRole('alert').filter({ hasText: '到达验证码不正确' }).waitFor();
    await tab.fill('input[aria-label="大厅到达码"]', await hallCode());
    await tab.click('[data-action="arrive"]');
    await tab.locator('[data-state="waiting"]').waitFor();
    await tab.screenshot({ path: shot('5-arrived'), fullPage: true });
    expect((await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} })).body.number).toBe('A003');
    await tab.locator('[data-state="called"]').waitFor();
    expect(await tab.locator('[data-field="state"]').textContent()).toContain('1号窗口');
    const sms = await (srv.ctx.sms.fake as FakeSmsGateway).next('13912345678', 'queue-called');
    expect(sms.text).toContain('请 A003 号到 1 号窗口办理');
    await tab.screenshot({ path: shot('6-called') });
  });

  it('the status page of a kiosk ticket switches SMS reminders on and off', async () => {
    const kiosk = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    const page = await context.newPage();
    await page.goto(kiosk.body.statusUrl);
    await page.locator('[data-part="reminders"]').waitFor();
    await page.fill('input[type="tel"]', '1381234');
    await page.click('[data-action="sms-on"]');
    await page.getByRole('alert').filter({ hasText: '11 位手机号' }).waitFor();
    await page.fill('input[type="tel"]', '13812345678');
    await page.click('[data-action="sms-on"]');
    await page.locator('[data-field="sms-on"]').filter({ hasText: '138****5678' }).waitFor();
    const state = await srv.api('GET', `/api/tickets/${kiosk.body.ticketId}/reminders?k=${new URL(kiosk.body.statusUrl).searchParams.get('k')}`);
    expect(state.body).toMatchObject({ sms: true, push: false });
    await page.screenshot({ path: shot('7-reminder-switch'), fullPage: true });
    await page.click('.status-lang');
    await page.locator('[data-part="reminders"] h2').filter({ hasText: 'Call reminders' }).waitFor();
    await page.screenshot({ path: shot('7-reminder-switch-en'), fullPage: true });
    await page.close();
  });

  it('the hall screen shows the rotating QR; scanning it on the phone checks in the number the phone took', async () => {
    const screen = await chrome.browser.newPage({ viewport: { width: 1080, height: 1920 } });
    await screen.goto(`${srv.url}/remote/hall-qr?token=${DISPLAY_TOKEN}`);
    const code = await hallCode();
    await screen.locator('[data-field="hall-code"]').filter({ hasText: code }).waitFor();
    expect(new URL(screen.url()).search).toBe(''); // the token left the address bar
    const qrUrl = await screen.locator('svg.qr').getAttribute('data-qr');
    expect(qrUrl).toBe(`${srv.url}/remote?arrive=${code}`);
    await screen.screenshot({ path: shot('8-hall-qr') });
    await screen.close();

    await tab.goto(`${srv.url}/remote`);
    await tab.click('[data-queue="QA"]');
    await tab.fill('input[name="name"]', '周七');
    await tab.fill('input[name="idNumber"]', idNumber('11010519800101166'));
    await tab.fill('input[name="phone"]', '13612345678');
    const before = codesSent(srv, '13612345678');
    await tab.click('[data-action="send-code"]');
    await tab.fill('input[name="smsCode"]', await smsCodeFor(srv, '13612345678', { request: false, after: before }));
    await tab.click('[data-action="take"]');
    const number = (await tab.locator('[data-field="number"]').textContent())!;
    await tab.goto(qrUrl!);
    await tab.locator('[data-state="waiting"]').waitFor();
    expect(await tab.locator('[data-field="number"]').textContent()).toBe(number);
  });

  async function hallCode(): Promise<string> {
    return (await srv.api('GET', '/api/remote/hall-code', { token: DISPLAY_TOKEN })).body.code as string;
  }
});
