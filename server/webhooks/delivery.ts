import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedAddress, DestinationPolicy } from './destination.ts';

/**
 * What a delivery attempt reports, in coarse classes only: the log tells an admin whether the platform
 * took the event, not how a host or port behaved (refused, reset, filtered, TLS…), so it cannot be used
 * to map the network behind the hall server.
 */
export type DeliveryErrorClass = 'refused_destination' | 'unreachable' | 'timeout' | `http_error ${1 | 2 | 3 | 4 | 5}xx`;

export interface DeliveryOutcome {
  status: number | null;
  error: DeliveryErrorClass | null;
}

export interface DeliveryRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: DestinationPolicy;
  /** Aborts the attempt (the dispatcher stopping). */
  signal?: AbortSignal;
}

/**
 * One POST: the destination is resolved and checked (destination.ts), then the connection goes to the
 * checked address with the URL's host name kept for the Host header and TLS (SNI, certificate). No
 * redirect is followed: a 3xx answer is a failure, not a hop to wherever the receiver points.
 */
export async function postWebhook(r: DeliveryRequest): Promise<DeliveryOutcome> {
  const check = await r.policy.check(r.url);
  if (!check.ok) return { status: null, error: check.reason === 'refused_destination' ? 'refused_destination' : 'unreachable' };
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
    // A fresh connection each time: a kept-alive socket would skip the address check.
    agent: false,
  };
  return await new Promise<DeliveryOutcome>((resolve) => {
    let settled = false;
    const done = (o: DeliveryOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      r.signal?.removeEventListener('abort', onAbort);
      resolve(o);
    };
    const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => {
      const status = res.statusCode ?? 0;
      res.resume(); // the answer's body is not needed; draining lets the socket close
      done({ status, error: status >= 200 && status < 300 ? null : (`http_error ${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx` as DeliveryErrorClass) });
    });
    const timer = setTimeout(() => {
      done({ status: null, error: 'timeout' });
      req.destroy();
    }, r.timeoutMs);
    const onAbort = () => {
      done({ status: null, error: 'unreachable' });
      req.destroy();
    };
    r.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', () => done({ status: null, error: 'unreachable' }));
    req.end(r.body);
  });
}
