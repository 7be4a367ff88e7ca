import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, SCREENS_DIR } from '../fixtures/browser.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

/** Every page path answers with its built UI, or with a page saying what will be there. */
const PAGES = [
  { path: '/kiosk', title: '自助取号机', size: { width: 1080, height: 1920 } },
  { path: '/window', title: '窗口叫号终端', size: { width: 1920, height: 1080 } },
  { path: '/display', title: '大厅综合屏', size: { width: 1920, height: 1080 } },
  { path: '/display/window/1', title: '窗口屏', size: { width: 1920, height: 1080 } },
  { path: '/evaluate/1', title: '好差评评价屏', size: { width: 1920, height: 1080 } },
  { path: '/admin', title: '管理与督查', size: { width: 1920, height: 1080 } },
];

describe('page paths in Chromium', () => {
  let server: TestServer;
  let chrome: Awaited<ReturnType<typeof launchChromium>>;

  beforeAll(async () => {
    server = await startTestServer();
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
    await server?.stop();
  });

  for (const page of PAGES) {
    it(`${page.path} answers with a page`, async () => {
      const tab = await chrome.browser.newPage({ viewport: page.size });
      const errors: string[] = [];
      tab.on('pageerror', (e) => errors.push(e.message));
      const response = await tab.goto(`${server.url}${page.path}`);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-type']).toContain('text/html');
      expect(errors).toEqual([]);
      await tab.screenshot({ path: path.join(SCREENS_DIR, `page${page.path.replaceAll('/', '-')}.png`) });
      await tab.close();
    });
  }

  it('the phone status page path answers and the API it will use refuses a forged key', async () => {
    const tab = await chrome.browser.newPage({ viewport: { width: 390, height: 844 } });
    const response = await tab.goto(`${server.url}/t/00000000-0000-4000-8000-000000000000?k=forged`);
    expect(response?.status()).toBe(200);
    const api = await server.api('GET', '/api/tickets/00000000-0000-4000-8000-000000000000/status?k=forged');
    expect(api.status).toBe(404);
    expect(api.body.error.code).toBe('UNKNOWN_TICKET');
    await tab.close();
  });
});
