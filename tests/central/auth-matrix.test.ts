import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COUNTY, DEMO_HALLS } from '../../central/demo/county.ts';
import { scriptedHall } from './ingest-script.ts';
import { startTestCentral, type TestCentral } from './server-harness.ts';

/**
 * Every central route × every kind of caller, from one table. The table must name exactly the routes
 * the server registers: a new route without an entry here fails the first test.
 *
 * Callers: admin; province (云南省); prefecture (普洱市); county (澜沧江县, the demo county); another
 * county's supervisor (思茅区, no halls); no session; a hall token on a user route.
 */
type Caller = 'admin' | 'province' | 'prefecture' | 'county' | 'otherCounty' | 'none' | 'hall';
const CALLERS: Caller[] = ['admin', 'province', 'prefecture', 'county', 'otherCounty', 'none', 'hall'];
const USERNAME: Partial<Record<Caller, string>> = { admin: 'admin', province: 'yunnan', prefecture: 'puer', county: 'lancang', otherCounty: 'simao' };

const HALL = DEMO_HALLS[0]!;
/** A hall the admin-only token routes may revoke and re-issue without disturbing other tests. */
const SPARE = DEMO_HALLS[DEMO_HALLS.length - 1]!;
const MONTH = 'from=2026-11-01&to=2026-11-30';

interface Case {
  path: string | (() => string);
  body?: unknown | (() => unknown);
  expect: Record<Caller, number>;
}

/** Expected status by caller for the families of routes. */
const PUBLIC = (status = 200): Record<Caller, number> => ({ admin: status, province: status, prefecture: status, county: status, otherCounty: status, none: status, hall: status });
/** Any signed-in user, scoped to their own subtree (every one of them answers). */
const ANY_USER = (ok = 200): Record<Caller, number> => ({ admin: ok, province: ok, prefecture: ok, county: ok, otherCounty: ok, none: 401, hall: 401 });
/** A resource of the demo county: visible to admin, province, prefecture and county, refused to another county. */
const DEMO_SCOPED: Record<Caller, number> = { admin: 200, province: 200, prefecture: 200, county: 200, otherCounty: 403, none: 401, hall: 401 };
const ADMIN = (ok: number): Record<Caller, number> => ({ admin: ok, province: 403, prefecture: 403, county: 403, otherCounty: 403, none: 401, hall: 401 });
const HALL_ONLY = (ok: number): Record<Caller, number> => ({ admin: 401, province: 401, prefecture: 401, county: 401, otherCounty: 401, none: 401, hall: ok });

