/**
 * A refusal of the central platform: HTTP status, a stable code and a message a person can act on.
 * The error handler turns it into `{ error: { code, message, details? } }` (contract/api.ts ApiErrorBody).
 */
export class CentralError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CentralError';
  }
}

export const unauthenticated = (message = '请先登录。') => new CentralError(401, 'UNAUTHENTICATED', message);
export const forbidden = (message = '没有权限访问该区域或该操作。') => new CentralError(403, 'FORBIDDEN', message);
export const notFound = (what: string) => new CentralError(404, 'NOT_FOUND', `${what}不存在。`);
export const invalid = (message: string, details?: Record<string, unknown>) => new CentralError(400, 'VALIDATION', message, details);
export const conflict = (code: string, message: string, details?: Record<string, unknown>) => new CentralError(409, code, message, details);
