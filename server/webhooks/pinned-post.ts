import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedAddress, DestinationPolicy } from './destination.ts';

export interface PinnedPost {
  policy: DestinationPolicy;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
  /** The most of the answer's body kept (the rest is drained); 0 keeps none. */
  maxAnswerBytes: number;
}

export type PinnedPostResult =
  /** The receiver answered (any status): its status and at most maxAnswerBytes of its body. */
  | { kind: 'answered'; status: number; body: Buffer; truncated: boolean }
  /** Never sent: the destination is not allowed, not a URL, or does not resolve. */
  | { kind: 'not_sent'; reason: 'refused_destination' | 'invalid_url' | 'unresolvable' }
  /** Sent, or tried, without an answer. */
  | { kind: 'failed'; reason: 'timeout' | 'unreachable' | 'aborted' };

/**
 * One POST that cannot be turned against the hall network: the destination is resolved and checked
 * (destination.ts: public addresses only unless allowed, every address a name resolves to), then the
 * connection goes to the checked address itself, with the URL's host name kept for the Host header and
 * TLS, so a name that resolves differently a moment later (DNS rebinding) gains nothing. No redirect
 * is followed (a 3xx is just an answer) and no socket is kept alive (it would skip the check).
 * Webhooks, the 好差评 push and the SMS gateway all send through here.
 */
export async function pinnedPost(r: PinnedPost): Promise<PinnedPostResult> {
  const check = await r.policy.check(r.url);
  if (!check.ok) return { kind: 'not_sent', reason: check.reason };
  const [first] = check.addresses as [CheckedAddress];
  const pinned: LookupFunction = (_host, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: CheckedAddress[]) => void)(null, [first]);
    else callback(null, first.address, first.family);
  };
  const url = check.url;
  const options: RequestOptions = {
    method: 'POST',
    host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers: { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
    lookup: pinned,
    agent: false,
  };
  return await new Promise<PinnedPostResult>((resolve) => {
    let settled = false;
    const done = (o: PinnedPostResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < r.maxAnswerBytes) chunks.push(c.subarray(0, r.maxAnswerBytes - size));
        size += c.length;
      });
      res.on('end', () => done({ kind: 'answered', status, body: Buffer.concat(chunks), truncated: size > r.maxAnswerBytes }));
      res.on('error', () => done({ kind: 'failed', reason: 'unreachable' }));
    });
    const timer = setTimeout(() => {
      done({ kind: 'failed', reason: 'timeout' });
      req.destroy();
    }, r.timeoutMs);
    const onAbort = () => {
      done({ kind: 'failed', reason: 'aborted' });
      req.destroy();
    };
    r.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', () => done({ kind: 'failed', reason: 'unreachable' }));
    req.end(r.body);
  });
}
