import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral, type Central } from '../../central/app.ts';
import { DEMO_HALLS, DEMO_REGIONS } from '../../central/demo/county.ts';
import { listMigrations } from '../../central/db/migrate.ts';
import { DEMO_USERS } from '../../central/seed/demo.ts';
import { scriptedHall } from './ingest-script.ts';
import { createTestDatabase, type TestDatabase } from './pg.ts';

/** Start-up: two instances migrating and seeding one database at once, then sharing its ingestion. */
let db: TestDatabase;
let a: Central;
let b: Central;

beforeAll(async () => {
  db = await createTestDatabase();
  [a, b] = await Promise.all([
    createCentral({ databaseUrl: db.url, port: 0, host: '127.0.0.1', demo: true }),
    createCentral({ databaseUrl: db.url, port: 0, host: '127.0.0.1', demo: true }),
  ]);
}, 60_000);
afterAll(async () => {
  await a?.close();
  await b?.close();
  await db?.drop();
});

const one = async (sql: string) => (await a.pool.query<{ n: number }>(sql)).rows[0]!.n;

describe('central start-up', () => {
  it('two instances starting together apply each migration once and seed the demo county once', async () => {
    expect(await one('SELECT count(*)::int AS n FROM central_migrations')).toBe(listMigrations().length);
    expect(await one('SELECT count(*)::int AS n FROM central_regions')).toBe(DEMO_REGIONS.length + 1);
    expect(await one('SELECT count(*)::int AS n FROM central_halls')).toBe(DEMO_HALLS.length);
    expect(await one('SELECT count(*)::int AS n FROM central_users')).toBe(DEMO_USERS.length);
    for (const c of [a, b]) {
      const h = await fetch(`${c.url}/api/health`);
      expect(h.status).toBe(200);
      expect(await h.json()).toMatchObject({ status: 'ok', database: 'ok', migrations: listMigrations().length, instance: c.instance });
    }
    expect(a.instance).not.toBe(b.instance);
  });

  it('a restart finds nothing to migrate and keeps what the seed made (a revoked demo token stays revoked)', async () => {
    await a.pool.query("UPDATE central_halls SET token_hash = NULL WHERE code = 'LCJ-V30'");
    const c = await createCentral({ databaseUrl: db.url, port: 0, host: '127.0.0.1', demo: true });
    try {
      expect(await one("SELECT count(*)::int AS n FROM central_halls WHERE code = 'LCJ-V30' AND token_hash IS NULL")).toBe(1);
      expect(await one('SELECT count(*)::int AS n FROM central_migrations')).toBe(listMigrations().length);
    } finally {
      await c.close();
    }
  });

  it('two instances ingesting the same hall at once store each event once', async () => {
    const hall = DEMO_HALLS[4]!;
    const events = scriptedHall(hall.code, 17).day('2026-11-30', 30);
    const post = (c: Central, slice: typeof events) =>
      fetch(`${c.url}/api/uplink/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${hall.token}` },
        body: JSON.stringify({ hall: hall.code, epoch: 'e1', events: slice }),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const [x, y] = await Promise.all([post(a, events), post(b, events)]);
    expect([x.status, y.status]).toEqual([200, 200]);
    expect(x.body.accepted + y.body.accepted).toBe(events.length);
    expect(x.body.duplicates + y.body.duplicates).toBe(events.length);
    expect(await one(`SELECT count(*)::int AS n FROM central_events WHERE hall = '${hall.code}'`)).toBe(events.length);
    const ids = new Set(events.filter((e) => e.type === 'ticket.issued').map((e) => e.ticket!.id));
    expect(await one(`SELECT sum(issued)::int AS n FROM proj_daily WHERE hall = '${hall.code}'`)).toBe(ids.size);
  });

  it('checks region codes against their level and parent', async () => {
    const login = await fetch(`${a.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo-admin-2026' }) });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const create = (body: unknown) =>
      fetch(`${a.url}/api/admin/regions`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({ status: r.status, body: await r.json() }));
    // A township not under its county's code; a county with a township-length code; a village under a county.
    expect((await create({ code: '530831101000', name: '错镇', level: 'township', parent: '530830' })).status).toBe(400);
    expect((await create({ code: '530830999000', name: '错县', level: 'county', parent: '530800' })).status).toBe(400);
    expect((await create({ code: '530830100299', name: '错村', level: 'village', parent: '530830' })).status).toBe(400);
    expect((await create({ code: '530899', name: '新县', level: 'county', parent: '530800' })).status).toBe(201);
    const dup = await create({ code: '530899', name: '新县', level: 'county', parent: '530800' });
    expect(dup.status).toBe(409);
    const badParent = await create({ code: '530898', name: '无父', level: 'county', parent: '530700' });
    expect(badParent.status).toBe(404);
    expect(badParent.body.error.message).toContain('530700');
  });

  it('keeps the centre’s copy of a hall’s configuration without secrets', async () => {
    const hall = DEMO_HALLS[4]!;
    const rows = await a.pool.query<{ entity: string; code: string; value: Record<string, unknown> }>('SELECT entity, code, value FROM proj_catalog WHERE hall = $1', [hall.code]);
    const staff = rows.rows.filter((r) => r.entity === 'staff');
    expect(staff.map((s) => s.code).sort()).toEqual(['T001', 'T002']);
    const text = JSON.stringify(rows.rows);
    for (const secret of ['must-not-be-stored', 'scrypt$also-not', 'kiosk-token-secret', 'password', 'demoToken']) expect(text).not.toContain(secret);
    expect(rows.rows.find((r) => r.entity === 'items' && r.code === 'I3')!.value).toMatchObject({ name: '发票领用', department: 'SW' });
  });
});
