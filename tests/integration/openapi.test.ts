import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/auth/sessions.ts';
import { NO_CONTENT, type RegisteredRoute } from '../../server/http/route.ts';
import { startTestServer, type TestServer } from '../fixtures/server.ts';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema: Record<string, unknown> }> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, Record<string, unknown>>; schemas: Record<string, unknown> };
}

/** The document a real server serves at /api/openapi.json, checked against the routes it registered. */
describe('GET /api/openapi.json', () => {
  let srv: TestServer;
  let doc: Doc;
  const operations: { key: string; route: RegisteredRoute; op: Operation }[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    const r = await srv.api('GET', '/api/openapi.json');
    expect(r.status).toBe(200);
    doc = r.body as Doc;
    for (const route of srv.routes) {
      const op = doc.paths[route.path.replace(/:(\w+)/g, '{$1}')]?.[route.method];
      if (op) operations.push({ key: `${route.method.toUpperCase()} ${route.path}`, route, op });
    }
  });

  afterAll(async () => {
    await srv?.stop();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every registered route, and only those', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(srv.routes.length).toBeGreaterThan(60);
    expect(operations).toHaveLength(srv.routes.length);
    expect(documented).toHaveLength(srv.routes.length);
  });

  it('gives every operation a unique camelCase operationId', () => {
    const ids = operations.map((o) => o.op.operationId);
    for (const { key, op } of operations) expect(op.operationId, key).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.paths['/api/windows/{n}/state']?.get?.operationId).toBe('getWindowsByNState');
  });

  it('declares the success body of every operation: a JSON schema, a raw media type, or a 204', () => {
    for (const { key, route, op } of operations) {
      if (route.response === NO_CONTENT) {
        expect(op.responses['204'], key).toBeDefined();
        expect(op.responses['204']?.content, key).toBeUndefined();
        continue;
      }
      const content = op.responses['200']?.content;
      expect(content, `${key} has a 200 body`).toBeDefined();
      if (typeof route.response === 'object' && 'raw' in route.response) {
        expect(Object.keys(content!), key).toEqual([route.response.raw]);
      } else {
        const ref = content!['application/json']?.schema.$ref as string | undefined;
        expect(ref, `${key} refers to a component schema`).toMatch(/^#\/components\/schemas\//);
        expect(doc.components.schemas[ref!.split('/').pop()!], `${key}: ${ref} exists`).toBeDefined();
      }
    }
    const receipt = doc.paths['/api/kiosk/tickets']!.post!.responses['200']!.content!['application/json']!.schema;
    expect(receipt).toEqual({ $ref: '#/components/schemas/TicketReceipt' });
    expect(doc.paths['/api/stats/export.csv']!.get!.responses['200']!.content).toHaveProperty(['text/csv']);
  });

  it('resolves every $ref in the document; component schemas carry no $id to move the base URI', () => {
    for (const [name, schema] of Object.entries(doc.components.schemas)) expect(schema, name).not.toHaveProperty('$id');
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    for (const ref of new Set(refs)) {
      expect(ref, ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas[ref.split('/').pop()!], ref).toBeDefined();
    }
  });

  it('names the staff session cookie and the device bearer token as security schemes', () => {
    expect(doc.components.securitySchemes).toEqual({
      staffSession: expect.objectContaining({ type: 'apiKey', in: 'cookie', name: SESSION_COOKIE }),
      deviceToken: expect.objectContaining({ type: 'http', scheme: 'bearer' }),
    });
    expect(SESSION_COOKIE).toBe('hallq_session');
  });

  it("gives every operation the security of its route's allow list", () => {
    // Written out from the allow semantics (route.ts callerAllowed), not from the generator.
    const admitted: Record<string, string[]> = { staff: ['staff', 'supervisor', 'admin'], supervisor: ['supervisor', 'admin'], admin: ['admin'] };
    for (const { key, route, op } of operations) {
      const security = op.security ?? [];
      const anonymous = security.some((s) => Object.keys(s).length === 0);
      expect(anonymous, `${key}: anonymous`).toBe(route.allow.includes('anonymous'));
      const roles = new Set(route.allow.flatMap((c) => admitted[c] ?? []));
      const session = security.find((s) => 'staffSession' in s)?.staffSession;
      expect(new Set(session ?? []), `${key}: staff roles`).toEqual(roles);
      const devices = route.allow.filter((c) => c === 'kiosk' || c === 'display' || c === 'agent');
      const device = security.find((s) => 'deviceToken' in s)?.deviceToken;
      expect([...(device ?? [])].sort(), `${key}: device kinds`).toEqual([...devices].sort());
      expect(security.length, `${key}: one requirement per way in`).toBe(Number(anonymous) + Number(roles.size > 0) + Number(devices.length > 0));
    }
    expect(doc.paths['/api/kiosk/tickets']!.post!.security).toEqual([{ deviceToken: ['kiosk'] }]);
    expect(doc.paths['/api/admin/rules']!.put!.security).toEqual([{ staffSession: ['admin'] }]);
    expect(doc.paths['/api/health']!.get!.security).toEqual([{}, { staffSession: ['staff', 'supervisor', 'admin'] }, { deviceToken: ['kiosk', 'display', 'agent'] }]);
  });
});
