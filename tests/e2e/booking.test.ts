import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import type { TestServer } from '../fixtures/server.ts';
import type { FakeSmsGateway } from '../../server/sms/fake-gateway.ts';
import { ids, startBookingServer } from '../integration/booking/booking-helpers.ts';

const PHONE = '13812345678';
const PHONE_SIZE = { width: 390, height: 844 };

/** What each step of the booking took, as a citizen met it (printed for the closing note). */
const timings: Record<string, number> = {};
let loads = 0;

describe('the booking page (/book) on a phone', () => {
  let srv: TestServer & { sms: FakeSmsGateway };
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  const errors: string[] = [];

  const phonePage = async (query = ''): Promise<Page> => {
    const page = await chrome.browser.newPage({ viewport: PHONE_SIZE, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
    page.on('pageerror', (e) => errors.push(e.message));
    // Refusals (401, 404, 409) are answers the page shows; a server failure or a script error is a bug.
    page.on('console', (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()));
    page.on('response', (r) => r.status() >= 500 && errors.push(`${r.status()} ${r.url()}`));
    const started = Date.now();
    await page.goto(`${srv.url}/book${query}`);
    await page.locator('[data-department]').first().waitFor();
    timings[`page load ${++loads}${query ? ` (${query})` : ''}`] = Date.now() - started;
    return page;
  };
  const shot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: path.join(SCREENS_DIR, `book-${name}.png`), fullPage });

  /** Department → item → date → slot, as a citizen taps through. */
  const toSlot = async (page: Page, date: string, slot: string) => {
    await page.locator('[data-department="GA"]').click();
    await page.locator('[data-item="I1"] button').click();
    await page.locator(`[data-date="${date}"]`).click();
    const started = Date.now();
    await page.locator(`[data-slot="${slot}"]`).waitFor();
    timings[`slot list ${date}`] = Date.now() - started;
    await page.locator(`[data-slot="${slot}"]`).click();
  };

  beforeAll(async () => {
    srv = await startBookingServer();
    chrome = await launchChromium();
  });

  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
    process.stdout.write(`booking step times (ms): ${JSON.stringify(timings)}\n`);
  });

  it('books, shows the code and its QR, finds the booking by code and phone, and cancels it', async () => {
    const page = await phonePage();
    await shot(page, '1-departments');
    await page.locator('[data-department="GA"]').click();
    await expect.poll(() => page.locator('[data-item="I1"]').textContent()).toContain('身份证');
    await shot(page, '2-item-materials');
    await page.locator('[data-item="I1"] button').click();
    await page.locator('[data-date="2026-12-05"]').waitFor();
    // The holiday (2 December) is not offered; the 调休 Saturday is, and says so.
    expect(await page.locator('[data-date="2026-12-02"]').count()).toBe(0);
    expect(await page.locator('[data-date="2026-12-05"]').textContent()).toContain('调休上班');
    await shot(page, '3-dates');
    await page.locator('[data-date="2026-12-01"]').click();
    const started = Date.now();
    await page.locator('[data-slot="10:00"]').waitFor();
    timings['slot list'] = Date.now() - started;
    expect(await page.locator('[data-slot="10:00"]').textContent()).toContain('剩余 5 / 5');
    await shot(page, '4-slots');
    await page.locator('[data-slot="10:00"]').click();

    // A wrong ID number is caught on the phone, in Chinese, before anything is sent.
    await page.locator('#f-name').fill('张三丰');
    await page.locator('#f-idNumber').fill('110105198001011235');
    await page.locator('#f-phone').fill(PHONE);
    await page.locator('#f-code').fill('123456');
    await page.locator('button[type=submit]').click();
    await expect.poll(() => page.locator('.field.invalid .field-error').first().textContent()).toMatch(/身份证号/);
    await shot(page, '5-identify-invalid');

    const [id] = ids(1);
    await page.locator('#f-idNumber').fill(id!);
    await page.locator('#f-code').fill('');
    await page.locator('.send-code').click();
    const sms = await srv.sms.next(PHONE, 'booking-code');
    await page.locator('[data-code-sent]').waitFor();
    await page.locator('#f-code').fill(sms.params.code!);
    await shot(page, '6-identify');
    const submitted = Date.now();
    await page.locator('button[type=submit]').click();
    await page.locator('[data-booking-code]').waitFor();
    timings.submit = Date.now() - submitted;
    const code = (await page.locator('[data-booking-code]').getAttribute('data-booking-code'))!;
    expect(code).toMatch(/^\d{6}$/);
    expect(await page.locator('svg.qr').getAttribute('data-qr')).toBe(code);
    const card = await page.locator('.booking-card').textContent();
    expect(card).toContain('张*丰');
    expect(card).toContain('138****5678');
    expect(card).not.toContain(id!);
    await shot(page, '7-done');
    const inPage = await page.evaluate(() => (window as unknown as { hallqBookTimings: Record<string, number> }).hallqBookTimings);
    timings['in-page: catalogue fetch'] = inPage.hall!;
    timings['in-page: slot fetch'] = inPage.slots!;
    timings['in-page: submit round trip'] = inPage.submit!;

    await page.locator('[data-tab="lookup"]').click();
    await page.locator('#f-lookupCode').fill(code);
    await page.locator('#f-lookupPhone').fill(PHONE);
    await page.locator('form button[type=submit]').click();
    await page.locator('.booking-card').waitFor();
    expect(await page.locator('[data-row="row.state"]').textContent()).toBe('已预约');
    await shot(page, '8-lookup');
    await page.locator('button.danger').click();
    await page.locator('.confirm').waitFor();
    await page.locator('.confirm button.danger').click();
    await expect.poll(() => page.locator('[data-row="row.state"]').textContent()).toBe('已取消');
    await shot(page, '9-cancelled');
    const row = srv.db.prepare('SELECT state FROM appointments WHERE code = ?').get(code) as { state: string };
    expect(row.state).toBe('cancelled');
    // A wrong phone finds nothing, and says so in Chinese.
    await page.locator('#f-lookupPhone').fill('13900000000');
    await page.locator('form button[type=submit]').click();
    await expect.poll(() => page.locator('.refusal').textContent()).toContain('没有找到该预约');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('English mode', async () => {
    const page = await phonePage('?lang=en');
    expect(await page.locator('h1').textContent()).toBe('Book an appointment');
    await shot(page, 'en-1-departments');
    await toSlot(page, '2026-12-03', '14:00');
    await page.locator('#f-name').waitFor();
    expect(await page.locator('label[for=f-idNumber]').textContent()).toBe('ID card number');
    await shot(page, 'en-2-identify');
    await page.close();
    expect(errors).toEqual([]);
  });

  it('large-text (适老化) mode is bigger, stays within the phone width, and is remembered', async () => {
    const page = await phonePage();
    await page.locator('[data-toggle="big"]').click();
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).fontSize)).toBe('23px');
    await shot(page, 'big-1-departments');
    await toSlot(page, '2026-12-03', '15:00');
    await page.locator('#f-name').waitFor();
    // Nothing wider than the phone: no sideways scrolling for the elderly.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE_SIZE.width);
    await shot(page, 'big-2-identify');
    await page.reload();
    await page.locator('[data-department]').first().waitFor();
    expect(await page.evaluate(() => document.documentElement.classList.contains('big'))).toBe(true);
    await page.close();
    expect(errors).toEqual([]);
  });

  it('a station signs in, takes a number for a citizen marked 代办 and sees it called', async () => {
    const admin = await srv.login('A001');
    expect((await srv.api('POST', '/api/admin/stations', { cookie: admin, body: { code: 'CX01', name: '城西村便民服务站', level: 'village', password: 'station-pass-1' } })).status).toBe(200);
    const page = await phonePage();
    await page.locator('[data-tab="station"]').click();
    await page.locator('#f-stationCode').fill('CX01');
    await page.locator('#f-stationPassword').fill('station-pass-1');
    await page.locator('form button[type=submit]').click();
    await page.locator('.station-head').waitFor();
    await page.locator('select').selectOption('I1');
    await page.locator('#f-takeName').fill('李大娘');
    await page.locator('#f-takeId').fill(ids(3)[2]!);
    await page.locator('[data-action="take"]').click();
    await page.locator('[data-took]').waitFor();
    const number = (await page.locator('[data-ticket]').first().getAttribute('data-ticket'))!;
    expect(await page.locator('[data-ticket] .tag').first().textContent()).toBe('代办');
    const staff = await srv.login('T001');
    expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie: staff })).status).toBe(200);
    expect((await srv.api('POST', '/api/windows/1/call-next', { cookie: staff })).body.number).toBe(number);
    await page.locator('.panel h3 .back').click();
    await expect.poll(() => page.locator(`[data-ticket="${number}"] [data-state]`).textContent()).toBe('已叫号（1 号窗口）');
    await shot(page, 'station', true);
    // Booking for a citizen: the same steps, then the station's own form (no SMS code).
    await page.locator('[data-tab="book"]').click();
    await toSlot(page, '2026-12-04', '09:00');
    await page.locator('[data-action="book-for"]').waitFor();
    await page.locator('#f-bookName').fill('王老汉');
    await page.locator('#f-bookId').fill(ids(4)[3]!);
    await page.locator('#f-bookPhone').fill('13700001111');
    await page.locator('[data-action="book-for"]').click();
    await expect.poll(() => page.locator('.booking-card [data-row="row.station"]').textContent()).toContain('城西村便民服务站');
    await page.locator('[data-booking]').first().waitFor();
    expect(await page.locator('#f-bookName').inputValue()).toBe('');
    await shot(page, 'station-booked', true);
    await page.close();
    expect(errors).toEqual([]);
  });
});
