import express, { type Request, type Response, type Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import type { Logger } from '../common/logger.ts';
import { DomainError, forbidden, unauthenticated, validationError } from '../common/errors.ts';
import { findMalformedText, malformedText } from '../common/well-formed.ts';

/** Who may call a route. 'staff' admits every signed-in role, 'supervisor' admits admins too. */
export type Caller = 'anonymous' | 'kiosk' | 'display' | 'agent' | 'staff' | 'supervisor' | 'admin' | 'station';
/** 'station' is a village/township station account (代办): never admitted by 'staff', only where named. */
export const EVERYONE: Caller[] = ['anonymous', 'kiosk', 'display', 'agent', 'staff', 'station'];

/** A success body that is not JSON (CSV, WAV, HTML): the handler writes it itself. */
export interface RawResponse {
  raw: string;
}
export const raw = (mediaType: string): RawResponse => ({ raw: mediaType });

/** A 204: the handler returns nothing. */
export const NO_CONTENT = 'no-content';

/**
 * What a route answers on success: a contract schema (200, JSON), NO_CONTENT (204), or raw(mediaType).
 * Every route declares one; the OpenAPI document and the response check below are made from it.
 */
export type ResponseSpec = z.ZodType | typeof NO_CONTENT | RawResponse;

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, R extends ResponseSpec = ResponseSpec> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  allow: Caller[];
  body?: B;
  query?: Q;
  response: R;
  /** The OpenAPI operationId; derived from the method and path when absent (see operationId()). */
  operationId?: string;
  /** Audit action name; writes by staff, admins and devices are audited after they succeed. */
  audit?: string;
  /** Keep out of the group commit: for handlers that must write (e.g. audit a refusal) and then throw. */
  ungrouped?: boolean;
  /**
   * What else the caller must be, judged from the path alone (e.g. staff of window :n), checked with
   * the allow list before the body is read, so a caller out of scope gets 403, never a 400 about a body
   * it may not send. Return false to refuse, or a message naming what was refused.
   */
  scope?: (principal: Principal, params: Record<string, string>) => boolean | string;
  /**
   * Media types a write accepts (default JSON only). A type other than JSON is left unread for the
   * handler (CSV uploads). A form or `text/plain` body is never accepted: those are what another site
   * can send without a CORS preflight.
   */
  accepts?: readonly string[];
}

export type RegisteredRoute = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, ResponseSpec>;

