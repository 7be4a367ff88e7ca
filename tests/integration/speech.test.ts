import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallPhrases } from '../../server/speech/call-phrases.ts';
import { recentCallEvents } from '../../server/store/hall-reads.ts';
import { createTestHall, KIOSK, STAFF, testHallConfig } from '../fixtures/hall.ts';
import { DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer, type TestServerOptions } from '../fixtures/server.ts';

/** A second hall display and window 2's screen, besides the fixture's D1. */
const DISPLAY2_TOKEN = 'display-token-00000002';
const WINDOW2_SCREEN_TOKEN = 'display-token-window02';
const config = () => {
  const base = testHallConfig();
  return testHallConfig({
    devices: [
      ...base.devices,
      { code: 'D2', kind: 'display', name: '大厅屏2', demoToken: DISPLAY2_TOKEN },
      { code: 'W2', kind: 'display', name: '2号窗口屏', window: 2, demoToken: WINDOW2_SCREEN_TOKEN },
    ],
  });
};

interface SpeechAnswer {
  status: number;
  type: string | null;
  cache: string | null;
  retryAfter: string | null;
  bytes: Buffer;
  code: string | undefined;
}

async function speech(srv: TestServer, text: string, auth: { token?: string; cookie?: string } = { token: DISPLAY_TOKEN }): Promise<SpeechAnswer> {
  const headers: Record<string, string> = {};
  if (auth.token) headers.authorization = `Bearer ${auth.token}`;
  if (auth.cookie) headers.cookie = auth.cookie;
  const res = await fetch(`${srv.url}/api/speech?text=${encodeURIComponent(text)}`, { headers });
  const bytes = Buffer.from(await res.arrayBuffer());
  const json = (res.headers.get('content-type') ?? '').includes('json') ? (JSON.parse(bytes.toString('utf8')) as { error?: { code?: string } }) : undefined;
  return { status: res.status, type: res.headers.get('content-type'), cache: res.headers.get('x-speech-cache'), retryAfter: res.headers.get('retry-after'), bytes, code: json?.error?.code };
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

const cacheDir = (srv: TestServer) => path.join(srv.dir, 'speech-cache');
const cacheFiles = (srv: TestServer) => (existsSync(cacheDir(srv)) ? readdirSync(cacheDir(srv)).filter((f) => f.endsWith('.wav')).sort() : []);
const cacheBytes = (srv: TestServer) => cacheFiles(srv).reduce((sum, f) => sum + statSync(path.join(cacheDir(srv), f)).size, 0);

/** Starts a server with some HALL_SPEECH_* / HALL_ESPEAK_BIN settings, restoring the environment after. */
async function serverWith(env: Record<string, string>, options: TestServerOptions = {}): Promise<TestServer> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await startTestServer({ config: config(), ...options });
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

interface Call {
  phrase: string;
  phraseEn: string;
  number: string;
}

/** Issues a QA ticket and calls it at `window` (signing its staff member in first); the call's phrases. */
async function callOne(srv: TestServer, window: number): Promise<Call> {
  const badge = `T00${window}`;
  const cookie = await srv.login(badge);
  expect((await srv.api('POST', `/api/windows/${window}/sign-in`, { cookie, body: {} })).status).toBe(200);
  expect((await srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue: 'QA' } })).status).toBe(200);
  const called = await srv.api('POST', `/api/windows/${window}/call-next`, { cookie, body: {} });
  expect(called.status, JSON.stringify(called.body)).toBe(200);
  const events = (await srv.api('GET', '/api/events?after=0&limit=1000')).body.events as { type: string; ticket: { number: string }; data: { phrase: string; phraseEn: string } }[];
  const call = events.filter((e) => e.type === 'ticket.called').at(-1)!;
  return { phrase: call.data.phrase, phraseEn: call.data.phraseEn, number: call.ticket.number };
}

