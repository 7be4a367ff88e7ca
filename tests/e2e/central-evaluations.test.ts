import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_HALLS } from '../../central/demo/county.ts';
import type { HallEvent } from '../../contract/events.ts';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { scriptedHall } from '../central/ingest-script.ts';
import { createTestDatabase, type TestDatabase } from '../central/pg.ts';
import { demoToken, startConsoleInstance, type ConsoleInstance } from '../central/console-harness.ts';

/**
 * The centre's 好差评记录 page in Chromium at 1920×1080 over a real central server on PostgreSQL: two
 * halls of the demo county uplinked their evaluation records and push states, one of them cut off
 * while a 差评 stood rejected by the province and another record was still pending. Saved to
 * tests/e2e/screens/central-evaluations*.png to be looked at.
 */
const DAY = '2026-12-01';

describe('central evaluation records in Chromium', () => {
  let db: TestDatabase;
  let c: ConsoleInstance;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let page: Page;
  const errors: string[] = [];
  const shot = async (name: string) => {
    await page.waitForTimeout(200); // failure guard only: fonts settle before the picture
    await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`) });
  };

  beforeAll(async () => {
    mkdirSync(SCREENS_DIR, { recursive: true });
    db = await createTestDatabase('hallq_central_e2e');
    c = await startConsoleInstance(db.url, { tickMs: 500 });
    const postAll = async (code: string, events: HallEvent[]) => {
      for (let i = 0; i < events.length; i += 200) expect((await c.post(demoToken(code), code, events.slice(i, i + 200))).status).toBe(200);
    };
    const [a, b] = [DEMO_HALLS[0]!, DEMO_HALLS[1]!];
    const ha = scriptedHall(a.code, 5, { records: true }).day(DAY, 30);
    await postAll(a.code, ha);
    // The second hall stops right after a rejection, with a later record still pending.
    const hb = scriptedHall(b.code, 8, { records: true }).day(DAY, 30);
    const rejectedAt = hb.findIndex((e) => e.type === 'evaluation.push_state' && e.data.state === 'rejected');
    const pendingAfter = hb.findIndex((e, i) => i > rejectedAt + 2 && e.type === 'evaluation.push_state' && e.data.state === 'pending' && !e.data.resend);
    expect(rejectedAt).toBeGreaterThan(0);
    expect(pendingAfter).toBeGreaterThan(rejectedAt);
    const kept: HallEvent[] = hb.slice(0, rejectedAt + 1);
    // What came between the rejection and the pending record, less the rejected record's own 补报 and its sending.
    const between = hb.slice(rejectedAt + 1, pendingAfter + 1).filter((e) => !(e.type === 'evaluation.push_state' && e.data.recordKey === hb[rejectedAt]!.data.recordKey));
    // Re-number: the centre takes consecutive seqs.
    for (const e of between) kept.push({ ...e, seq: kept.length + 1 });
    await postAll(b.code, kept);
    chrome = await launchChromium();
    page = await chrome.browser.newPage({ viewport: { width: 1920, height: 1080 } });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('401')) errors.push(`${m.text()} ${m.location().url}`);
    });
    await page.goto(`${c.url}/`);
    await page.fill('input[name=badge]', 'lancang');
    await page.fill('input[name=password]', 'demo-lancang-2026');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/console/);
  });

  afterAll(async () => {
    await chrome?.close();
    await c?.stop();
    await db?.drop();
  });

  it('lists the county halls records with each push state, filterable by push state', async () => {
    await page.goto(`${c.url}/evaluations?from=${DAY}&to=${DAY}`);
    await page.locator('tr[data-record]').first().waitFor();
    await page.locator('[data-push="rejected"]').first().waitFor();
    expect(await page.locator('[data-push="pending"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-totals]').textContent()).toMatch(/被拒收 1/);
    await shot('central-evaluations');
    await page.selectOption('select[name=push]', 'rejected');
    await page.click('button[type=submit]');
    await page.waitForFunction(() => document.querySelectorAll('tr[data-record]').length === 1);
    expect(await page.locator('tr[data-record]').textContent()).toContain('HTTP 422: 差评须附原因');
    await shot('central-evaluations-rejected');
    expect(errors).toEqual([]);
  });
});
