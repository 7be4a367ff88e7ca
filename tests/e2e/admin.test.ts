import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../fixtures/browser.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * The admin console in Chromium against a real server: sign-in by role, create / edit / retire with
 * the server's validation errors beside their fields, changes reaching open displays live, supervisor
 * actions, the audit chain check, and the catalogue CSV round trip.
 */

async function signIn(page: Page, url: string, badge: string): Promise<void> {
  await page.goto(`${url}/admin`);
  await page.fill('input[name=badge]', badge);
  await page.fill('input[name=password]', 'secret123');
  await page.click('button[type=submit]');
}

const field = (page: Page, form: string, name: string) => page.locator(`form[aria-label] [data-field="${name}"]`).filter({ has: page.locator(`#${form}-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`) });

describe('admin console in Chromium', () => {
  let srv: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  let browser: Browser;
  let admin: Page;
  const pageErrors: string[] = [];

  const open = async (hash: string) => {
    await admin.evaluate((h) => (location.hash = h), hash);
    await admin.locator('#screen-title').waitFor();
  };

  beforeAll(async () => {
    srv = await startTestServer();
    chrome = await launchChromium();
    browser = chrome.browser;
    admin = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    admin.on('pageerror', (e) => pageErrors.push(String(e)));
    await signIn(admin, srv.url, 'A001');
    await admin.locator('nav .nav-link').first().waitFor();
  });

  afterAll(async () => {
    await chrome?.close();
    await srv?.stop();
  });

  it('lets window staff no further than the login, and shows supervisors the configuration read-only', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await signIn(page, srv.url, 'T001');
    await expect.poll(() => page.locator('.gate [role=alert]').textContent()).toContain('没有督查或管理权限');
    await signIn(page, srv.url, 'S001');
    await page.locator('nav .nav-link').first().waitFor();
    await page.evaluate(() => (location.hash = '#/config/departments'));
    await page.locator('.readonly-note').waitFor();
    expect(await page.locator('button', { hasText: '新建部门' }).count()).toBe(0);
    expect(await page.locator('nav', { hasText: 'Webhooks' }).count()).toBe(0);
    await page.close();
  });

  it('creates a department with the errors beside the fields, then edits and retires it', async () => {
    await open('#/config/departments');
    await admin.click('button:has-text("新建部门")');
    await admin.fill('#departments-form-code', 'bad code!');
    await admin.click('form[aria-label="新建部门"] button[type=submit]');
    // Both problems are said before sending, each beside its own field: the code's format, and 必填 for the name.
    await expect.poll(() => field(admin, 'departments-form', 'code').locator('.field-error').textContent()).toContain('只能包含字母、数字');
    expect(await field(admin, 'departments-form', 'name').locator('.field-error').textContent()).toBe('必填');
    expect(await admin.getAttribute('#departments-form-code', 'aria-invalid')).toBe('true');

    await admin.fill('#departments-form-code', 'MZ');
    await admin.fill('#departments-form-name', '民政局');
    await admin.click('form[aria-label="新建部门"] button[type=submit]');
    await admin.locator('tr[data-key=MZ]').waitFor();
    expect(await admin.locator('tr[data-key=MZ]').textContent()).toContain('民政局');

    await admin.click('tr[data-key=MZ] button:has-text("编辑")');
    await admin.fill('#departments-form-name', '民政局（婚姻登记）');
    await admin.click('form[aria-label="编辑部门 MZ"] button[type=submit]');
    await expect.poll(() => admin.locator('tr[data-key=MZ]').textContent()).toContain('婚姻登记');
    const stored = await srv.api('GET', '/api/admin/departments', { cookie: await srv.login('A001') });
    expect(stored.body.departments.find((d: { code: string }) => d.code === 'MZ').name).toBe('民政局（婚姻登记）');

    await admin.click('tr[data-key=MZ] button:has-text("停用")');
    await admin.click('[role=dialog] button:has-text("停用")');
    await admin.locator('tr[data-key=MZ]').waitFor({ state: 'detached' });
    await admin.click('label.toggle:has-text("显示已停用")');
    expect(await admin.locator('tr[data-key=MZ]').textContent()).toContain('已停用');

    const audit = await srv.api('GET', '/api/audit?action=admin.departments', { cookie: await srv.login('A001') });
    expect(audit.body.entries.map((e: { action: string }) => e.action).sort()).toEqual(['admin.departments.create', 'admin.departments.retire', 'admin.departments.update']);
  });

  it('shows an item rule broken across fields beside the field the server names', async () => {
    await open('#/config/items');
    await admin.click('button:has-text("新建事项")');
    await admin.fill('#items-form-code', 'I9');
    await admin.fill('#items-form-name', '婚姻登记');
    await admin.fill('#items-form-steps', '取号\n办理');
    await admin.fill('#items-form-statutoryDays', '1');
    await admin.fill('#items-form-promisedDays', '5');
    await admin.click('form[aria-label="新建事项"] button[type=submit]');
    await expect.poll(() => field(admin, 'items-form', 'promisedDays').locator('.field-error').textContent()).toContain('承诺时限不能超过法定时限');
    await admin.fill('#items-form-promisedDays', '1');
    await admin.click('form[aria-label="新建事项"] button[type=submit]');
    await admin.locator('tr[data-key=I9]').waitFor();
  });

  it('a notice created in the console appears on an open hall display at once', async () => {
    const display = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await display.goto(`${srv.url}/display?token=${DISPLAY_TOKEN}`);
    await display.locator('[data-testid=display]').waitFor();
    const text = '本周六上午照常办理婚姻登记业务';
    expect(await display.evaluate((x) => document.body.innerText.includes(x), text)).toBe(false);

    await open('#/config/notices');
    await admin.click('button:has-text("新建公告")');
    await admin.fill('#notices-form-code', 'N9');
    await admin.fill('#notices-form-text', text);
    await admin.click('form[aria-label="新建公告"] button[type=submit]');
    await admin.locator('tr[data-key=N9]').waitFor();
    await display.waitForFunction((x) => document.body.innerText.includes(x), text, { timeout: 15_000 });

    // Taken down again: gone from the display too.
    await admin.click('tr[data-key=N9] button:has-text("停用")');
    await admin.click('[role=dialog] button:has-text("停用")');
    await display.waitForFunction((x) => !document.body.innerText.includes(x), text, { timeout: 15_000 });
    await display.close();
  });

  it('a renamed window shows on its window screen at once; an empty queue list is refused beside the field', async () => {
    const screen = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await screen.goto(`${srv.url}/display/window/2`);
    await screen.locator('.wscreen-name').waitFor();
    const before = await screen.locator('.wscreen-name').textContent();

    await open('#/config/windows');
    await admin.click('tr[data-key="2"] button:has-text("编辑")');
    await admin.fill('#windows-form-name', '不动产登记窗口');
    // Un-tick every queue: the server refuses, and says so beside the queue list.
    const ticked = admin.locator('[data-field=queues] input[type=checkbox]:checked');
    while ((await ticked.count()) > 0) await ticked.first().uncheck();
    await admin.click('form[aria-label="编辑窗口 2"] button[type=submit]');
    await expect.poll(() => field(admin, 'windows-form', 'queues').locator('.field-error').count()).toBe(1);
    expect(await screen.locator('.wscreen-name').textContent()).toBe(before);

    await admin.check('[data-field=queues] input[value=QB]');
    await admin.check('[data-field=queues] input[value=QA]');
    await admin.click('form[aria-label="编辑窗口 2"] button[type=submit]');
    await expect.poll(() => screen.locator('.wscreen-name').textContent(), { timeout: 15_000 }).toBe('不动产登记窗口');
    const stored = await srv.api('GET', '/api/admin/windows', { cookie: await srv.login('A001') });
    expect(stored.body.windows.find((w: { number: number }) => w.number === 2).queues).toEqual(['QB', 'QA']);
    await screen.close();
  });

  it('resets a password (the old one stops working) and issues a device token shown once', async () => {
    await open('#/config/staff');
    await admin.click('tr[data-key=T004] button:has-text("重置密码")');
    await admin.fill('#password-form-password', 'short');
    await admin.click('form#password-form, [role=dialog] button[type=submit]');
    await expect.poll(() => admin.locator('[role=dialog] [data-field=password] .field-error').count()).toBe(1);
    await admin.fill('#password-form-password', 'Lotus-window-8842');
    await admin.click('[role=dialog] button[type=submit]');
    await admin.locator('[role=dialog] .form-saved').waitFor();
    await admin.click('[role=dialog] button:has-text("关闭")');
    expect((await srv.api('POST', '/api/auth/login', { body: { badge: 'T004', password: 'secret123' } })).status).toBe(401);
    expect((await srv.api('POST', '/api/auth/login', { body: { badge: 'T004', password: 'Lotus-window-8842' } })).status).toBe(200);

    await open('#/config/devices');
    await admin.click('button:has-text("新建设备")');
    await admin.fill('#devices-form-code', 'K9');
    await admin.fill('#devices-form-name', '二楼取号机');
    await admin.click('form[aria-label="新建设备"] button[type=submit]');
    const token = (await admin.locator('[data-testid=device-token]').textContent())!.trim();
    expect(token.length).toBeGreaterThan(15);
    expect(await admin.locator('[role=dialog]').textContent()).toContain(`/kiosk?token=${token}`);
    const kiosk = await srv.api('POST', '/api/kiosk/tickets', { token, body: { queue: 'QA' } });
    expect(kiosk.status).toBe(200);
    await admin.click('[role=dialog] button:has-text("关闭")');
    // Revoked: the token no longer issues.
    await admin.click('tr[data-key=K9] button:has-text("停用")');
    await admin.click('[role=dialog] button:has-text("停用")');
    await admin.locator('tr[data-key=K9]').waitFor({ state: 'detached' });
    expect((await srv.api('POST', '/api/kiosk/tickets', { token, body: { queue: 'QA' } })).status).toBe(401);
  });

  it('supervision: an alert arrives live, a ticket is cancelled and a no-show re-queued from the console', async () => {
    const staff = await srv.login('T001');
    await srv.api('POST', '/api/windows/1/sign-in', { cookie: staff, body: {} });
    const a = await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QC' } });
    expect(a.status).toBe(200);
    await open('#/supervision');
    await admin.locator('tr[data-queue=QC]').waitFor();
    expect(await admin.locator('.alert[data-alert="wait:QC"]').count()).toBe(0);

    // 31 minutes later the wait alert is raised and pushed on the socket.
    srv.clock.advance(31 * 60_000);
    await srv.api('POST', '/api/supervision/evaluate', { cookie: await srv.login('S001'), body: {} });
    await admin.locator('.alert[data-alert="wait:QC"]').waitFor({ timeout: 15_000 });
    expect(await admin.locator('.nav-badge').textContent()).not.toBe('0');

    await admin.fill('input[name=ticket-number]', a.body.number);
    await admin.click('button:has-text("查找")');
    const row = admin.locator(`.panel tr[data-ticket="${a.body.number}"]`).first();
    await row.locator('button:has-text("取消")').click();
    await admin.click('[role=dialog] form button[type=submit]');
    // A reason is required: the server says so beside the field.
    await admin.locator('[role=dialog] [data-field=reason] .field-error').waitFor();
    await admin.fill('#cancel-form-reason', '重复取号');
    await admin.click('[role=dialog] form button[type=submit]');
    await expect.poll(async () => (await srv.api('GET', `/api/tickets?number=${a.body.number}`, { cookie: await srv.login('S001') })).body.tickets[0].state).toBe('cancelled');
    await admin.locator('.alert[data-alert="wait:QC"]').waitFor({ state: 'detached', timeout: 15_000 });

    // A no-show at window 1 appears in today's 过号 list and is re-queued from there.
    await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } });
    await srv.api('POST', '/api/windows/1/resume', { cookie: staff, body: {} });
    const called = await srv.api('POST', '/api/windows/1/call-next', { cookie: staff, body: {} });
    expect(called.status).toBe(200);
    expect((await srv.api('POST', '/api/windows/1/no-show', { cookie: staff, body: {} })).status).toBe(200);
    const missed = (await srv.api('GET', '/api/tickets?state=no_show', { cookie: await srv.login('S001') })).body.tickets as { number: string }[];
    expect(missed).toHaveLength(1);
    const b = { body: missed[0]! };
    const noShow = admin.locator(`tr[data-ticket="${b.body.number}"]`).filter({ hasText: '过号' });
    await noShow.waitFor({ timeout: 15_000 });
    await noShow.locator('button:has-text("恢复排队")').click();
    await expect.poll(async () => (await srv.api('GET', `/api/tickets?number=${b.body.number}`, { cookie: await srv.login('S001') })).body.tickets[0].state).toBe('waiting');

    const audit = await srv.api('GET', '/api/audit?action=ticket.', { cookie: await srv.login('S001') });
    expect(audit.body.entries.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['ticket.cancel', 'ticket.reactivate']));
  });

  it('the audit screen filters by actor and the chain check names no broken link on an intact log', async () => {
    await open('#/audit');
    await admin.fill('input[name=actor]', 'A001');
    await admin.selectOption('select[name=action]', { label: '配置修改：部门' });
    await admin.click('button:has-text("筛选")');
    await expect.poll(() => admin.locator('tr[data-audit]').count()).toBe(3);
    await admin.click('button:has-text("校验哈希链")');
    await expect.poll(() => admin.locator('[data-verify]').getAttribute('data-verify')).toBe('ok');
  });

  it('imports items from a CSV after a dry run that lists row-numbered errors', async () => {
    await open('#/config/items');
    await admin.click('button:has-text("导入 CSV")');
    const bad = 'code,name,category,department,queue,steps,statutoryDays,promisedDays\nI20,居住证,便民服务,GA,QA,取号,5,1\nI21,,便民服务,XX,QA,取号,5,1\n';
    await admin.setInputFiles('input[name=csv-file]', { name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(bad, 'utf8') });
    await admin.locator('.csv-errors').waitFor();
    expect(await admin.locator('.csv-errors td.num').first().textContent()).toBe('3');
    const good = bad.replace('I21,,便民服务,XX', 'I21,临时身份证,便民服务,GA');
    await admin.setInputFiles('input[name=csv-file]', { name: 'items.csv', mimeType: 'text/csv', buffer: Buffer.from(good, 'utf8') });
    await admin.locator('text=检查通过').waitFor();
    expect((await srv.api('GET', '/api/admin/items', { cookie: await srv.login('A001') })).body.items.some((i: { code: string }) => i.code === 'I20')).toBe(false);
    await admin.click('button:has-text("确认导入 2 项")');
    await admin.locator('text=导入完成').waitFor();
    await admin.click('[role=dialog] button:has-text("关闭")');
    await admin.locator('tr[data-key=I21]').waitFor();
  });

  it('raised no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
