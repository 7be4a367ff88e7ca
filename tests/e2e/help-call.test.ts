import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HallConfig } from '../../contract/config.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { signInAtWindow } from '../fixtures/window-sign-in.ts';

/** 帮办: a kiosk calls for help and the 帮办 window's terminal shows it at once and takes it. */
describe('a kiosk help call at the 帮办 window', () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;

  beforeAll(async () => {
    const base = testHallConfig();
    const config: HallConfig = { ...base, rules: { ...base.rules, kioskAccess: { typedId: true, eidScan: true, helpPlace: '一楼咨询台', helpWindow: 1 } } };
    server = await startTestServer({ config });
    chrome = await launchChromium();
    page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  it('appears without a reload, names the kiosk, and goes once taken', async () => {
    await signInAtWindow(page, server.url);
    expect(await page.locator('[data-testid="help-calls"]').count()).toBe(0);

    expect((await server.api('POST', '/api/kiosk/help', { token: KIOSK_TOKEN, body: { screen: 'no-card' } })).status).toBe(204);
    const banner = page.locator('[data-testid="help-calls"]');
    await banner.waitFor({ timeout: 10_000 });
    expect(await banner.textContent()).toContain('有群众需要帮助');
    await page.screenshot({ path: path.join(SCREENS_DIR, 'window-help-call-1920.png') });

    await banner.locator('button.btn-help').click();
    await banner.waitFor({ state: 'detached', timeout: 10_000 });
    const supervisor = await server.login('S001');
    expect((await server.api('GET', '/api/help-calls', { cookie: supervisor })).body.calls).toEqual([]);
    const audit = server.db.prepare("SELECT actor FROM audit WHERE action = 'kiosk.help_answer'").all() as { actor: string }[];
    expect(audit).toEqual([{ actor: 'staff:T001' }]);
  });
});
