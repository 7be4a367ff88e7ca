import './zod-jitless.ts';
import type { z } from 'zod';

/** A refusal from the server, carrying its stable code and the message to show as is. */
export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

/** The server answered, but not in the shape contract/ declares: a version mismatch or a server bug. */
export class ContractMismatch extends ApiFailure {
  constructor(
    status: number,
    readonly route: string,
    readonly issues: string[],
  ) {
    super(status, 'CONTRACT_MISMATCH', `服务器的回答与接口约定不符（${route}：${issues.slice(0, 3).join('；')}${issues.length > 3 ? ' …' : ''}），请刷新页面或联系管理员。`, { route, issues });
    this.name = 'ContractMismatch';
  }
}

export interface ApiInit {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  body?: unknown;
  /** A device token (kiosks, displays); staff use their session cookie. */
  token?: string;
  signal?: AbortSignal;
}

/** The ui-kit fetch: one signature for the UIs and their test fakes. */
export type Api = <S extends z.ZodType>(path: string, schema: S, init?: ApiInit) => Promise<z.output<S>>;

/**
 * JSON in, JSON out, parsed with the route's response schema from contract/ (a 204 parses
 * `undefined`). Throws ApiFailure with the server's code, code NETWORK when unreachable, or
 * ContractMismatch when the answer does not match its schema.
 */
export const api: Api = async (path, schema, init = {}) => {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  // Every write is JSON, also one without a body: the server refuses other types (415), since a
  // form or text/plain is what another site can send. The browser adds this page's Origin itself.
  const write = method !== 'GET';
  if (write || init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : write ? { body: '' } : {}),
      ...(init.signal ? { signal: init.signal } : {}),
    });
  } catch {
    throw new ApiFailure(0, 'NETWORK', '无法连接服务器，正在重试…');
  }
  const text = res.status === 204 ? '' : await res.text();
  let data: unknown;
  try {
    data = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    if (res.ok) throw new ContractMismatch(res.status, `${method} ${path}`, ['not JSON']);
  }
  if (!res.ok) {
    const error = (data as { error?: { code?: string; message?: string; details?: Record<string, unknown> } } | undefined)?.error;
    throw new ApiFailure(res.status, error?.code ?? 'HTTP_' + res.status, error?.message ?? res.statusText, error?.details);
  }
  return parseAnswer(schema, data, res.status, `${method} ${path.split('?')[0]}`);
};

/** Parses an answer with its schema; what fakes in tests use too, so fixtures are held to the contract. */
export function parseAnswer<S extends z.ZodType>(schema: S, data: unknown, status: number, route: string): z.output<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new ContractMismatch(status, route, parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`));
  return parsed.data;
}
