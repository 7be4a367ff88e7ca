import { parse as parseCookie } from 'cookie';
import type { NextFunction, Request, Response, Router } from 'express';
import type pg from 'pg';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import { audit } from '../audit.ts';
import type { LoginLimiter } from '../auth/login-limit.ts';
import type { CentralUser } from '../auth/principal.ts';
import { SESSION_COOKIE, userOfSession } from '../auth/sessions.ts';
import type { CentralBus } from '../bus.ts';
import { CentralError, forbidden, invalid, unauthenticated } from '../errors.ts';
import { hallByToken, type HallRow } from '../halls/halls.ts';

/**
 * The central API's one route table: every route declares who may call it, and its body and query
 * schemas; `register` wires authentication, the Origin check, the JSON content-type check and
 * validation in front of each handler. The auth-matrix test walks this same table.
 *   public  anyone;
 *   user    a signed-in central user (any role; handlers scope to the user's region);
 *   admin   a signed-in admin;
 *   hall    a hall token (Authorization: Bearer …): the uplink.
 */
export type Access = 'public' | 'user' | 'admin' | 'hall';

export interface RouteDeps {
  pool: pg.Pool;
  /** Refused hall tokens per client address: past the limit the refusal is not audited again. */
  tokenRefusals: RateLimiterMemory;
  bus: CentralBus;
  log: Logger;
  limiter: LoginLimiter;
  instance: string;
  migrations: () => number;
}

export interface RouteInput<B, Q> {
  req: Request;
  res: Response;
  params: Record<string, string>;
  body: B;
  query: Q;
  user: CentralUser | null;
  hall: HallRow | null;
}

export interface RouteDef {
  method: 'get' | 'post' | 'delete';
  path: string;
  access: Access;
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /** Returns the JSON body (200), or undefined after writing the response itself (CSV, 204, cookies). */
  handler: (input: RouteInput<never, never>) => Promise<unknown>;
}

/** A typed route: body and query types flow from the schemas into the handler. */
export function route<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(def: {
  method: RouteDef['method'];
  path: string;
  access: Access;
  summary: string;
  body?: B;
  query?: Q;
  handler: (input: RouteInput<B extends z.ZodType ? z.infer<B> : undefined, Q extends z.ZodType ? z.infer<Q> : undefined>) => Promise<unknown>;
}): RouteDef {
  return def as RouteDef;
}

/** The client's address: req.ip honours X-Forwarded-For only from the proxies `trustProxy` names. */
export const clientIp = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** A cookie-authenticated write must come from our own origin (SameSite=Strict is the first line). */
function checkOrigin(req: Request): void {
  if (req.method === 'GET' || req.method === 'HEAD') return;
  if (req.get('sec-fetch-site') === 'cross-site') throw new CentralError(403, 'ORIGIN_REFUSED', '拒绝来自其他网站的请求。');
  const origin = req.get('origin');
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new CentralError(403, 'ORIGIN_REFUSED', '请求来源无效。');
  }
  if (host !== req.get('host')) throw new CentralError(403, 'ORIGIN_REFUSED', '拒绝来自其他网站的请求。');
}

const zodDetails = (e: z.ZodError) => ({ issues: e.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });

export function sessionIdOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const id = parseCookie(header)[SESSION_COOKIE];
  return id && id.length <= 200 ? id : undefined;
}

async function authenticate(deps: RouteDeps, def: RouteDef, req: Request): Promise<{ user: CentralUser | null; hall: HallRow | null }> {
  if (def.access === 'public') return { user: null, hall: null };
  if (def.access === 'hall') {
    const header = req.get('authorization') ?? '';
    const token = /^Bearer\s+(\S{8,200})$/i.exec(header)?.[1];
    const hall = token ? await hallByToken(deps.pool, token) : undefined;
    if (!hall) {
      const flooding = await deps.tokenRefusals.consume(clientIp(req)).then(
        () => false,
        (e: unknown) => {
          if (e instanceof RateLimiterRes) return true;
          throw e;
        },
      );
      if (flooding) throw new CentralError(429, 'TOO_MANY_ATTEMPTS', '令牌错误次数过多，请稍后再试。');
      await audit(deps.pool, {
        actor: 'anonymous',
        action: 'uplink.token_refused',
        target: req.path,
        ip: clientIp(req),
        detail: { reason: token ? 'unknown or revoked token' : 'no bearer token' },
      });
      throw new CentralError(401, 'HALL_TOKEN_INVALID', '营业厅令牌无效或已被吊销，请向平台管理员申请新令牌。');
    }
    return { user: null, hall };
  }
  const id = sessionIdOf(req);
  const user = id ? await userOfSession(deps.pool, id) : null;
  if (!user) throw unauthenticated();
  if (def.access === 'admin' && user.role !== 'admin') throw forbidden('只有平台管理员可以执行该操作。');
  checkOrigin(req);
  return { user, hall: null };
}

export function register(router: Router, deps: RouteDeps, routes: readonly RouteDef[]): void {
  for (const def of routes) {
    router[def.method](def.path, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const { user, hall } = await authenticate(deps, def, req);
        let body: unknown;
        // Every POST says it is JSON, with a body or without: an HTML form on another site cannot.
        if (def.method === 'post' && !req.is('application/json')) throw new CentralError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求内容须为 JSON（Content-Type: application/json）。');
        if (def.body) {
          const parsed = def.body.safeParse(req.body);
          if (!parsed.success) throw invalid('请求内容不符合要求。', zodDetails(parsed.error));
          body = parsed.data;
        }
        let query: unknown;
        if (def.query) {
          const parsed = def.query.safeParse(req.query);
          if (!parsed.success) throw invalid('查询参数不符合要求。', zodDetails(parsed.error));
          query = parsed.data;
        }
        const result = await def.handler({ req, res, params: req.params as Record<string, string>, body: body as never, query: query as never, user, hall });
        if (result !== undefined && !res.headersSent) res.json(result);
      } catch (e) {
        next(e);
      }
    });
  }
}
