import { createCentral, type Central } from '../../central/app.ts';
import { DEMO_USERS } from '../../central/seed/demo.ts';
import type { UplinkBatch } from '../../contract/central/uplink.ts';
import type { HallEvent } from '../../contract/events.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

/**
 * A central server on 127.0.0.1:0 over its own fresh database, seeded with the demo county, and
 * helpers to call it over real HTTP: as a demo user (cookie), as a hall (token) or anonymously.
 */
export interface TestCentral {
  central: Central;
  db: TestDatabase;
  api(method: string, path: string, opts?: { body?: unknown; cookie?: string; token?: string; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  login(username: string): Promise<string>;
  post(token: string, hall: string, events: readonly HallEvent[], epoch?: string): Promise<{ status: number; body: any }>;
  stop(): Promise<void>;
}

export async function startTestCentral(opts: { db?: TestDatabase } = {}): Promise<TestCentral> {
  const db = opts.db ?? (await createTestDatabase());
  const central = await createCentral({ databaseUrl: db.url, port: 0, host: '127.0.0.1', demo: true });
  const api: TestCentral['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.body !== undefined) headers['content-type'] ??= 'application/json';
    if (o.cookie) headers.cookie = o.cookie;
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const res = await fetch(central.url + path, { method, headers, body: o.body === undefined ? undefined : typeof o.body === 'string' ? o.body : JSON.stringify(o.body) });
    const text = await res.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: res.status, body, text, headers: res.headers };
  };
  return {
    central,
    db,
    api,
    async login(username) {
      const user = DEMO_USERS.find((u) => u.username === username);
      if (!user) throw new Error(`no demo user ${username}`);
      const res = await fetch(`${central.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: user.password }),
      });
      if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
      return cookie;
    },
    async post(token, hall, events, epoch = 'epoch-1') {
      const batch: UplinkBatch = { hall, epoch, events: [...events] };
      const r = await api('POST', '/api/uplink/v1/events', { token, body: batch });
      return { status: r.status, body: r.body };
    },
    async stop() {
      await central.close();
      if (!opts.db) await db.drop();
    },
  };
}

/** Posts events in batches of `size`, failing on any refusal. */
export async function postAll(c: TestCentral, token: string, hall: string, events: readonly HallEvent[], size = 200): Promise<void> {
  for (let i = 0; i < events.length; i += size) {
    const r = await c.post(token, hall, events.slice(i, i + size));
    if (r.status !== 200) throw new Error(`batch at ${i}: ${r.status} ${JSON.stringify(r.body)}`);
  }
}
