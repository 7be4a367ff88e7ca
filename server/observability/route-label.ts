import type { Request } from 'express';

/**
 * The route pattern a request matched (`/api/windows/:n/call-next`), never the raw URL, so metric
 * labels and log fields stay bounded however many tickets, windows or bad URLs there are. Static
 * assets share one label; anything no route matched (404s) is `unmatched`.
 */
export function routeOf(req: Request): string {
  const route = req.route as { path?: unknown } | undefined;
  if (route && route.path !== undefined) {
    const pattern = Array.isArray(route.path) ? route.path.map(String).join('|') : String(route.path);
    return `${req.baseUrl ?? ''}${pattern}`;
  }
  if ((req.originalUrl ?? req.url).startsWith('/assets/')) return '/assets/*';
  return 'unmatched';
}

/** Query parameters whose values carry nothing secret or personal; every other value is redacted. */
const PLAIN_QUERY = new Set(['after', 'limit', 'from', 'to', 'groupBy', 'count', 'minServed', 'state', 'overdue', 'dryRun', 'layout', 'action', 'number', 'actor', 'assignee']);

/**
 * The request path with its query, each value replaced by `[redacted]` unless its name is known to be
 * harmless: device tokens (`?token=`), status keys (`?k=`) and anything unforeseen never reach a log.
 */
export function redactedUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = [...new URLSearchParams(url.slice(at + 1))]
    .map(([name, value]) => `${encodeURIComponent(name)}=${PLAIN_QUERY.has(name) ? encodeURIComponent(value) : '[redacted]'}`)
    .join('&');
  return query ? `${url.slice(0, at)}?${query}` : url.slice(0, at);
}