export interface HandlerInput<B, Q> {
  req: Request;
  res: Response;
  principal: Principal;
  body: B;
  query: Q;
  params: Record<string, string>;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;
/**
 * What a handler may return for its response spec: the schema's input shape, or nothing for 204 and raw
 * bodies (unknown for a spec typed only as ResponseSpec). Literal types are widened (zod's inferred types give object literals no literal context, so
 * `ok: true` would be read as boolean); the response check in addRoute holds the exact values.
 */
export type HandlerResult<R> = [R] extends [z.ZodType] ? Loose<z.input<R>> : [R] extends [typeof NO_CONTENT | RawResponse] ? void | undefined : unknown;
type Loose<T> = T extends string
  ? string
  : T extends number
    ? number
    : T extends boolean
      ? boolean
      : T extends readonly (infer E)[]
        ? Loose<E>[]
        : T extends object
          ? { [K in keyof T]: Loose<T[K]> }
          : T;
type Handler<B, Q, R> = (input: HandlerInput<Infer<B>, Infer<Q>>) => HandlerResult<R> | PromiseLike<HandlerResult<R>>;

export function callerAllowed(principal: Principal, allow: Caller[]): boolean {
  switch (principal.kind) {
    case 'anonymous':
      return allow.includes('anonymous');
    case 'device':
      return allow.includes(principal.deviceKind);
    case 'staff':
      if (allow.includes('staff')) return true;
      if (allow.includes('supervisor') && (principal.role === 'supervisor' || principal.role === 'admin')) return true;
      return allow.includes('admin') && principal.role === 'admin';
    case 'station':
      return allow.includes('station');
  }
}

/** The use-case caller of a request (server/usecases Caller): who, and from which client address. */
export function callerOf(principal: Principal, req: Request): { principal: Principal; place: string | null } {
  return { principal, place: req.ip ?? null };
}

export type Auditor = (principal: Principal, req: Request, action: string, params: Record<string, string>) => void;

export type AddRoute = <B extends z.ZodType | undefined, Q extends z.ZodType | undefined, R extends ResponseSpec>(
  spec: RouteSpec<B, Q, R>,
  handler: Handler<B, Q, NoInfer<R>>,
) => void;

/** An AddRoute that keeps the routes it registered: one per server, for its OpenAPI document and tests. */
export type RouteKit = AddRoute & { readonly routes: readonly RegisteredRoute[] };

/** Runs a write's synchronous work in the engine's group commit (see EngineCore.grouped). */
export type Grouper = <T>(fn: () => T) => Promise<Awaited<T>>;

export interface RouteKitOptions {
  /**
   * Check every success body against the route's response spec before it is sent, and answer 500
   * RESPONSE_CONTRACT (logged) when the server breaks its own contract. Default: on unless
   * NODE_ENV is 'production', so every test and dev run is a contract test and production pays nothing.
   */
  checkResponses?: boolean;
  log?: Pick<Logger, 'error'>;
}

interface Kit {
  auditor?: Auditor | undefined;
  group?: Grouper | undefined;
  registry?: RegisteredRoute[];
  checkResponses?: boolean;
  log?: Pick<Logger, 'error'> | undefined;
}

/** Binds route registration to a router, an auditor and the group commit, so route files stay declarative. */
export function routeKit(router: Router, auditor: Auditor, group?: Grouper, options: RouteKitOptions = {}): RouteKit {
  const routes: RegisteredRoute[] = [];
  const kit: Kit = { auditor, group, registry: routes, checkResponses: options.checkResponses ?? process.env.NODE_ENV !== 'production', log: options.log };
  const add: AddRoute = (spec, handler) => addRoute(router, spec, handler, kit);
  return Object.assign(add, { routes: routes as readonly RegisteredRoute[] });
}

/** Every write's body is JSON unless its route says otherwise; 32 kB is ample for any form here. */
const JSON_TYPE = 'application/json';
const parseJson = express.json({ limit: '32kb', type: () => true });

/** The media type of a request without its parameters, lower case ('' when absent). */
export function mediaType(req: Request): string {
  return String(req.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase();
}

function unsupportedType(got: string, accepts: readonly string[]): DomainError {
  const wanted = accepts.join(' 或 ');
  return new DomainError('unsupported', 'UNSUPPORTED_MEDIA_TYPE', `请求内容类型应为 ${wanted}（收到 ${got || '无 Content-Type'}）。Send Content-Type: ${accepts.join(' or ')}.`, {
    accepts: [...accepts],
    received: got || null,
  });
}

/**
 * Refuses a caller before anything of its request is read: the allow list, then the route's scope.
 * Then, for writes, the media type (415) and the JSON body (400 on malformed JSON, 413 when too large).
 */
async function admitAndRead(req: Request, res: Response, spec: RegisteredRoute): Promise<void> {
  const principal = res.locals.principal as Principal;
  if (!callerAllowed(principal, spec.allow)) throw principal.kind === 'anonymous' ? unauthenticated() : forbidden();
  if (spec.scope) {
    const verdict = spec.scope(principal, req.params as Record<string, string>);
    if (verdict !== true) throw forbidden(typeof verdict === 'string' ? verdict : undefined);
  }
  if (spec.method === 'get') return;
  const accepts = spec.accepts ?? [JSON_TYPE];
  const type = mediaType(req);
  if (!accepts.includes(type)) throw unsupportedType(type, accepts);
  if (type !== JSON_TYPE) return;
  await new Promise<void>((resolve, reject) => parseJson(req, res, (error?: unknown) => (error ? reject(error as Error) : resolve())));
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as PromiseLike<unknown> | null)?.then === 'function';

export function addRoute<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, R extends ResponseSpec>(
  router: Router,
  spec: RouteSpec<B, Q, R>,
  handler: Handler<B, Q, R>,
  kit: Kit = {},
): void {
  const { auditor, group } = kit;
  const name = `${spec.method.toUpperCase()} ${spec.path}`;
  if (!(spec as { response?: unknown }).response) throw new Error(`${name} declares no response (a schema, NO_CONTENT or raw(mediaType))`);
  if (kit.registry && !kit.registry.some((r) => r.method === spec.method && r.path === spec.path)) kit.registry.push(spec as RegisteredRoute);
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const principal = res.locals.principal as Principal;
    await admitAndRead(req, res, spec as RegisteredRoute);
    // Text no store keeps exactly (a lone UTF-16 surrogate from a JSON "\ud800" escape) is refused with
    // its path, after authorization and before validation: names, notes and events stay as sent.
    const malformed = findMalformedText(req.body) ?? findMalformedText(req.query) ?? findMalformedText(req.params);
    if (malformed !== null) throw malformedText(malformed);
    let body: unknown = undefined;
    if (spec.body) {
      const parsed = spec.body.safeParse(req.body ?? {});
      if (!parsed.success) throw validationError(parsed.error);
      body = parsed.data;
    }
    let query: unknown = undefined;
    if (spec.query) {
      const parsed = spec.query.safeParse(req.query);
      if (!parsed.success) throw validationError(parsed.error);
      query = parsed.data;
    }
    const params = req.params as Record<string, string>;
    let audited = !(spec.audit && auditor);
    const audit = () => {
      if (!audited) auditor!(principal, req, spec.audit!, params);
      audited = true;
    };
    // A write and its audit entry commit together (one fsync), grouped with concurrent writes.
    const run = () => {
      const r = handler({ req, res, principal, body: body as Infer<B>, query: query as Infer<Q>, params });
      if (!isThenable(r)) audit();
      return r;
    };
    const result: unknown = await (group && spec.method !== 'get' && !spec.ungrouped ? group(run) : run());
    audit();
    if (kit.checkResponses) {
      const problems = contractProblems(spec.response, result, res);
      if (problems.length) {
        kit.log?.error({ route: name, problems }, 'a response breaks its contract');
        if (!res.headersSent) {
          res.status(500).json({ error: { code: 'RESPONSE_CONTRACT', message: `服务器的回答不符合接口约定（${name}）。`, details: { route: name, problems } } });
        }
        return;
      }
    }
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.json(result);
  });
}