describe('GET /api/speech: who may ask, and for what', () => {
  let srv: TestServer;
  let call: Call;
  beforeAll(async () => {
    srv = await serverWith({});
    call = await callOne(srv, 1);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('renders the phrase of a real call as a WAV for a display token and serves the second request from the cache', async () => {
    expect(call.phrase).toBe('请A零零一号到1号窗口办理');
    expect(cacheFiles(srv)).toEqual([]);
    const first = await speech(srv, call.phrase);
    expect(first.status, first.code).toBe(200);
    expect(first.type).toBe('audio/wav');
    expect(first.cache).toBe('miss');
    expectWav(first.bytes);
    expect(cacheFiles(srv)).toHaveLength(1);

    const second = await speech(srv, call.phrase);
    expect(second.status).toBe(200);
    expect(second.cache).toBe('hit');
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(cacheFiles(srv)).toHaveLength(1);

    const en = await speech(srv, call.phraseEn);
    expect(en.status).toBe(200);
    expectWav(en.bytes);
    expect(en.bytes.equals(first.bytes)).toBe(false);
  });

  it('refuses callers that are not a display or a kiosk, before any synthesis; a kiosk hears no call phrase', async () => {
    const before = cacheFiles(srv).length;
    const anonymous = await speech(srv, call.phrase, {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.code).toBe('UNAUTHENTICATED');
    const kiosk = await speech(srv, call.phrase, { token: KIOSK_TOKEN });
    expect(kiosk.status).toBe(404);
    expect(kiosk.code).toBe('SPEECH_NOT_CALLED');
    const staff = await speech(srv, call.phrase, { cookie: await srv.login('A001') });
    expect(staff.status).toBe(403);
    expect(staff.code).toBe('FORBIDDEN');
    const forged = await speech(srv, call.phrase, { token: 'display-token-99999999' });
    expect([401, 403]).toContain(forged.status);
    expect(cacheFiles(srv)).toHaveLength(before);
  });

  it("speaks a kiosk's fixed 长者模式 prompts and a spelled ticket number for a kiosk token, and nothing else", async () => {
    const prompt = await speech(srv, '请选择办理部门', { token: KIOSK_TOKEN });
    expect(prompt.status, prompt.code).toBe(200);
    expectWav(prompt.bytes);
    expect((await speech(srv, 'Choose a department', { token: KIOSK_TOKEN })).status).toBe(200);
    expect((await speech(srv, 'B 0 0 8', { token: KIOSK_TOKEN })).status).toBe(200);
    const before = cacheFiles(srv);
    for (const text of ['你好，欢迎光临', '请选择办理部门。另外请注意', 'B008', 'B 0 0 8 9 9 9 9', '请A零零二号到1号窗口办理']) {
      const r = await speech(srv, text, { token: KIOSK_TOKEN });
      expect(r.status, text).toBe(404);
      expect(r.code, text).toBe('SPEECH_NOT_CALLED');
    }
    // A display does not get the kiosk's prompts: it speaks calls only.
    expect((await speech(srv, '请选择办理部门')).status).toBe(404);
    expect(cacheFiles(srv)).toEqual(before);
  });

  it('refuses a phrase no call carried, even one that fits the voice template, and writes nothing', async () => {
    const before = cacheFiles(srv);
    for (const text of [
      '请A零零二号到1号窗口办理', // the next number: fits the template, never called
      '请A零零一号到2号窗口办理', // the called number at another window
      '请B零零一号到1号窗口办理',
      'Number A zero zero two, please go to window 1',
      '你好，欢迎光临',
      '请A零零一号到1号窗口办理。另外请注意',
      'rm -rf /',
    ]) {
      const r = await speech(srv, text);
      expect(r.status, text).toBe(404);
      expect(r.code, text).toBe('SPEECH_NOT_CALLED');
    }
    expect((await speech(srv, '')).status).toBe(400);
    expect((await speech(srv, 'x'.repeat(201))).status).toBe(400);
    expect(cacheFiles(srv)).toEqual(before);
  });

  it("gives a window screen its own window's calls only", async () => {
    const two = await callOne(srv, 2);
    expect((await speech(srv, two.phrase, { token: WINDOW2_SCREEN_TOKEN })).status).toBe(200);
    const other = await speech(srv, call.phrase, { token: WINDOW2_SCREEN_TOKEN });
    expect(other.status).toBe(404);
    expect(other.code).toBe('SPEECH_NOT_CALLED');
    // The hall display hears both.
    expect((await speech(srv, two.phrase)).status).toBe(200);
  });

  it('refuses a call of an earlier business day', async () => {
    srv.clock.advance(24 * 3600 * 1000);
    const r = await speech(srv, call.phrase);
    expect(r.status).toBe(404);
    expect(r.code).toBe('SPEECH_NOT_CALLED');
  });
});

describe('GET /api/speech rate limits', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await serverWith({ HALL_SPEECH_RATE_TOKEN: '3', HALL_SPEECH_RATE_ADDRESS: '5' });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('answers 429 SPEECH_RATE_LIMITED with Retry-After past the per-token limit, then past the per-address limit for another token', async () => {
    const call = await callOne(srv, 1);
    for (let i = 0; i < 3; i++) expect((await speech(srv, call.phrase)).status).toBe(200);
    const limited = await speech(srv, call.phrase);
    expect(limited.status).toBe(429);
    expect(limited.code).toBe('SPEECH_RATE_LIMITED');
    expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
    // Made-up phrases count too: a flood cannot probe freely.
    expect((await speech(srv, '请A九九九号到1号窗口办理')).status).toBe(429);
    // Another display on the same address: the address has 5 a minute, 3 already used by D1.
    expect((await speech(srv, call.phrase, { token: DISPLAY2_TOKEN })).status).toBe(200);
    expect((await speech(srv, call.phrase, { token: DISPLAY2_TOKEN })).status).toBe(200);
    const byAddress = await speech(srv, call.phrase, { token: DISPLAY2_TOKEN });
    expect(byAddress.status).toBe(429);
    expect(byAddress.code).toBe('SPEECH_RATE_LIMITED');
  });
});

describe('GET /api/speech cache bound', () => {
  it('keeps at most the configured entries and bytes, deletes what it evicts (least recently used), and keeps its order across a restart', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hallq-speech-'));
    let srv = await serverWith({ HALL_SPEECH_CACHE_ENTRIES: '2' }, { dir });
    try {
      const calls: Call[] = [];
      for (let i = 0; i < 3; i++) calls.push(await callOne(srv, 1));
      const [a, b, c] = calls as [Call, Call, Call];
      expect((await speech(srv, a.phrase)).cache).toBe('miss');
      expect((await speech(srv, b.phrase)).cache).toBe('miss');
      expect(cacheFiles(srv)).toHaveLength(2);
      expect((await speech(srv, a.phrase)).cache).toBe('hit'); // a is now the most recently used
      expect((await speech(srv, c.phrase)).cache).toBe('miss'); // evicts b
      expect(cacheFiles(srv)).toHaveLength(2);
      expect((await speech(srv, a.phrase)).cache).toBe('hit');
      expect((await speech(srv, c.phrase)).cache).toBe('hit');
      expect((await speech(srv, b.phrase)).cache).toBe('miss'); // b was deleted; now a is the oldest
      expect(cacheFiles(srv)).toHaveLength(2);
      const oneFile = cacheBytes(srv) / 2;
      // A stray file of an interrupted write does not survive the restart.
      writeFileSync(path.join(cacheDir(srv), 'deadbeef.wav.123.tmp'), 'partial');
      await srv.stop();

      // Restart on the same folder with room for one file by size: the least recently used goes at start.
      srv = await serverWith({ HALL_SPEECH_CACHE_ENTRIES: '10', HALL_SPEECH_CACHE_MB: String((oneFile * 1.5) / 1024 / 1024) }, { dir });
      expect(readdirSync(cacheDir(srv)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      expect(cacheFiles(srv)).toHaveLength(1);
      expect((await speech(srv, b.phrase)).cache).toBe('hit'); // the newest survived
      expect((await speech(srv, c.phrase)).cache).toBe('miss');
      expect(cacheFiles(srv)).toHaveLength(1);
      expect(cacheBytes(srv)).toBeLessThanOrEqual(oneFile * 1.5);
    } finally {
      await srv.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stays within the cap under a flood of distinct phrases, most of them refused', async () => {
    const floodSize = Number(process.env.HALL_SPEECH_FLOOD ?? 400);
    const capMb = 1;
    const srv = await serverWith({ HALL_SPEECH_CACHE_MB: String(capMb), HALL_SPEECH_RATE_TOKEN: '100000', HALL_SPEECH_RATE_ADDRESS: '100000' });
    try {
      const calls: Call[] = [];
      for (let i = 0; i < 6; i++) calls.push(await callOne(srv, 1));
      const called = calls.flatMap((c) => [c.phrase, c.phraseEn]);
      const digits = '零一二三四五六七八九';
      const statuses = new Map<number, number>();
      for (let i = 0; i < floodSize; i++) {
        // Every tenth request names a real call; the rest are distinct made-up numbers that fit the template.
        const made = `请A${[...String(100 + i).padStart(4, '0')].map((d) => digits[Number(d)]).join('')}号到${(i % 4) + 1}号窗口办理`;
        const text = i % 10 === 0 ? called[(i / 10) % called.length]! : made;
        const r = await speech(srv, text);
        statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
        expect(r.status === 200 || r.status === 404, `${text}: ${r.status} ${r.code}`).toBe(true);
      }
      expect(statuses.get(404)).toBeGreaterThan(floodSize * 0.8);
      const files = cacheFiles(srv);
      expect(files.length).toBeLessThanOrEqual(called.length);
      expect(cacheBytes(srv)).toBeLessThanOrEqual(capMb * 1024 * 1024);
      console.info(`speech flood: ${floodSize} requests → ${JSON.stringify(Object.fromEntries(statuses))}; cache ${files.length} files, ${(cacheBytes(srv) / 1024 / 1024).toFixed(2)} MB (cap ${capMb} MB)`);
    } finally {
      await srv.stop();
    }
  });
});

describe('GET /api/speech without espeak-ng', () => {
  let srv: TestServer;
  beforeAll(async () => {
    srv = await serverWith({ HALL_ESPEAK_BIN: '/nonexistent/espeak-ng' });
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('answers 503 SPEECH_UNAVAILABLE for a called phrase, so screens fall back to the chime', async () => {
    const call = await callOne(srv, 1);
    for (let i = 0; i < 2; i++) {
      const r = await speech(srv, call.phrase);
      expect(r.status).toBe(503);
      expect(r.code).toBe('SPEECH_UNAVAILABLE');
    }
    expect(cacheFiles(srv)).toEqual([]);
  });
});

describe('CallPhrases', () => {
  it('admits the phrases of the newest call events of today only, with their window', () => {
    const hall = createTestHall();
    try {
      const phrases = new CallPhrases(
        { today: () => hall.engine.core.today(), recentCalls: (day, limit) => recentCallEvents(hall.db, day, limit), lastSeq: () => hall.engine.core.log.lastSeq() },
        2,
      );
      hall.engine.windows.signIn(1, 'T001', STAFF('T001'));
      for (let i = 0; i < 3; i++) hall.engine.issuer.issue({ source: 'kiosk', queue: 'QA', kiosk: 'K1', actor: KIOSK });
      const called = () => hall.events.filter((e) => e.type === 'ticket.called').map((e) => e.data as { phrase: string; phraseEn: string });
      hall.engine.windows.callNext(1, STAFF('T001'));
      const first = called()[0]!;
      expect(phrases.voiceFor(first.phrase)).toBe('cmn');
      expect(phrases.voiceFor(first.phraseEn)).toBe('en');
      expect(phrases.voiceFor(first.phrase, 1)).toBe('cmn');
      expect(phrases.voiceFor(first.phrase, 2)).toBeNull();
      expect(phrases.voiceFor('请A零零二号到1号窗口办理')).toBeNull(); // fits the template, not called yet
      hall.engine.windows.callNext(1, STAFF('T001'));
      hall.engine.windows.callNext(1, STAFF('T001'));
      // Only the 2 newest calls count: the first fell out.
      expect(phrases.voiceFor(first.phrase)).toBeNull();
      expect(phrases.voiceFor(called()[2]!.phrase)).toBe('cmn');
    } finally {
      hall.close();
    }
  });
});
