import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentral } from '../../central/app.ts';
import { createTestDatabase } from './pg.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/** Central users an admin creates, bound to a region of their role's level, and the first admin of a real centre. */
let c: TestCentral;
let admin: string;
beforeAll(async () => {
  c = await startTestCentral();
  admin = await c.login('admin');
});
afterAll(() => c?.stop());

const create = (body: Record<string, unknown>) => c.api('POST', '/api/admin/users', { cookie: admin, body });
const STRONG = 'Simao-tea-hills-2026!';

describe('central users', () => {
  it('creates a county supervisor who signs in and sees only that county', async () => {
    const r = await create({ username: 'simao2', displayName: '思茅区督查员二', role: 'county', region: '530802', password: STRONG });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'simao2', role: 'county', region: '530802', regionPath: ['530000', '530800', '530802'] });
    const login = await c.api('POST', '/api/auth/login', { body: { username: 'simao2', password: STRONG } });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const regions = await c.api('GET', '/api/regions', { cookie });
    expect(regions.body.regions.map((x: { code: string }) => x.code)).toEqual(['530802']);
    expect((await c.api('GET', '/api/halls', { cookie })).body.halls).toEqual([]);
    const list = await c.api('GET', '/api/admin/users', { cookie: admin });
    expect(list.body.users.map((u: { username: string }) => u.username)).toContain('simao2');
    expect(JSON.stringify(list.body)).not.toContain('scrypt');
  });

  it('refuses a weak password, a role bound to the wrong level, an admin with a region and a taken name', async () => {
    expect((await create({ username: 'weak', displayName: '弱', role: 'county', region: '530802', password: '1234567890' })).status).toBe(400);
    const level = await create({ username: 'wronglevel', displayName: '错级', role: 'prefecture', region: '530802', password: STRONG });
    expect(level.status).toBe(400);
    expect(level.body.error.message).toContain('prefecture');
    expect((await create({ username: 'admin2', displayName: '管', role: 'admin', region: '530000', password: STRONG })).status).toBe(400);
    expect((await create({ username: 'lancang', displayName: '重复', role: 'county', region: '530830', password: STRONG })).status).toBe(409);
  });

  it('makes the first admin of a real centre from the configured password, once', async () => {
    const db = await createTestDatabase();
    try {
      const first = await createCentral({ databaseUrl: db.url, adminPassword: STRONG });
      try {
        const users = await first.pool.query("SELECT username, role, region FROM central_users");
        expect(users.rows).toEqual([{ username: 'admin', role: 'admin', region: null }]);
        expect((await first.pool.query('SELECT count(*)::int AS n FROM central_halls')).rows[0].n).toBe(0);
        const login = await fetch(`${first.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: STRONG }) });
        expect(login.status).toBe(200);
      } finally {
        await first.close();
      }
      // A second start with another password changes nothing.
      const second = await createCentral({ databaseUrl: db.url, adminPassword: 'Another-strong-pass-77' });
      try {
        const login = await fetch(`${second.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'Another-strong-pass-77' }) });
        expect(login.status).toBe(401);
      } finally {
        await second.close();
      }
      const weak = await createTestDatabase();
      try {
        await expect(createCentral({ databaseUrl: weak.url, adminPassword: 'short' })).rejects.toThrow(/密码/);
      } finally {
        await weak.drop();
      }
    } finally {
      await db.drop();
    }
  });
});
