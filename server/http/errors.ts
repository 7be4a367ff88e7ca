import type { ErrorRequestHandler } from 'express';
import { errorBody, type ErrorBody, type ErrorKind } from '../common/errors.ts';
import type { Logger } from '../common/logger.ts';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  storage_full: 507,
};

/** The HTTP status of a domain refusal: the one place kinds become numbers. */
export function httpStatus(kind: ErrorKind): number {
  return STATUS[kind];
}

export interface ErrorPayload {
  error: ErrorBody;
}

export function toErrorPayload(error: unknown): { status: number; body: ErrorPayload } | undefined {
  const known = errorBody(error);
  return known ? { status: httpStatus(known.kind), body: { error: known.body } } : undefined;
}

/**
 * `storageFailure` maps a storage error that reached the edge without passing the engine (a session
 * written at sign-in) to its STORAGE_FULL / STORAGE_ERROR refusal (store/storage-guard.ts).
 */
export function errorHandler(log: Logger, storageFailure: (error: unknown) => unknown = (e) => e): ErrorRequestHandler {
  return (raw, req, res, _next) => {
    const error = storageFailure(raw);
    const known = toErrorPayload(error);
    if (known) {
      res.status(known.status).json(known.body);
      return;
    }
    // body-parser errors carry a status and a type.
    const e = error as { status?: number; type?: string; message?: string };
    if (e.type === 'entity.too.large') {
      res.status(413).json({ error: { code: 'BODY_TOO_LARGE', message: '请求内容过大。' } });
      return;
    }
    if (e.type === 'entity.parse.failed') {
      res.status(400).json({ error: { code: 'MALFORMED_JSON', message: '请求内容不是有效的 JSON。' } });
      return;
    }
    if (e.status && e.status >= 400 && e.status < 500) {
      res.status(e.status).json({ error: { code: 'BAD_REQUEST', message: e.message ?? '请求有误。' } });
      return;
    }
    log.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试或联系管理员。' } });
  };
}
