import { z } from 'zod';
import * as admin from '../../contract/admin.ts';
import * as responses from '../../contract/responses.ts';
import * as snapshot from '../../contract/snapshot.ts';
import * as socket from '../../contract/socket.ts';
import { PublicTicket, TicketView } from '../../contract/ticket.ts';
import { SESSION_COOKIE } from '../auth/sessions.ts';
import { NO_CONTENT, operationId, type Caller, type RegisteredRoute } from './route.ts';

/** Contract schemas that get a name in components.schemas (the rest are inlined where used). */
const NAMED: Record<string, unknown> = {
  ...responses,
  TicketView,
  PublicTicket,
  QueueStatusView: snapshot.QueueStatusView,
  WindowStateView: snapshot.WindowStateView,
  FullWindowStateView: snapshot.FullWindowStateView,
  RecentCall: snapshot.RecentCall,
  NoticeView: snapshot.NoticeView,
  Snapshot: snapshot.Snapshot,
  StreamEvent: socket.StreamEvent,
  DeviceStatusView: socket.DeviceStatusView,
  ...Object.fromEntries(
    (
      [
        'StatsResponse', 'RankingsResponse', 'SupervisionView', 'SupervisionAlertsPayload', 'SupervisionSettings', 'CaseView', 'CaseList',
        'WebhookView', 'WebhookDeliveryView', 'WebhookList', 'WebhookCreated', 'WebhookUpdated', 'WebhookDeliveryList', 'WebhookPinged',
        'WebhookDispatched', 'WebhookSettings', 'CatalogImportResult',
      ] as const
    ).map((name) => [name, admin[name]]),
  ),
};

const SESSION = 'staffSession';
const DEVICE = 'deviceToken';
const STAFF_ROLES: Record<'staff' | 'supervisor' | 'admin', string[]> = {
  staff: ['staff', 'supervisor', 'admin'],
  supervisor: ['supervisor', 'admin'],
  admin: ['admin'],
};

/**
 * The security requirements of a route's allow list: `{}` when anonymous callers are let in, the staff
 * session with the roles it admits, the device token with the device kinds it admits. (OpenAPI 3.1
 * lets non-OAuth schemes list role names.)
 */
export function securityFor(allow: readonly Caller[]): Record<string, string[]>[] {
  const roles = [...new Set(allow.flatMap((c) => (c === 'staff' || c === 'supervisor' || c === 'admin' ? STAFF_ROLES[c] : [])))];
  const devices = allow.filter((c) => c === 'kiosk' || c === 'display' || c === 'agent');
  return [
    ...(allow.includes('anonymous') ? [{}] : []),
    ...(roles.length ? [{ [SESSION]: ['staff', 'supervisor', 'admin'].filter((r) => roles.includes(r)) }] : []),
    ...(devices.length ? [{ [DEVICE]: devices }] : []),
  ];
}

/** OpenAPI 3.1 generated from the same zod schemas the routes validate requests and responses with. */
export function openApiDocument(title: string, routes: readonly RegisteredRoute[]): Record<string, unknown> {
  // Response schemas go through one registry, so shared shapes become $refs into components.schemas.
  const registry = z.registry<{ id: string }>();
  for (const [name, value] of Object.entries(NAMED)) {
    if (value instanceof z.ZodType && !registry.has(value)) registry.add(value, { id: name });
  }
  const responseRef = new Map<RegisteredRoute, string>();
  for (const r of routes) {
    if (!(r.response instanceof z.ZodType)) continue;
    if (!registry.has(r.response)) registry.add(r.response, { id: `${upperFirst(operationId(r))}Response` });
    responseRef.set(r, registry.get(r.response)!.id);
  }
  const { schemas } = z.toJSONSchema(registry, { io: 'output', unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  // Components live in this document: no $schema, and no $id (a fragment $id would move the base URI).
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }

  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.path.replace(/:(\w+)/g, '{$1}');
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    const ref = responseRef.get(r);
    const success =
      r.response === NO_CONTENT
        ? { '204': { description: 'Done; no body' } }
        : ref
          ? { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } } }
          : { '200': { description: 'OK', content: { [(r.response as { raw: string }).raw]: { schema: { type: 'string', format: 'binary' } } } } };
    const op: Record<string, unknown> = {
      operationId: operationId(r),
      summary: r.summary,
      tags: [r.tag],
      'x-allowed-callers': r.allow,
      security: securityFor(r.allow),
      parameters: params,
      responses: {
        ...success,
        '4XX': { description: 'Refused', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: inline(r.body) } } };
    if (r.query) {
      const q = inline(r.query) as { properties?: Record<string, unknown>; required?: string[] };
      op.parameters = [...params, ...Object.entries(q.properties ?? {}).map(([name, schema]) => ({ name, in: 'query', required: q.required?.includes(name) ?? false, schema }))];
    }
    (paths[path] ??= {})[r.method] = op;
  }
  return {
    openapi: '3.1.0',
    info: { title, version: '1' },
    paths,
    components: {
      securitySchemes: {
        [SESSION]: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'Staff session from POST /api/auth/login (HttpOnly cookie).' },
        [DEVICE]: { type: 'http', scheme: 'bearer', description: 'Device token of a kiosk, display or device agent (Authorization: Bearer …), issued by POST /api/admin/devices/{key}/token.' },
      },
      schemas: {
        ...schemas,
        Error: {
          type: 'object',
          properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'object' } }, required: ['code', 'message'] } },
          required: ['error'],
        },
      },
    },
  };
}

function inline(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const upperFirst = (s: string) => s[0]!.toUpperCase() + s.slice(1);
