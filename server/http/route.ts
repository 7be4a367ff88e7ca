import type { Request, Response, Router } from 'express';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import { DomainError, forbidden, unauthenticated, validationError } from '../common/errors.ts';

/** Who may call a route. 'staff' admits every signed-in role, 'supervisor' admits admins too. */
export type Caller = 'anonymous' | 'kiosk' | 'display' | 'agent' | 'staff' | 'supervisor' | 'admin';
export const EVERYONE: Caller[] = ['anonymous', 'kiosk', 'display', 'agent', 'staff'];

export interface RouteSpec<B extends z.ZodType | undefined, Q extends z.ZodType | undefined> {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  tag: string;
  allow: Caller[];
  body?: B;
  query?: Q;
  /** Audit action name; writes by staff, admins and devices are audited after they succeed. */
  audit?: string;
  /** Keep out of the group commit: for handlers that must write (e.g. audit a refusal) and then throw. */
  ungrouped?: boolean;
}

export interface HandlerInput<B, Q> {
  req: Request;
  res: Response;
  principal: Principal;
  body: B;
  query: Q;
  params: Record<string, string>;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/** Every registered route, for the OpenAPI document and the table-driven auth tests. */
export const routeRegistry: RouteSpec<z.ZodType | undefined, z.ZodType | undefined>[] = [];

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
  }
}

export type Auditor = (principal: Principal, req: Request, action: string, params: Record<string, string>) => void;

export type AddRoute = <B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  spec: RouteSpec<B, Q>,
  handler: (input: HandlerInput<Infer<B>, Infer<Q>>) => unknown,
) => void;

/** Runs a write's synchronous work in the engine's group commit (see EngineCore.grouped). */
export type Grouper = <T>(fn: () => T) => Promise<Awaited<T>>;

/** Binds route registration to a router, an auditor and the group commit, so route files stay declarative. */
export function routeKit(router: Router, auditor: Auditor, group?: Grouper): AddRoute {
  return (spec, handler) => addRoute(router, spec, handler, auditor, group);
}

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as PromiseLike<unknown> | null)?.then === 'function';

export function addRoute<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  router: Router,
  spec: RouteSpec<B, Q>,
  handler: (input: HandlerInput<Infer<B>, Infer<Q>>) => unknown,
  auditor?: Auditor,
  group?: Grouper,
): void {
  if (!routeRegistry.some((r) => r.method === spec.method && r.path === spec.path)) routeRegistry.push(spec);
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const principal = res.locals.principal as Principal;
    if (!callerAllowed(principal, spec.allow)) throw principal.kind === 'anonymous' ? unauthenticated() : forbidden();
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
    const result = await (group && spec.method !== 'get' && !spec.ungrouped ? group(run) : run());
    audit();
    if (res.headersSent) return;
    if (result === undefined) res.status(204).end();
    else res.json(result);
  });
}

export function intParam(value: string | undefined, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 99_999) throw new DomainError('invalid', 'BAD_PARAMETER', `路径参数 ${name} 应为正整数。`);
  return n;
}
