import { ZodError } from 'zod';
import type { Ack } from '../../contract/api.ts';

/**
 * What kind of refusal an error is, independent of any transport. The HTTP edge maps a kind to a
 * status code, the socket edge to an acknowledgement; the engine, use cases and devices only say
 * what went wrong.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'too_large'
  | 'unsupported'
  | 'rate_limited'
  | 'unavailable'
  /** The hall's storage is full (HTTP 507): nothing was written; an administrator must free disk space. */
  | 'storage_full';

/** A refusal with a stable code and a message a person can act on (Chinese where citizens or staff read it). */
export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const unauthenticated = (): DomainError => new DomainError('unauthenticated', 'UNAUTHENTICATED', '请先登录，或提供有效的设备令牌。');
export const forbidden = (what = '该操作'): DomainError => new DomainError('forbidden', 'FORBIDDEN', `当前身份无权执行${what}。`);
export const notFound = (message: string): DomainError => new DomainError('not_found', 'NOT_FOUND', message);

/** `a.b[2].c` from a zod issue path, for messages shown beside a form field. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '');
}

/** A failed zod parse as one refusal listing (at most ten of) its issues with their paths. */
export function validationError(error: ZodError, prefix = '请求内容有误'): DomainError {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: formatPath(i.path) || '(body)', message: i.message }));
  return new DomainError('invalid', 'VALIDATION_FAILED', `${prefix}：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

const STATUS_KIND: Record<number, ErrorKind> = {
  400: 'invalid',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'too_large',
  415: 'unsupported',
  422: 'unprocessable',
  429: 'rate_limited',
  503: 'unavailable',
  507: 'storage_full',
};

/** For refusal tables written with HTTP-like numbers (the engine's REFUSALS). */
export function kindOfStatus(status: number): ErrorKind {
  return STATUS_KIND[status] ?? 'invalid';
}

/** The `{ code, message, details? }` body every edge (HTTP, socket acknowledgement) sends for a known refusal. */
export interface ErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

/** The body of a known refusal (a DomainError or a failed zod parse); undefined for a fault. */
export function errorBody(error: unknown): { kind: ErrorKind; body: ErrorBody } | undefined {
  if (error instanceof DomainError) return { kind: error.kind, body: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } };
  if (error instanceof ZodError) return errorBody(validationError(error));
  return undefined;
}

/** The one socket acknowledgement shape of a refusal (and of a fault, without its details). */
export function ackRefusal(error: unknown): Ack<never> {
  const known = errorBody(error);
  if (known) return { ok: false, error: known.body };
  return { ok: false, error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试。' } };
}
