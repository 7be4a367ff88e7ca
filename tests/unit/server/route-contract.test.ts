import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ANONYMOUS } from '../../../server/auth/principal.ts';
import { EVERYONE, NO_CONTENT, operationId, raw, routeKit, type RouteKit } from '../../../server/http/route.ts';

/** The response check in route.ts: a server that breaks its own contract answers 500 and logs it. */
describe('route response contract', () => {
  const Thing = z.object({ name: z.string(), count: z.number(), tags: z.array(z.object({ code: z.string() })) });
  const logged: unknown[] = [];
  let server: Server;
  let base = '';
  let add: RouteKit;
  let unchecked: RouteKit;

  beforeAll(async () => {
    const app = express();
    app.use((_req, res, next) => {
      res.locals.principal = ANONYMOUS;
      next();
    });
    const router = express.Router();
    const plain = express.Router();
    add = routeKit(router, () => undefined, undefined, { checkResponses: true, log: { error: (o: unknown) => logged.push(o) } as never });
    unchecked = routeKit(plain, () => undefined, undefined, { checkResponses: false });
    const spec = { summary: 's', tag: 't', allow: EVERYONE } as const;
    add({ ...spec, method: 'get', path: '/good', response: Thing }, () => ({ name: 'a', count: 1, tags: [{ code: 'x' }] }));
    add({ ...spec, method: 'get', path: '/wrong-type', response: Thing }, () => ({ name: 'a', count: '1', tags: [] }) as never);
    add({ ...spec, method: 'get', path: '/extra-key', response: Thing }, () => ({ name: 'a', count: 1, tags: [{ code: 'x', idNumber: 'secret' }] }));
    add({ ...spec, method: 'get', path: '/nothing', response: Thing }, () => undefined as never);
    add({ ...spec, method: 'post', path: '/done', response: NO_CONTENT }, () => undefined);
    add({ ...spec, method: 'post', path: '/done-with-body', response: NO_CONTENT }, () => ({ ok: true }) as never);
    add({ ...spec, method: 'get', path: '/csv', response: raw('text/csv') }, ({ res }) => void res.type('text/csv').send('a,b\n'));
    add({ ...spec, method: 'get', path: '/csv-as-html', response: raw('text/csv') }, ({ res }) => void res.type('html').send('<p>'));
    unchecked({ ...spec, method: 'get', path: '/unchecked', response: Thing }, () => ({ name: 1 }) as never);
    app.use(router, plain);
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const call = async (method: string, path: string) => {
    // Writes are JSON (route.ts answers 415 otherwise), also without a body.
    const res = await fetch(base + path, method === 'GET' ? { method } : { method, headers: { 'content-type': 'application/json' } });
    const text = await res.text();
    return { status: res.status, type: res.headers.get('content-type'), body: text ? (JSON.parse(text.startsWith('{') ? text : '""') as { error?: { code: string; details: { problems: string[] } } }) : undefined };
  };

  it('passes a body that matches its schema through unchanged', async () => {
    const r = await call('GET', '/good');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ name: 'a', count: 1, tags: [{ code: 'x' }] });
  });

  it('answers 500 RESPONSE_CONTRACT, naming the field, for a wrong type, and logs it', async () => {
    const r = await call('GET', '/wrong-type');
    expect(r.status).toBe(500);
    expect(r.body?.error?.code).toBe('RESPONSE_CONTRACT');
    expect(r.body?.error?.details.problems.join(' ')).toContain('count');
    expect(JSON.stringify(logged)).toContain('GET /wrong-type');
  });

  it('refuses keys the schema does not declare (they would reach clients unnoticed)', async () => {
    const r = await call('GET', '/extra-key');
    expect(r.status).toBe(500);
    expect(r.body?.error?.details.problems).toEqual(['tags[0].idNumber: not declared in the response schema']);
  });

  it('refuses a missing body, and a body where 204 is declared; 204 without one passes', async () => {
    expect((await call('GET', '/nothing')).status).toBe(500);
    expect((await call('POST', '/done-with-body')).status).toBe(500);
    expect((await call('POST', '/done')).status).toBe(204);
  });

  it('checks the media type of a raw body (it cannot change a body already sent)', async () => {
    expect(await call('GET', '/csv')).toMatchObject({ status: 200, type: expect.stringMatching(/^text\/csv/) });
    logged.length = 0;
    expect((await call('GET', '/csv-as-html')).status).toBe(200);
    expect(JSON.stringify(logged)).toContain('declared text/csv but sent text/html');
  });

  it('checks nothing when turned off (production)', async () => {
    expect((await call('GET', '/unchecked')).status).toBe(200);
  });

  it('keeps a registry per kit, and refuses a route without a response spec', () => {
    expect(add.routes.map((r) => r.path)).toContain('/good');
    expect(add.routes.map((r) => r.path)).not.toContain('/unchecked');
    expect(unchecked.routes.map((r) => r.path)).toEqual(['/unchecked']);
    expect(() => add({ method: 'get', path: '/x', summary: 's', tag: 't', allow: EVERYONE } as never, () => undefined)).toThrow(/declares no response/);
  });

  it('derives stable camelCase operationIds from method and path', () => {
    expect(operationId({ method: 'get', path: '/api/windows/:n/state' })).toBe('getWindowsByNState');
    expect(operationId({ method: 'post', path: '/api/windows/:n/call-next' })).toBe('postWindowsByNCallNext');
    expect(operationId({ method: 'get', path: '/api/admin/items.csv' })).toBe('getAdminItemsCsv');
    expect(operationId({ method: 'get', path: '/api/x', operationId: 'given' })).toBe('given');
  });
});
