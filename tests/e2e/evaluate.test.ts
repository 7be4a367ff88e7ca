import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { testHallConfig } from '../fixtures/hall.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/** An evaluator tablet: a display device bound to window 1. */
const EVALUATOR_TOKEN = 'evaluator-token-window-1';

const CONFIG = (() => {
  const base = testHallConfig();
  return testHallConfig({
    windows: base.windows.map((w) => (w.number === 1 ? { ...w, department: 'GA', honours: ['党员示范岗', '流动红旗'] } : w)),
    staff: base.staff.map((s) => (s.badge === 'T001' ? { ...s, name: '李明', title: '一级科员' } : s)),
    devices: [...base.devices, { code: 'E1', kind: 'display', name: '1号窗口评价器', window: 1, demoToken: EVALUATOR_TOKEN }],
  });
})();

interface EvaluationRow {
  level: string;
  dimensions: string | null;
  reason: string | null;
  source: string;
  window: number;
  staff_badge: string;
}

describe('evaluation tablet in Chromium', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let tablet: Page;
  let cookie: string;
  const errors: string[] = [];

  const act = async (action: string, body: unknown = {}) => {
    const r = await srv.api('POST', `/api/windows/1/${action}`, { cookie, body });
    expect(r.status, `${action}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body as { id: string; number: string };
  };
  /** Serves one citizen to the end and asks for the evaluation, as the window terminal does. */
  const serveAndAsk = async () => {
    expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);
    const t = await act('call-next');
    srv.clock.advance(5 * 60_000); // serving takes time; also keeps finish times apart
    await act('start');
    await act('finish', { outcome: 'done' });
    await act('request-evaluation');
    return t;
  };
  const evaluation = (ticketId: string) => srv.db.prepare('SELECT level, dimensions, reason, source, window, staff_badge FROM evaluations WHERE ticket_id = ?').get(ticketId) as EvaluationRow | undefined;

  beforeAll(async () => {
    srv = await startTestServer({ config: CONFIG });
    cookie = await srv.login('T001');
    await act('sign-in');
    chrome = await launchChromium();
    tablet = await chrome.browser.newPage({ viewport: { width: 1280, height: 800 }, hasTouch: true });
    tablet.on('pageerror', (e) => errors.push(e.message));
    await tablet.goto(`${srv.url}/evaluate/1?token=${EVALUATOR_TOKEN}&dimensions=1`);
  });
  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('idles on the staff card of its window', async () => {
    const idle = tablet.locator('[data-testid=evaluate-idle]');
    await idle.waitFor();
    const text = await idle.textContent();
    expect(text).toContain('李明');
    expect(text).toContain('工号 T001');
    expect(text).toContain('党员示范岗');
    await tablet.screenshot({ path: path.join(SCREENS_DIR, 'evaluate-idle-1280x800.png') });
  });

  it('on request shows the ticket and the five levels; a 差评 with dimensions and preset reasons is stored and opens a case', async () => {
    const t = await serveAndAsk();
    await tablet.locator('[data-testid=evaluate-request]').waitFor();
    expect(await tablet.locator('[data-testid=eval-ticket]').textContent()).toBe(`号码 ${t.number}`);
    expect(await tablet.locator('.eval-level .eval-level-name').allTextContents()).toEqual(['非常满意', '满意', '基本满意', '不满意', '非常不满意']);
    await tablet.screenshot({ path: path.join(SCREENS_DIR, 'evaluate-levels-1280x800.png') });

    await tablet.locator('.eval-level[data-level=dissatisfied]').tap();
    await tablet.locator('[data-testid=eval-submit]').waitFor();
    await tablet.locator('[data-dimension=attitude] [data-level=satisfied]').tap();
    await tablet.locator('[data-dimension=efficiency] [data-level=very_dissatisfied]').tap();
    await tablet.locator('[data-reason=wait]').tap();
    await tablet.locator('[data-reason=slow]').tap();
    await tablet.screenshot({ path: path.join(SCREENS_DIR, 'evaluate-bad-reasons-1280x800.png') });
    expect(evaluation(t.id)).toBeUndefined(); // nothing is sent before the citizen submits

    await tablet.locator('[data-testid=eval-submit]').tap();
    // A 差评 asks (optionally) for a call-back number first (tests/e2e/evaluation-cycle.test.ts); not this time.
    await tablet.locator('[data-testid=eval-contact]').waitFor();
    await tablet.locator('[data-testid=eval-contact-skip]').tap();
    await tablet.locator('[data-testid=eval-thanks]').waitFor();
    expect(await tablet.locator('[data-testid=eval-thanks]').textContent()).toContain('感谢您的评价');
    await tablet.screenshot({ path: path.join(SCREENS_DIR, 'evaluate-thanks-1280x800.png') });

    const row = evaluation(t.id)!;
    expect(row).toEqual({
      level: 'dissatisfied',
      dimensions: JSON.stringify({ attitude: 'satisfied', efficiency: 'very_dissatisfied' }),
      reason: '等候时间长；办事效率低',
      source: 'screen',
      window: 1,
      staff_badge: 'T001',
    });
    const c = srv.db.prepare('SELECT level, reason FROM cases WHERE ticket_id = ?').get(t.id);
    expect(c).toEqual({ level: 'dissatisfied', reason: '等候时间长；办事效率低' });
    // Back to the staff card by itself after the thanks.
    await tablet.locator('[data-testid=evaluate-idle]').waitFor({ timeout: 15_000 });
  });

  it('a good level with the optional details left out is stored without them', async () => {
    const t = await serveAndAsk();
    await tablet.locator('[data-testid=evaluate-request]').waitFor();
    await tablet.locator('.eval-level[data-level=very_satisfied]').tap();
    await tablet.locator('[data-testid=eval-submit]').tap();
    await tablet.locator('[data-testid=eval-thanks]').waitFor();
    expect(evaluation(t.id)).toMatchObject({ level: 'very_satisfied', dimensions: null, reason: null, source: 'screen' });
    await tablet.locator('[data-testid=evaluate-idle]').waitFor({ timeout: 15_000 });
  });

  it('the hall display token, bound to no window, may not evaluate for window 1', async () => {
    const t = await serveAndAsk();
    const r = await srv.api('POST', '/api/evaluations', { token: DISPLAY_TOKEN, body: { ticketId: t.id, level: 'satisfied', source: 'screen' } });
    expect(r.status).toBe(403);
    expect(evaluation(t.id)).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('without a token the tablet says how to configure it', async () => {
    const bare = await chrome.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await bare.goto(`${srv.url}/evaluate/1`);
    await bare.locator('[data-testid=evaluate-notoken]').waitFor();
    await bare.close();
  });
});
