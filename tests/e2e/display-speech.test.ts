import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../fixtures/browser.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/**
 * A hall PC whose browser has no Chinese voice: the display plays the server's espeak-ng WAV; when the
 * server has no espeak-ng either (503), it keeps to the chime and stops asking.
 */

/** speechSynthesis present but without a single voice, recording anything it is asked to say. */
const NO_VOICES = `
  window.__spoken = [];
  window.SpeechSynthesisUtterance = class { constructor(text) { this.text = text; } };
  Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
    getVoices: () => [], speak(u) { window.__spoken.push(u.text); u.onend && u.onend({}); },
    cancel() {}, addEventListener() {}, removeEventListener() {},
  } });
`;

async function callAtWindow1(srv: TestServer, cookie: string): Promise<string> {
  expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);
  expect((await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} })).status).toBe(200);
  const events = (await srv.api('GET', '/api/events?after=0&limit=1000')).body.events as { type: string; data: { phrase?: string } }[];
  return String(events.filter((e) => e.type === 'ticket.called').at(-1)!.data.phrase);
}

async function openDisplay(chrome: Awaited<ReturnType<typeof launchChromium>>, srv: TestServer): Promise<{ page: Page; speech: Response[] }> {
  const page = await chrome.browser.newPage({ viewport: { width: 1280, height: 720 } });
  const speech: Response[] = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname === '/api/speech') speech.push(r);
  });
  await page.addInitScript(NO_VOICES);
  await page.goto(`${srv.url}/display?token=${DISPLAY_TOKEN}&repeat=2`);
  await page.locator('[data-testid=display]').waitFor();
  return { page, speech };
}

describe('display voice without a browser voice', () => {
  let chrome: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    chrome = await launchChromium();
  });
  afterAll(async () => {
    await chrome?.close();
  });

  it('plays the server WAV of the exact phrase, once per round', async () => {
    const srv = await startTestServer();
    try {
      const cookie = await srv.login('T001');
      await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} });
      const { page, speech } = await openDisplay(chrome, srv);
      const phrase = await callAtWindow1(srv, cookie);
      await expect.poll(() => speech.length, { timeout: 20_000 }).toBe(2);
      for (const r of speech) {
        expect(new URL(r.url()).searchParams.get('text')).toBe(phrase);
        expect(r.status()).toBe(200);
        expect(r.headers()['content-type']).toBe('audio/wav');
      }
      expect(await page.evaluate(() => (window as unknown as { __spoken: string[] }).__spoken)).toEqual([]);
      await page.waitForFunction(() => document.body.dataset.voiceCount === '2', null, { timeout: 20_000 });
      expect(await page.evaluate(() => document.body.dataset.voiceLast)).toBe(`server:${phrase}`);
      await page.close();
    } finally {
      await srv.stop();
    }
  });

  it('keeps to the chime when the server answers 503, and stops asking', async () => {
    const saved = process.env.HALL_ESPEAK_BIN;
    process.env.HALL_ESPEAK_BIN = '/nonexistent/espeak-ng';
    let srv: TestServer;
    try {
      srv = await startTestServer();
    } finally {
      if (saved === undefined) delete process.env.HALL_ESPEAK_BIN;
      else process.env.HALL_ESPEAK_BIN = saved;
    }
    try {
      const cookie = await srv.login('T001');
      await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} });
      const { page, speech } = await openDisplay(chrome, srv);
      await callAtWindow1(srv, cookie);
      await expect.poll(() => speech.length, { timeout: 20_000 }).toBe(1);
      expect(speech[0]!.status()).toBe(503);
      // A second call: the screen announces it (newest shown) without asking the server again.
      await callAtWindow1(srv, cookie);
      await expect.poll(() => page.locator('[data-testid=newest-number]').textContent()).toBe('A002');
      // Both rounds of both announcements go out as chime only, with no further request.
      await page.waitForFunction(() => document.body.dataset.voiceCount === '4', null, { timeout: 20_000 });
      expect(await page.evaluate(() => document.body.dataset.voiceLast)).toBe('none:请A零零二号到1号窗口办理');
      expect(speech).toHaveLength(1);
      await page.close();
    } finally {
      await srv.stop();
    }
  });
});
