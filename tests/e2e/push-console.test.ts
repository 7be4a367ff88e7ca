import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVALUATION_LABELS, type EvaluationLevel } from '../../contract/domain.ts';
import { CODE_MAP_PRESETS, FIELD_MAP_PRESETS } from '../../contract/push.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { TestReceiver } from '../push/receiver.ts';

/**
 * The 好差评 push console at 1920×1080 over a hall pushing to a local provincial receiver that takes
 * some records, rejects one with a reason and is down for another: saved to
 * tests/e2e/screens/admin-push*.png to be looked at. The supervisor then resends the rejected record
 * from the console and it is sent.
 */
const TOKEN = 'province-token-0000000042';

describe('push console at 1920×1080', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const pageErrors: string[] = [];
  const receiver = new TestReceiver({
    token: TOKEN,
    fields: Object.values(FIELD_MAP_PRESETS.gbt39046),
    codeField: 'myddm',
    labelField: 'myd',
    codes: Object.fromEntries(Object.entries(CODE_MAP_PRESETS.reversed).map(([l, c]) => [c, EVALUATION_LABELS[l as EvaluationLevel]])),
  });
  const shot = async (name: string) => {
    await page.waitForTimeout(200); // failure guard only: fonts settle before the picture
    await page.screenshot({ path: path.join(SCREENS_DIR, `admin-${name}.png`) });
  };

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    await receiver.start();
    srv = await startTestServer({
      push: {
        targets: [{ code: 'province', name: '省政务服务好差评系统', url: receiver.url, token: TOKEN, timeoutMs: 500, fieldMap: 'gbt39046', codeMap: 'reversed' }],
        backoff: { baseSeconds: 60, maxSeconds: 600 },
        allow: ['127.0.0.1/32'],
        pollMs: 50,
      },
    });
    const staff = await srv.login('T001');
    await srv.api('POST', '/api/windows/1/sign-in', { cookie: staff, body: {} });
    receiver.rejectWhen((b) => (b.myddm === '1' ? '差评须附评价原因编码（pjyy 不能为空）' : null));
    const levels: EvaluationLevel[] = ['very_satisfied', 'satisfied', 'very_satisfied', 'very_dissatisfied', 'basic', 'satisfied'];
    for (const [i, level] of levels.entries()) {
      if (i === 5) await receiver.stop();
      await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
      const t = (await srv.api('POST', '/api/windows/1/call-next', { cookie: staff, body: {} })).body as { id: string };
      srv.clock.advance(4 * 60_000);
      await srv.api('POST', '/api/windows/1/finish', { cookie: staff, body: { outcome: 'done' } });
      const r = await srv.api('POST', '/api/evaluations', { cookie: staff, body: { ticketId: t.id, level, source: 'evaluator' } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      await srv.push!.pass();
    }
    await srv.push!.pass();
    chrome = await launchChromium();
    page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${srv.url}/admin`);
    await page.fill('input[name=badge]', 'S001');
    await page.fill('input[name=password]', 'secret123');
    await page.click('button[type=submit]');
    await page.locator('nav .nav-link').first().waitFor();
  });

  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
    await receiver.stop();
  });

  it('shows the target, what was sent, what was rejected and why, and what waits for a retry', async () => {
    await page.evaluate(() => (location.hash = '#/push'));
    await page.locator('tr[data-target="province"]').waitFor();
    await page.locator('tr[data-state="rejected"]').waitFor();
    expect(await page.locator('tr[data-state="sent"]').count()).toBe(4);
    expect(await page.locator('tr[data-state="rejected"] [data-reason]').textContent()).toBe('HTTP 422: 差评须附评价原因编码（pjyy 不能为空）');
    expect(await page.locator('tr[data-state="pending"] [data-reason]').textContent()).toBe('无法连接接收方');
    expect(await page.locator('tr[data-target="province"]').textContent()).toContain('…0042');
    await shot('push');
  });

  it('a record opens to its payload; 补报 resends the rejected one and it is sent', async () => {
    await page.locator('tr[data-state="rejected"] td.mono a').click();
    await page.locator('[data-payload]').waitFor();
    expect(await page.locator('[data-payload]').textContent()).toContain('"myddm": "1"');
    await shot('push-detail');
    await page.keyboard.press('Escape');
    await page.locator('[data-payload]').waitFor({ state: 'detached' });
    receiver.rejectWhen(undefined);
    await receiver.start();
    await page.locator('tr[data-state="rejected"] [data-resend]').click();
    await page.fill('.dialog input[type=text]', '省平台已放开原因编码校验');
    await shot('push-resend');
    await page.click('[data-confirm-resend]');
    await srv.push!.pass();
    await page.locator('.toolbar .btn').last().click();
    await page.locator('tr[data-state="rejected"]').waitFor({ state: 'detached' });
    expect(receiver.accepted.size).toBe(5);
    expect(pageErrors).toEqual([]);
  });

  it('reads in English too', async () => {
    await page.locator('.nav-foot-actions .btn').first().click();
    await page.locator('#screen-title', { hasText: 'Evaluation push' }).waitFor();
    expect(await page.locator('tr[data-state="pending"] [data-reason]').textContent()).toBe('receiver unreachable');
    await shot('push-en');
    await page.locator('.nav-foot-actions .btn').first().click();
  });
});
