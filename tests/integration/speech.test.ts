import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhraseGuard } from '../../server/speech/phrase-guard.ts';
import { announcedPhrase } from '../../server/store/hall-reads.ts';
import { createTestHall, KIOSK, STAFF } from '../fixtures/hall.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

const PHRASE = '请A零零一号到1号窗口办理';

async function speech(srv: TestServer, text: string): Promise<{ status: number; type: string | null; cache: string | null; bytes: Buffer; json: unknown }> {
  const res = await fetch(`${srv.url}/api/speech?text=${encodeURIComponent(text)}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown = undefined;
  if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(bytes.toString('utf8'));
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('x-speech-cache'), bytes, json };
}

function expectWav(b: Buffer): void {
  expect(b.toString('ascii', 0, 4)).toBe('RIFF');
  expect(b.toString('ascii', 8, 12)).toBe('WAVE');
  expect(b.toString('ascii', 12, 16)).toBe('fmt ');
  // The sizes are the real ones, not espeak's streaming placeholder.
  expect(b.readUInt32LE(4)).toBe(b.length - 8);
  const dataAt = b.indexOf('data', 12, 'ascii');
  expect(dataAt).toBeGreaterThan(12);
  expect(b.readUInt32LE(dataAt + 4)).toBe(b.length - dataAt - 8);
  expect(b.length - dataAt - 8).toBeGreaterThan(8000); // a phrase is audibly long, not an empty file
}

const cacheFiles = (srv: TestServer) => {
  const dir = path.join(srv.dir, 'speech-cache');
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.wav')) : [];
};

describe('GET /api/speech with espeak-ng installed', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await startTestServer();
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('renders an announcement of the hall template as a WAV and serves the second request from the cache', async () => {
    expect(cacheFiles(srv)).toEqual([]);
    const first = await speech(srv, PHRASE);
    expect(first.status, JSON.stringify(first.json)).toBe(200);
    expect(first.type).toBe('audio/wav');
    expect(first.cache).toBe('miss');
    expectWav(first.bytes);
    expect(cacheFiles(srv)).toHaveLength(1);

    const second = await speech(srv, PHRASE);
    expect(second.status).toBe(200);
    expect(second.cache).toBe('hit');
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(cacheFiles(srv)).toHaveLength(1);
  });

  it('renders the phrase a real call carried, and its English phrase', async () => {
    const cookie = await srv.login('T002');
    expect((await srv.api('POST', '/api/windows/2/sign-in', { cookie, body: {} })).status).toBe(200);
    await srv.api('POST', '/api/kiosk/tickets', { token: 'kiosk-token-0000000001', body: { queue: 'QA' } });
    const called = await srv.api('POST', '/api/windows/2/call-next', { cookie, body: {} });
    expect(called.status).toBe(200);
    const events = await srv.api('GET', '/api/events?after=0&limit=100');
    const call = (events.body.events as { type: string; data: { phrase: string; phraseEn: string } }[]).find((e) => e.type === 'ticket.called')!;
    expect(call.data.phrase).toContain('2号窗口');
    const zh = await speech(srv, call.data.phrase);
    expect(zh.status).toBe(200);
    expectWav(zh.bytes);
    const en = await speech(srv, call.data.phraseEn);
    expect(en.status).toBe(200);
    expectWav(en.bytes);
    expect(en.bytes.equals(zh.bytes)).toBe(false);
  });

  it('refuses any other text and writes nothing for it', async () => {
    const before = cacheFiles(srv).length;
    for (const text of ['你好，欢迎光临', '请A零零一号到1号窗口办理。另外请注意', 'rm -rf /', '请A零零一号到1号窗口办理; echo hi']) {
      const r = await speech(srv, text);
      expect(r.status, text).toBe(422);
      expect((r.json as { error: { code: string } }).error.code).toBe('SPEECH_PHRASE_REFUSED');
    }
    expect((await speech(srv, '')).status).toBe(400);
    expect((await speech(srv, 'x'.repeat(201))).status).toBe(400);
    expect(cacheFiles(srv)).toHaveLength(before);
  });
});

describe('GET /api/speech without espeak-ng', () => {
  let srv: TestServer;
  beforeAll(async () => {
    const saved = process.env.HALL_ESPEAK_BIN;
    process.env.HALL_ESPEAK_BIN = '/nonexistent/espeak-ng';
    try {
      srv = await startTestServer();
    } finally {
      if (saved === undefined) delete process.env.HALL_ESPEAK_BIN;
      else process.env.HALL_ESPEAK_BIN = saved;
    }
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('answers 503 SPEECH_UNAVAILABLE, so screens fall back to the chime', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await speech(srv, PHRASE);
      expect(r.status).toBe(503);
      expect((r.json as { error: { code: string } }).error.code).toBe('SPEECH_UNAVAILABLE');
    }
    expect(cacheFiles(srv)).toEqual([]);
  });
});

describe('PhraseGuard', () => {
  it('admits a phrase a call carried after the template changed, and nothing else', () => {
    const hall = createTestHall();
    try {
      let template = { zh: '请{ticket}号到{window}号窗口办理', en: 'Number {ticket}, please go to window {window}' };
      const guard = new PhraseGuard((day, text) => announcedPhrase(hall.db, day, text), () => template, () => hall.engine.core.today());
      hall.engine.windows.signIn(1, 'T001', STAFF('T001'));
      hall.engine.issuer.issue({ source: 'kiosk', queue: 'QA', kiosk: 'K1', actor: KIOSK });
      hall.engine.windows.callNext(1, STAFF('T001'));
      const phrase = String(hall.events.find((e) => e.type === 'ticket.called')!.data.phrase);
      expect(guard.voiceFor(phrase)).toBe('cmn');
      template = { zh: '{ticket}号请到{window}号窗口', en: 'Ticket {ticket} to window {window}' };
      expect(guard.voiceFor(phrase)).toBe('cmn'); // from today's call event
      expect(guard.voiceFor('请A零零二号到1号窗口办理')).toBeNull(); // old template, never called
      expect(guard.voiceFor('A零零二号请到3号窗口')).toBe('cmn');
      expect(guard.voiceFor('Ticket A zero zero two to window 3')).toBe('en');
      expect(guard.voiceFor('Ticket hello to window 3')).toBeNull();
    } finally {
      hall.close();
    }
  });
});