let serial = 100;
const MATRIX: Record<string, Case> = {
  'GET /api/health': { path: '/api/health', expect: PUBLIC() },
  'POST /api/auth/login': { path: '/api/auth/login', body: { username: 'lancang', password: 'demo-lancang-2026' }, expect: PUBLIC() },
  'POST /api/auth/logout': { path: '/api/auth/logout', body: {}, expect: ANY_USER(204) },
  'GET /api/auth/me': { path: '/api/auth/me', expect: ANY_USER() },
  'GET /api/regions': { path: '/api/regions', expect: ANY_USER() },
  'GET /api/regions/:code': { path: `/api/regions/${DEMO_COUNTY}`, expect: DEMO_SCOPED },
  'GET /api/halls': { path: '/api/halls?live=true', expect: ANY_USER() },
  'GET /api/halls/:code': { path: `/api/halls/${HALL.code}`, expect: DEMO_SCOPED },
  'GET /api/halls/:code/catalog': { path: `/api/halls/${HALL.code}/catalog`, expect: DEMO_SCOPED },
  'GET /api/feed': { path: '/api/feed?after=0', expect: ANY_USER() },
  'GET /api/stats': { path: `/api/stats?region=${DEMO_COUNTY}&${MONTH}`, expect: DEMO_SCOPED },
  'GET /api/stats.csv': { path: `/api/stats.csv?hall=${HALL.code}&${MONTH}`, expect: DEMO_SCOPED },
  'GET /api/rankings': { path: `/api/rankings?region=${DEMO_COUNTY}&${MONTH}`, expect: DEMO_SCOPED },
  'GET /api/public/appraisal': { path: `/api/public/appraisal?region=${DEMO_COUNTY}&month=2026-11`, expect: PUBLIC() },
  'GET /api/evaluations': { path: `/api/evaluations?region=${DEMO_COUNTY}&push=rejected`, expect: DEMO_SCOPED },
  'POST /api/admin/regions': {
    path: '/api/admin/regions',
    body: () => ({ code: `530802${++serial}000`, name: `测试镇${serial}`, level: 'township', parent: '530802' }),
    expect: ADMIN(201),
  },
  'POST /api/admin/halls': {
    path: '/api/admin/halls',
    body: () => ({ code: `MX-${++serial}`, name: `测试厅${serial}`, kind: 'village_station', region: DEMO_COUNTY }),
    expect: ADMIN(201),
  },
  'POST /api/admin/halls/:code/token': { path: `/api/admin/halls/${SPARE.code}/token`, body: {}, expect: ADMIN(200) },
  'DELETE /api/admin/halls/:code/token': { path: `/api/admin/halls/${SPARE.code}/token`, expect: ADMIN(200) },
  'GET /api/admin/halls/:code/divergences': { path: `/api/admin/halls/${HALL.code}/divergences`, expect: ADMIN(200) },
  // Authorised, but there is nothing to resolve: 409 shows the request got past authentication.
  'POST /api/admin/halls/:code/divergence/resolve': { path: `/api/admin/halls/${HALL.code}/divergence/resolve`, body: { action: 'accept_new_history' }, expect: ADMIN(409) },
  'GET /api/admin/audit': { path: '/api/admin/audit?limit=5', expect: ADMIN(200) },
  'GET /api/admin/users': { path: '/api/admin/users', expect: ADMIN(200) },
  'POST /api/admin/users': {
    path: '/api/admin/users',
    body: () => ({ username: `sup${++serial}`, displayName: '测试督查员', role: 'county', region: '530802', password: 'Lancang-river-9-bridges' }),
    expect: ADMIN(201),
  },
  'GET /api/uplink/v1/high-water': { path: '/api/uplink/v1/high-water', expect: HALL_ONLY(200) },
  'POST /api/uplink/v1/events': {
    path: '/api/uplink/v1/events',
    body: () => ({ hall: HALL.code, epoch: 'matrix', events: uplinkEvents }),
    expect: HALL_ONLY(200),
  },
};

const uplinkEvents = scriptedHall(HALL.code, 2).day('2026-11-30', 2);

let c: TestCentral;
const cookies: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  c = await startTestCentral();
  for (const caller of CALLERS) if (USERNAME[caller]) cookies[caller] = await c.login(USERNAME[caller]!);
}, 60_000);
afterAll(() => c?.stop());

async function call(key: string, caller: Caller): Promise<number> {
  const [method, ...rest] = key.split(' ');
  void rest;
  const k = MATRIX[key]!;
  const path = typeof k.path === 'function' ? k.path() : k.path;
  const body = typeof k.body === 'function' ? (k.body as () => unknown)() : k.body;
  // Logout ends the session it is given: use a fresh one, so the other routes keep theirs.
  const cookie = key === 'POST /api/auth/logout' && USERNAME[caller] ? await c.login(USERNAME[caller]!) : cookies[caller];
  const r = await c.api(method!, path, { ...(body !== undefined ? { body } : {}), ...(cookie ? { cookie } : {}), ...(caller === 'hall' ? { token: HALL.token } : {}) });
  return r.status;
}

describe('auth matrix', () => {
  it('has exactly one entry per registered route', () => {
    const registered = c.central.routes.map((r) => `${r.method.toUpperCase()} ${r.path}`).sort();
    expect(Object.keys(MATRIX).sort()).toEqual(registered);
  });

  for (const key of Object.keys(MATRIX)) {
    it(key, async () => {
      const got: Record<string, number> = {};
      for (const caller of CALLERS) got[caller] = await call(key, caller);
      expect(got).toEqual(MATRIX[key]!.expect);
    });
  }

  it('a route that does not exist answers 404 in the error shape', async () => {
    const r = await c.api('GET', '/api/nothing-here', { cookie: cookies.admin! });
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NOT_FOUND');
  });
});
