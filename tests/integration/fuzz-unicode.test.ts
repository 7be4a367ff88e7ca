import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../server/audit/audit-log.ts';
import { openDatabase } from '../../server/store/db.ts';
import { AGENT_TOKEN, DISPLAY_TOKEN, KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';
import { TEST_PASSWORD } from '../fixtures/hall.ts';

/**
 * Arbitrary Unicode against every route of the hall server and every documented socket event: lone
 * surrogates, control characters, bidi marks, noncharacters, astral characters, huge strings, deep
 * nesting and wrong types, from a seeded generator (HALL_FUZZ_SEED, HALL_FUZZ_CASES per route,
 * HALL_FUZZ_SOCKET_CASES per event). Every answer must be a refusal with a code or a success, never a
 * 5xx or a crash; afterwards the server still answers, numbering has no gap or duplicate, and
 * `npm run audit:verify` passes on its data folder.
 */
const SEED = Number(process.env.HALL_FUZZ_SEED ?? 20261201);
const CASES_PER_ROUTE = Number(process.env.HALL_FUZZ_CASES ?? 12);
const SOCKET_CASES = Number(process.env.HALL_FUZZ_SOCKET_CASES ?? 25);

/**
 * Left out, with the reason: these would end the fuzzer's own session, password or device tokens, or make the
 * server send webhook traffic (tests talk to 127.0.0.1 only); they are checked by their own tests.
 */
const SKIPPED = new Set([
  'POST /api/auth/logout',
  'POST /api/admin/staff/{key}/password',
  'POST /api/admin/devices/{key}/token',
  'POST /api/admin/webhooks',
  'PUT /api/admin/webhooks/{id}',
  'POST /api/admin/webhooks/{id}/ping',
  'POST /api/admin/webhooks/dispatch',
  'POST /api/admin/webhook-deliveries/{id}/retry',
]);

type Rand = () => number;
function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Gen {
  /** `maxLen` bounds a huge string, `maxDepth` a deep nesting (socket.io drops a connection past its 64 kB message limit). */
  constructor(
    readonly r: Rand,
    readonly maxLen = 40_000,
    readonly maxDepth = 3000,
  ) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.r() < p;
  }

  piece(): string {
    switch (this.int(0, 11)) {
      case 0:
        return String.fromCharCode(this.int(0xd800, 0xdbff)); // lone high surrogate
      case 1:
        return String.fromCharCode(this.int(0xdc00, 0xdfff)); // lone low surrogate
      case 2:
        return String.fromCharCode(this.pick([0, 1, 7, 8, 9, 10, 13, 27, 31, 127, 0x85]));
      case 3:
        return this.pick(['\u202e', '\u202d', '\u200f', '\u200e', '\u2066', '\u2069', '\u061c', '\u200b', '\ufeff', '\u2028']);
      case 4:
        return this.pick(['\ufffe', '\uffff', '\ufdd0', '\u{1fffe}', '\u{10ffff}', '\ufffd']);
      case 5:
        return this.pick(['😀', '𠀀', '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}', '𝔘', '\u0301\u0301\u0301']);
      case 6:
        return this.pick(['请', '号', '窗口', '张三', '身份证', '公安局', 'Ａ', '１']);
      case 7:
        return this.pick(['%', '%zz', '../', '<script>', "'; DROP TABLE tickets; --", '\\', '"', '${x}', '{{x}}', '&a=b', '#', '?', '/']);
      case 8:
        return this.pick(['A001', 'QA', 'K1', 'T001', '1', '0', '-1', '1e9', 'true', 'null', '']);
      case 9:
        return String.fromCharCode(this.int(0x20, 0x7e));
      case 10:
        return String.fromCharCode(this.int(0x80, 0xd7ff));
      default:
        return '\ud83d'; // half of an emoji
    }
  }

  string(): string {
    let s = '';
    const n = this.int(0, 10);
    for (let i = 0; i < n; i++) s += this.piece();
    if (this.chance(0.04)) s = s.padEnd(this.int(Math.min(2_000, this.maxLen), this.maxLen), this.piece() || 'x');
    return s;
  }

  number(): number {
    return this.pick([0, -0, 1, -1, 2, 3, 999, 1000, 99_999, 100_000, 2 ** 31, 2 ** 53 + 1, -(2 ** 53), 1.5, 1e308, -1e-308, this.int(-1e6, 1e6)]);
  }

  deep(): unknown {
    const depth = this.int(Math.min(200, this.maxDepth), this.maxDepth);
    let v: unknown = this.string();
    for (let i = 0; i < depth; i++) v = this.chance(0.5) ? [v] : { [this.pick(['a', 'x', '\ud800', 'body'])]: v };
    return v;
  }

  value(depth = 0): unknown {
    const k = this.int(0, depth > 3 ? 4 : 9);
    switch (k) {
      case 0:
      case 1:
      case 2:
        return this.string();
      case 3:
        return this.number();
      case 4:
        return this.pick([true, false, null]);
      case 5:
      case 6:
        return Array.from({ length: this.int(0, 4) }, () => this.value(depth + 1));
      case 7:
      case 8:
        return Object.fromEntries(Array.from({ length: this.int(0, 4) }, () => [this.string(), this.value(depth + 1)]));
      default:
        return this.chance(0.3) ? this.deep() : this.string();
    }
  }
}