/**
 * How a handler's result differs from its route's response spec: schema issues, keys the schema does
 * not declare (they would reach clients unnoticed), a body where none is declared or none where one is.
 * The result is checked as the client will receive it, after a JSON round trip.
 */
export function contractProblems(response: ResponseSpec, result: unknown, res: Response): string[] {
  if (response === NO_CONTENT) {
    if (res.headersSent) return ['declared 204 but wrote its own body'];
    return result === undefined ? [] : ['declared 204 but returned a body'];
  }
  if (isRaw(response)) {
    if (result !== undefined) return [`declared a raw ${response.raw} body but returned JSON`];
    if (!res.headersSent) return [`declared a raw ${response.raw} body but sent nothing`];
    const type = String(res.getHeader('content-type') ?? '');
    return type.toLowerCase().startsWith(response.raw.toLowerCase()) ? [] : [`declared ${response.raw} but sent ${type || 'no content type'}`];
  }
  if (res.headersSent) return ['declared a JSON schema but wrote its own body'];
  if (result === undefined) return ['declared a JSON body but returned nothing'];
  const wire = JSON.parse(JSON.stringify(result)) as unknown;
  const parsed = response.safeParse(wire);
  if (!parsed.success) return parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
  return undeclaredKeys(wire, parsed.data, '').slice(0, 20).map((p) => `${p}: not declared in the response schema`);
}

function isRaw(r: ResponseSpec): r is RawResponse {
  return typeof r === 'object' && r !== null && 'raw' in r && typeof (r as RawResponse).raw === 'string';
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Paths present in what was sent but dropped by parsing (zod objects strip unknown keys). */
function undeclaredKeys(sent: unknown, parsed: unknown, at: string): string[] {
  if (Array.isArray(sent) && Array.isArray(parsed)) return sent.flatMap((v, i) => undeclaredKeys(v, parsed[i], `${at}[${i}]`));
  if (!isPlainObject(sent) || !isPlainObject(parsed)) return [];
  return Object.keys(sent).flatMap((k) => {
    const path = at ? `${at}.${k}` : k;
    return k in parsed ? undeclaredKeys(sent[k], parsed[k], path) : [path];
  });
}

/** A stable camelCase operationId from the method and path: GET /api/windows/:n/state → getWindowsByNState. */
export function operationId(route: Pick<RegisteredRoute, 'method' | 'path' | 'operationId'>): string {
  if (route.operationId) return route.operationId;
  const words = route.path
    .replace(/^\/api\//, '')
    .split('/')
    .flatMap((segment) => (segment.startsWith(':') ? ['by', segment.slice(1)] : segment.split(/[^A-Za-z0-9]+/)))
    .filter(Boolean);
  return [route.method, ...words].map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1))).join('');
}

export function intParam(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 99_999) throw new DomainError('invalid', 'BAD_PARAMETER', `路径参数 ${name} 应为正整数。`);
  return n;
}
