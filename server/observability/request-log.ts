import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../common/logger.ts';
import { redactedUrl, routeOf } from './route-label.ts';

/** Routes a scraper or a monitor polls every few seconds: logged at debug, not info. */
const QUIET = new Set(['/metrics', '/api/health', '/assets/*']);

type Req = IncomingMessage & Request;

/**
 * One log line per request (pino-http): method, route pattern, the path with its query values
 * redacted, status and duration in milliseconds. No headers (so no cookie, authorization or
 * set-cookie), no body, no client address: nothing personal and no credential reaches the log.
 * 5xx answers log at error, /metrics, the health check and static assets at debug, the rest at info.
 */
export function requestLogger(log: Logger): RequestHandler {
  const fields = (req: Req, res: ServerResponse, durationMs: number) => ({
    method: req.method,
    route: routeOf(req),
    url: redactedUrl(req.originalUrl ?? req.url ?? ''),
    status: res.statusCode,
    durationMs,
  });
  const middleware = pinoHttp<Req, ServerResponse>({
    logger: log.child({ area: 'http' }),
    // Only the request id is bound to req.log; the line itself carries only the fields above.
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    // pino-http also binds the whole request to a child logger on every request, serialised (every
    // header, then redacted) though quietReqLogger leaves that child unused: bind nothing of it.
    wrapSerializers: false,
    serializers: { req: () => undefined },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      return QUIET.has(routeOf(req)) ? 'debug' : 'info';
    },
    customSuccessObject: (req, res, val: { responseTime: number }) => fields(req, res, val.responseTime),
    customErrorObject: (req, res, error, val: { responseTime: number }) => ({ ...fields(req, res, val.responseTime), error: error.message }),
    customSuccessMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeOf(req)} ${res.statusCode}`,
  });
  return (req, res, next) => middleware(req as Req, res, next);
}