/** Percent-encodes every UTF-16 code unit, lone surrogates as their WTF-8 bytes (encodeURIComponent throws on those). */
function encodeAny(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += `%${(0xe0 | (c >> 12)).toString(16)}%${(0x80 | ((c >> 6) & 0x3f)).toString(16)}%${(0x80 | (c & 0x3f)).toString(16)}`.toUpperCase();
    } else out += encodeURIComponent(s[i]!);
  }
  return out;
}

interface Operation {
  method: string;
  path: string;
  allowed: string[];
  hasBody: boolean;
  bodyKeys: string[];
  queryKeys: string[];
}

interface Credentials {
  cookie: string;
}

function operations(doc: { paths: Record<string, Record<string, Record<string, unknown>>> }): Operation[] {
  const ops: Operation[] = [];
  for (const [p, byMethod] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(byMethod)) {
      const body = (op.requestBody as { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } | undefined)?.content;
      const schema = body ? Object.values(body)[0]?.schema : undefined;
      const params = (op.parameters as { in: string; name: string }[] | undefined) ?? [];
      ops.push({
        method: method.toUpperCase(),
        path: p,
        allowed: (op['x-allowed-callers'] as string[] | undefined) ?? [],
        hasBody: Boolean(body),
        bodyKeys: Object.keys(schema?.properties ?? {}),
        queryKeys: params.filter((x) => x.in === 'query').map((x) => x.name),
      });
    }
  }
  return ops;
}

