import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * 好差评 in Chromium at real sizes: the window tablet's 差评 call-back step (1280×800, as the tablet
 * suite), 扫码评价 on the phone status page (390×844) with its 追评 after 反馈, and the supervisors'
 * cases screen (1920×1080) with the masked number and the cycle's history.
 */
const TABLET_TOKEN = 'evaluator-token-window-1';
const CONFIG = (() => {
  const base = testHallConfig();
  return testHallConfig({
    staff: base.staff.map((s) => (s.badge === 'T001' ? { ...s, name: '李明' } : s.badge === 'S001' ? { ...s, name: '王督查' } : s)),
    devices: [...base.devices, { code: 'E1', kind: 'display', name: '1号窗口评价器', window: 1, demoToken: TABLET_TOKEN }],
  });
})();

interface CaseRow {
  id: number;
  state: string;
  contact_masked: string | null;
  contact_enc: string | null;
  level: string;
}

describe('好差评 screens in Chromium', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let t001: string;
  let sup: string;
  const errors: string[] = [];

  const ok = async (method: string, url: string, cookie: string, body: unknown = {}) => {
    const r = await srv.api(method, url, { cookie, body });
    expect(r.status, `${method} ${url}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body;
  };
  const serve = async (ask: boolean) => {
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { item: 'I1' } })).status).toBe(200);
    const t = (await ok('POST', '/api/windows/1/call-next', t001)) as { id: string; number: string };
    srv.clock.advance(4 * 60_000);
    await ok('POST', '/api/windows/1/start', t001);
    await ok('POST', '/api/windows/1/finish', t001, { outcome: 'done' });
    if (ask) await ok('POST', '/api/windows/1/request-evaluation', t001);
    return t;
  };
  const caseOf = (ticketId: string) => srv.db.prepare('SELECT id, state, contact_masked, contact_enc, level FROM cases WHERE ticket_id = ?').get(ticketId) as CaseRow | undefined;
  const newPage = async (width: number, height: number): Promise<Page> => {
    const p = await chrome.browser.newPage({ viewport: { width, height }, hasTouch: true });
    p.on('pageerror', (e) => errors.push(e.message));
    return p;
  };

  beforeAll(async () => {
    srv = await startTestServer({ config: CONFIG });
    t001 = await srv.login('T001');
    sup = await srv.login('S001');
    await ok('POST', '/api/windows/1/sign-in', t001);
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('the tablet asks for a call-back number after a 差评, on its own keypad; the number is stored sealed', async () => {
    const tablet = await newPage(1280, 800);
    await tablet.goto(`${srv.url}/evaluate/1?token=${TABLET_TOKEN}`);
    await tablet.locator('[data-testid=evaluate-idle]').waitFor();
    const t = await serve(true);
    await tablet.locator('[data-testid=evaluate-request]').waitFor();
    await tablet.click('.eval-level[data-level=very_dissatisfied]');
    await tablet.click('[data-reason=wait]');
    await tablet.click('[data-testid=eval-submit]');
    await tablet.locator('[data-testid=eval-contact]').waitFor();
    expect(await tablet.locator('[data-testid=eval-contact-submit]').isDisabled()).toBe(true);
    for (const d of '13800138000') await tablet.click(`.eval-key[data-key="${d}"]`);
    expect(await tablet.locator('[data-testid=eval-phone]').textContent()).toBe('138 0013 8000');
    expect(await tablet.locator('[data-testid=eval-contact-submit]').isDisabled()).toBe(false);
    await tablet.screenshot({ path: path.join(SCREENS_DIR, 'evaluate-contact-1280x800.png') });
    await tablet.click('[data-testid=eval-contact-submit]');
    await tablet.locator('[data-testid=eval-thanks]').waitFor();
    expect(await tablet.locator('[data-testid=eval-thanks]').textContent()).toContain('联系回访');
    const c = caseOf(t.id)!;
    expect(c).toMatchObject({ level: 'very_dissatisfied', contact_masked: '138****8000' });
    expect(c.contact_enc).toMatch(/^aesgcm1:/);
    expect(srv.db.prepare('SELECT source, reasons FROM evaluations WHERE ticket_id = ?').get(t.id)).toEqual({ source: 'screen', reasons: '["等候时间长"]' });
    await tablet.close();
  });

  it('the tablet’s 不留电话 leaves the case without a number', async () => {
    const tablet = await newPage(1280, 800);
    await tablet.goto(`${srv.url}/evaluate/1?token=${TABLET_TOKEN}`);
    await tablet.locator('[data-testid=evaluate-idle]').waitFor();
    const t = await serve(true);
    await tablet.locator('[data-testid=evaluate-request]').waitFor();
    await tablet.click('.eval-level[data-level=dissatisfied]');
    await tablet.click('[data-testid=eval-submit]');
    await tablet.click('[data-testid=eval-contact-skip]');
    await tablet.locator('[data-testid=eval-thanks]').waitFor();
    expect(caseOf(t.id)).toMatchObject({ level: 'dissatisfied', contact_masked: null });
    await tablet.close();
  });

  it('the phone status page offers 扫码评价 once finished, takes a 差评 with a number, then shows it rated; after 反馈 the one 追评', async () => {
    const t = await serve(false);
    const phone = await newPage(390, 844);
    await phone.goto(`${srv.url}/t/${t.id}?k=${srv.ctx.statusKeys.sign(t.id)}`);
    await phone.locator('[data-testid=phone-evaluation]').waitFor();
    await phone.click('.peval-level[data-level=dissatisfied]');
    await phone.click('.peval-chip[data-reason=notice]');
    await phone.fill('textarea', '材料清单没有一次说清楚');
    await phone.fill('[data-testid=phone-callback]', '139 1234 5678');
    await phone.locator('[data-testid=phone-evaluation]').screenshot({ path: path.join(SCREENS_DIR, 'status-evaluation-card-390.png') });
    await phone.screenshot({ path: path.join(SCREENS_DIR, 'status-evaluation-390x844.png'), fullPage: true });
    await phone.click('[data-testid=phone-evaluation-submit]');
    await phone.locator('[data-testid=phone-rated]').waitFor();
    expect(await phone.locator('[data-testid=phone-rated]').textContent()).toContain('联系回访');
    const c = caseOf(t.id)!;
    expect(c.contact_masked).toBe('139****5678');
    expect(srv.db.prepare('SELECT source, reasons, text FROM evaluations WHERE ticket_id = ?').get(t.id)).toEqual({ source: 'phone', reasons: '["材料未一次性告知"]', text: '材料清单没有一次说清楚' });

    // A reload shows it rated: no second rating is offered.
    await phone.reload();
    await phone.locator('[data-testid=phone-rated]').waitFor();
    expect(await phone.locator('[data-testid=phone-evaluation]').count()).toBe(0);

    await ok('POST', `/api/cases/${c.id}/contact`, sup, { note: '已电话回访，了解情况' });
    await ok('POST', `/api/cases/${c.id}/rectify`, sup, { rectification: '窗口印发一次性告知单' });
    await ok('POST', `/api/cases/${c.id}/feedback`, sup, { feedback: '已印发一次性告知单，欢迎再次评价' });
    await phone.reload();
    await phone.locator('[data-testid=phone-rerate]').waitFor();
    expect(await phone.locator('.peval-feedback').textContent()).toBe('已印发一次性告知单，欢迎再次评价');
    await phone.click('.peval-level[data-level=satisfied]');
    await phone.screenshot({ path: path.join(SCREENS_DIR, 'status-rerate-390x844.png'), fullPage: true });
    await phone.click('.peval-submit');
    await phone.locator('[data-testid=phone-rated]').waitFor();
    expect(srv.db.prepare('SELECT times, followup_level FROM evaluations WHERE ticket_id = ?').get(t.id)).toEqual({ times: 2, followup_level: 'satisfied' });
    await phone.close();
  });

  it('the cases screen shows the masked number, the steps and the history with names and Chinese labels', async () => {
    const page = await newPage(1920, 1080);
    await page.goto(`${srv.url}/admin`);
    await page.locator('input[name=badge]').waitFor();
    await page.fill('input[name=badge]', 'S001');
    await page.fill('input[name=password]', 'secret123');
    await page.click('button[type=submit]');
    await page.locator('nav .nav-link').first().waitFor();
    await page.evaluate(() => (location.hash = '#/cases'));
    await page.locator('#screen-title').waitFor();
    await page.locator('tr[data-case]').first().waitFor();
    await page.screenshot({ path: path.join(SCREENS_DIR, 'cases-list-1920x1080.png') });
    const first = caseOf((srv.db.prepare("SELECT ticket_id FROM cases WHERE contact_masked = '138****8000'").get() as { ticket_id: string }).ticket_id)!;
    await ok('POST', `/api/cases/${first.id}/assign`, sup, { assignee: 'S001', note: '请督查员跟进' });
    await ok('POST', `/api/cases/${first.id}/contact`, sup, { note: '已电话回访，群众反映等候过久' });
    await page.click(`tr[data-case="${first.id}"]`);
    await page.locator('[data-testid=case-phone]').waitFor();
    expect(await page.locator('[data-testid=case-phone]').textContent()).toContain('138****8000');
    const history = await page.locator('.history').textContent();
    expect(history).toContain('差评登记');
    expect(history).toContain('分派');
    expect(history).toContain('回访');
    expect(history).toContain('王督查（S001）');
    // The next step offered is 整改 (what was changed).
    await page.locator('button:has-text("记录整改")').waitFor();
    await page.screenshot({ path: path.join(SCREENS_DIR, 'cases-cycle-1920x1080.png') });
    // Revealing the number (audited) shows it whole.
    await page.click('[data-testid=case-phone] button');
    await page.locator('[data-testid=case-phone]:has-text("13800138000")').waitFor();

    // The statistics screen: the GB/T 39734 figures by window.
    await page.evaluate(() => (location.hash = '#/stats'));
    await page.locator('[data-testid=evaluation-figures] tr[data-group="1"]').waitFor();
    const w1 = page.locator('[data-testid=evaluation-figures] tr[data-group="1"]');
    // Window 1 finished three visits, all rated 差评 (two on the tablet, one on the phone); one case rectified.
    expect(await w1.locator('[data-col=finished]').textContent()).toBe('3');
    expect(await w1.locator('[data-col=activeRate]').textContent()).toBe('100.0%');
    expect(await w1.locator('[data-col=rectifiedRate]').textContent()).toBe('33.3%');
    expect(await w1.locator('[data-col=badRate]').textContent()).toBe('100.0%');
    await page.locator('[data-testid=evaluation-figures]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENS_DIR, 'stats-evaluation-1920x1080.png') });
    await page.close();
    expect(errors).toEqual([]);
  });
});
