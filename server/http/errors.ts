import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { QueueError } from '../queue/errors.ts';
import { formatPath } from '../store/hall-file.ts';
import type { Logger } from '../logger.ts';

/** An HTTP refusal with a stable code and a message a person can act on. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const unauthorized = () => new ApiError(401, 'UNAUTHENTICATED', '请先登录，或提供有效的设备令牌。');
export const forbidden = (what = '该操作') => new ApiError(403, 'FORBIDDEN', `当前身份无权执行${what}。`);

export function zodToApiError(error: ZodError): ApiError {
  const issues = error.issues.slice(0, 10).map((i) => ({ path: formatPath(i.path) || '(body)', message: i.message }));
  return new ApiError(400, 'VALIDATION_FAILED', `请求内容有误：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

export interface ErrorPayload {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

export function toErrorPayload(error: unknown): { status: number; body: ErrorPayload } | undefined {
  if (error instanceof ApiError) return { status: error.status, body: { error: { code: error.code, message: error.message, ...(error.details ? { details: error.details } : {}) } } };
  if (error instanceof QueueError) {
    const details = Object.keys(error.params).length ? { details: { ...error.params } } : {};
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...details } } };
  }
  if (error instanceof ZodError) return toErrorPayload(zodToApiError(error));
  return undefined;
}

export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
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