describe('fuzzing every route and socket event with arbitrary Unicode', () => {
  let srv: TestServer;
  let admin: Credentials;
  const failures: string[] = [];

  /** Headers of the caller the route admits, with this server's Origin so CSRF checks do not mask the case. */
  const headersFor = (op: Operation): Record<string, string> => {
    const h: Record<string, string> = { origin: srv.url };
    const a = op.allowed;
    if (a.includes('admin') || a.includes('supervisor') || a.includes('staff')) h.cookie = admin.cookie;
    else if (a.includes('kiosk')) h.authorization = `Bearer ${KIOSK_TOKEN}`;
    else if (a.includes('display')) h.authorization = `Bearer ${DISPLAY_TOKEN}`;
    else if (a.includes('agent')) h.authorization = `Bearer ${AGENT_TOKEN}`;
    return h;
  };

  const login = async (badge: string): Promise<string> => {
    const res = await fetch(`${srv.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: srv.url }, body: JSON.stringify({ badge, password: TEST_PASSWORD }) });
    expect(res.status, `login ${badge}`).toBe(200);
    return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  };

  const call = async (method: string, url: string, headers: Record<string, string>, body?: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${srv.url}${url}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    return { status: res.status, text: await res.text() };
  };

  const kioskIssue = async (): Promise<string> => {
    const r = await call('POST', '/api/kiosk/tickets', { authorization: `Bearer ${KIOSK_TOKEN}`, 'content-type': 'application/json', origin: srv.url }, JSON.stringify({ queue: 'QA' }));
    expect(r.status, r.text).toBe(200);
    return (JSON.parse(r.text) as { number: string }).number;
  };

  beforeAll(async () => {
    srv = await startTestServer();
    admin = { cookie: await login('A001') };
    for (let i = 0; i < 3; i++) await kioskIssue();
  });
  afterAll(async () => {
    await srv?.stop();
  });

  it('answers every HTTP case with a success or a coded refusal, never a 5xx', async () => {
    const doc = JSON.parse((await call('GET', '/api/openapi.json', { origin: srv.url })).text) as Parameters<typeof operations>[0];
    const ops = operations(doc).filter((op) => !SKIPPED.has(`${op.method} ${op.path}`));
    expect(ops.length).toBeGreaterThan(80);
    const g = new Gen(mulberry32(SEED));
    const u = new Gen(mulberry32(SEED + 2), 300); // for the address: Node's parser refuses a request line over 16 kB (431) before the app
    for (const op of ops) {
      for (let c = 0; c < CASES_PER_ROUTE; c++) {
        const url =
          // Real keys too, but never for a DELETE: removing queue QA or kiosk K1 would only test the fuzzer.
          op.path.replace(/\{[^}]+\}/g, () => (op.method !== 'DELETE' && g.chance(0.3) ? g.pick(['1', '2', '99999', 'QA', 'K1', 'D1', 'x']) : g.chance(0.1) ? g.pick(['%', '%zz', '%ED%A0%80', '..']) : encodeAny(u.string() || 'x'))) +
          (() => {
            const keys = [...op.queryKeys, ...(g.chance(0.3) ? [u.string()] : [])];
            const parts = keys
              .filter(() => g.chance(0.8))
              .map((k) => {
                const key = encodeAny(k);
                if (g.chance(0.1)) return `${key}[]=${encodeAny(u.string())}&${key}[]=${encodeAny(u.string())}`;
                if (g.chance(0.1)) return `${key}[a][b]=${encodeAny(u.string())}`;
                return `${key}=${encodeAny(g.chance(0.2) ? String(g.number()) : u.string())}`;
              });
            return parts.length ? `?${parts.join('&')}` : '';
          })();
        const headers = headersFor(op);
        let body: string | undefined;
        if (op.method !== 'GET') {
          const kind = g.int(0, 9);
          if (kind <= 5) {
            const obj: Record<string, unknown> = {};
            for (const k of op.bodyKeys) if (g.chance(0.8)) obj[k] = g.value();
            if (g.chance(0.3)) obj[g.string()] = g.value();
            body = JSON.stringify(obj);
          } else if (kind <= 7) body = JSON.stringify(g.value());
          else if (kind === 8) body = g.pick(['{"badge":"\\ud800","password":"\\udfff"}', '{"a":"\\u0000"}', '{', '[1,2', '"\\ud83d"', 'null', '', '{"__proto__":{"x":1}}', '{"constructor":{"prototype":{}}}']);
          else body = JSON.stringify(g.deep());
          headers['content-type'] = g.chance(0.93) ? 'application/json' : g.pick(['text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'text/csv']);
        }
        let answer: { status: number; text: string };
        try {
          answer = await call(op.method, url, headers, body);
        } catch (error) {
          failures.push(`${op.method} ${op.path} #${c}: no answer (${(error as Error).message})`);
          continue;
        }
        const label = `${op.method} ${url.slice(0, 120)} body=${(body ?? '').slice(0, 120)}`;
        if (answer.status === 431 || answer.status === 414) continue; // Node's HTTP parser, before any code of ours
        if (answer.status >= 500) failures.push(`${label} → ${answer.status} ${answer.text.slice(0, 300)}`);
        else if (answer.status >= 400 && op.path.startsWith('/api/')) {
          let code: unknown;
          try {
            code = (JSON.parse(answer.text) as { error?: { code?: unknown } }).error?.code;
          } catch {
            code = undefined;
          }
          if (typeof code !== 'string') failures.push(`${label} → ${answer.status} without an error code: ${answer.text.slice(0, 200)}`);
        }
      }
      // The fuzzer's own session survives: nothing it sends may sign the admin out.
      const me = await call('GET', '/api/auth/me', { cookie: admin.cookie, origin: srv.url });
      expect(me.text, `after ${op.method} ${op.path}`).toContain('A001');
    }
    expect(failures.slice(0, 15), `${failures.length} failures`).toEqual([]);
  }, 240_000);

  it('refuses every malformed socket payload with an acknowledgement carrying a code, and stays connected', async () => {
    const g = new Gen(mulberry32(SEED + 1), 8_000, 300);
    const open = (auth: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const s = connect(srv.url, { transports: ['websocket'], auth, reconnection: false, forceNew: true, extraHeaders: { origin: srv.url, ...headers } });
        s.once('connect', () => resolve(s));
        s.once('connect_error', reject);
      });
    const staff = await open({}, { cookie: admin.cookie });
    const agent = await open({ token: AGENT_TOKEN });
    const display = await open({ token: DISPLAY_TOKEN });
    try {
      const events: [Socket, string][] = [
        [staff, 'sync'],
        [display, 'sync'],
        [staff, 'window:command'],
        [agent, 'agent:register'],
        [agent, 'agent:card'],
        [agent, 'agent:key'],
        [agent, 'agent:evaluation'],
        [agent, 'agent:print-result'],
        [agent, 'agent:health'],
      ];
      const socketFailures: string[] = [];
      for (const [socket, event] of events) {
        for (let c = 0; c < SOCKET_CASES; c++) {
          if (!socket.connected) {
            socketFailures.push(`${event} #${c}: the socket was disconnected`);
            break;
          }
          const payload = g.chance(0.7) ? Object.fromEntries(Array.from({ length: g.int(0, 5) }, () => [g.pick(['afterSeq', 'snapshot', 'window', 'action', 'body', 'devices', 'device', 'key', 'level', 'jobId', 'ok', 'state', g.string()]), g.value()])) : g.value();
          // Past socket.io's message limit (64 kB) the transport closes the connection by design: not what is fuzzed here.
          if ((JSON.stringify(payload) ?? '').length > 40_000) continue;
          // Without an acknowledgement a refusal has nowhere to go; it must simply not crash anything.
          if (g.chance(0.1)) socket.emit(event as 'sync', payload as never);
          let ack: unknown;
          try {
            ack = await (socket.timeout(5000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> }).emitWithAck(event, payload);
          } catch (error) {
            console.warn(`${event} #${c}: no acknowledgement for ${JSON.stringify(payload).slice(0, 300)}`);
            socketFailures.push(`${event} #${c}: no acknowledgement (${(error as Error).message}) for ${JSON.stringify(payload).slice(0, 200)}`);
            continue;
          }
          const a = ack as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
          if (a?.ok === true) continue;
          if (a?.ok !== false || typeof a.error?.code !== 'string' || typeof a.error?.message !== 'string') socketFailures.push(`${event} #${c}: acknowledged ${JSON.stringify(ack).slice(0, 200)}`);
          if (a?.error?.code === 'INTERNAL') socketFailures.push(`${event} #${c}: INTERNAL for ${JSON.stringify(payload).slice(0, 200)}`);
        }
        if (event === 'agent:register') {
          // Registered for real, so the device events below reach their handlers, not just "not registered".
          const registered = (await agent.timeout(5000).emitWithAck('agent:register', { devices: [{ id: 'p1', kind: 'printer', kiosk: 'K1' }, { id: 'c1', kind: 'caller', window: 1 }, { id: 'e1', kind: 'evaluator', window: 1 }] })) as { ok: boolean; error?: unknown };
          expect(registered, JSON.stringify(registered)).toMatchObject({ ok: true });
        }
      }
      expect(socketFailures.slice(0, 15), `${socketFailures.length} failures`).toEqual([]);
      // A lone surrogate in a payload is refused by code, before any handler.
      const refused = (await staff.timeout(5000).emitWithAck('sync', { afterSeq: 0, note: '\ud800' } as never)) as { ok: boolean; error?: { code: string } };
      expect(refused).toMatchObject({ ok: false, error: { code: 'MALFORMED_TEXT' } });
      for (const s of [staff, agent, display]) expect(s.connected).toBe(true);
      const sync = (await display.timeout(5000).emitWithAck('sync', { afterSeq: 0 })) as { ok: boolean };
      expect(sync.ok).toBe(true);
    } finally {
      for (const s of [staff, agent, display]) s.close();
    }
  }, 120_000);

  it('afterwards: health answers ok, numbering has no gap or duplicate, and audit:verify passes', async () => {
    const health = await call('GET', '/api/health', { origin: srv.url });
    expect(health.status).toBe(200);
    expect((JSON.parse(health.text) as { ok: boolean }).ok).toBe(true);

    const next = await kioskIssue();
    const list = await call('GET', '/api/tickets?limit=200', { cookie: admin.cookie, origin: srv.url });
    expect(list.status, list.text).toBe(200);
    const tickets = (JSON.parse(list.text) as { tickets: { number: string; queue: string }[] }).tickets;
    const byQueue = new Map<string, number[]>();
    for (const t of tickets) byQueue.set(t.queue, [...(byQueue.get(t.queue) ?? []), Number(t.number.replace(/^[A-Z]+/, ''))]);
    for (const [queue, serials] of byQueue) {
      const sorted = [...serials].sort((a, b) => a - b);
      expect(sorted, `queue ${queue}`).toEqual(sorted.map((_, i) => i + 1));
    }
    expect(Number(next.slice(1))).toBe(byQueue.get('QA')!.length);

    // The lone-surrogate login of the issue (it used to make the chain look altered).
    const bad = await call('POST', '/api/auth/login', { 'content-type': 'application/json', origin: srv.url }, '{"badge":"\\ud800","password":"x"}');

    const db = openDatabase({ dataDir: srv.dir });
    try {
      const chain = verifyAuditChain(db);
      expect(chain, JSON.stringify(chain)).toMatchObject({ ok: true });
      expect(chain.rows).toBeGreaterThan(3);
    } finally {
      db.close();
    }
    // The command an operator runs, on the same folder.
    const tsx = path.join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const { stdout } = await promisify(execFile)(tsx, ['server/cli/audit-verify.ts'], { env: { ...process.env, HALL_DATA_DIR: srv.dir }, cwd: process.cwd() });
    expect(stdout).toMatch(/Audit log intact: \d+ entries verified/);
    // Refused at the edge with a code, after authorization and before validation.
    expect(bad.status).toBe(400);
    expect((JSON.parse(bad.text) as { error: { code: string } }).error.code).toBe('MALFORMED_TEXT');
    // U+0000 too: the centre's PostgreSQL could not keep the event that carried it.
    const nul = await call('POST', '/api/windows/1/pause', { cookie: admin.cookie, 'content-type': 'application/json', origin: srv.url }, '{"reason":"a\\u0000b"}');
    expect(nul.status, nul.text).toBe(400);
    expect((JSON.parse(nul.text) as { error: { code: string } }).error.code).toBe('MALFORMED_TEXT');
  }, 60_000);
});
