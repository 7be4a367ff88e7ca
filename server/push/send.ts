import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { CheckedAddress, DestinationPolicy } from '../webhooks/destination.ts';

/** What one attempt came to: the receiver took it, refused it for a reason (final), or it must be tried again. */
export type PushOutcome =
  | { kind: 'sent'; status: number }
  | { kind: 'rejected'; status: number | null; reason: string }
  | { kind: 'retry'; status: number | null; reason: string };

export interface PushRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  policy: DestinationPolicy;
  signal?: AbortSignal;
}

/** Statuses that say "later", not "never": they are retried like a 5xx. */
const TRANSIENT_4XX = new Set([408, 425, 429]);
/** Bytes of the receiver's answer read for its reason. */
const MAX_ANSWER = 8192;

/** The receiver's reason in its answer: a JSON message field (message, msg, reason, errmsg, error…) or the text itself, at most 300 characters. */
export function reasonOf(status: number, text: string): string {
  let reason: string | undefined;
  try {
    const json = JSON.parse(text) as Record<string, unknown>;
    for (const k of ['message', 'msg', 'reason', 'errmsg', 'errorMsg', 'error_description', 'error']) {
      const v = json?.[k];
      if (typeof v === 'string' && v.trim()) {
        reason = v;
        break;
      }
      if (v && typeof v === 'object' && typeof (v as { message?: unknown }).message === 'string') {
        reason = (v as { message: string }).message;
        break;
      }
    }
  } catch {
    reason = text.trim() || undefined;
  }
  // eslint-disable-next-line no-control-regex
  const clean = (reason ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ').trim().slice(0, 300);
  return clean ? `HTTP ${status}: ${clean}` : `HTTP ${status}`;
}

/** Classifies a receiver's answer: 2xx sent; 4xx (but 408/425/429) rejected with its reason; 5xx and the rest retried. */
export function classify(status: number, text: string): PushOutcome {
  if (status >= 200 && status < 300) return { kind: 'sent', status };
  if (status >= 400 && status < 500 && !TRANSIENT_4XX.has(status)) return { kind: 'rejected', status, reason: reasonOf(status, text) };
  // A redirect is not followed (the push goes only where it was configured): a configuration to fix, not a reason to hammer.
  if (status >= 300 && status < 400) return { kind: 'rejected', status, reason: `HTTP ${status}: 接收方要求重定向，推送不跟随重定向，请核对推送地址` };
  return { kind: 'retry', status, reason: reasonOf(status, text) };
}

/**
 * One POST of a record, to the checked address itself (server/webhooks/destination.ts: public
 * addresses only unless allowed, every address a name resolves to checked, then connected to as
 * checked, so DNS rebinding gains nothing). No redirects, no kept-alive sockets.
 */
export async function postRecord(r: PushRequest): Promise<PushOutcome> {
  const check = await r.policy.check(r.url);
  if (!check.ok) {
    if (check.reason === 'refused_destination') return { kind: 'rejected', status: null, reason: '推送地址指向内网或本机等不允许的地址（HALL_PUSH_ALLOW），已停止推送' };
    if (check.reason === 'invalid_url') return { kind: 'rejected', status: null, reason: '推送地址不是 http(s) 网址' };
    return { kind: 'retry', status: null, reason: 'unresolvable' };
  }
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
  return await new Promise<PushOutcome>((resolve) => {
    let settled = false;
    const done = (o: PushOutcome) => {
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
        if (size < MAX_ANSWER) chunks.push(c.subarray(0, MAX_ANSWER - size));
        size += c.length;
      });
      res.on('end', () => done(classify(status, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', () => done({ kind: 'retry', status, reason: 'unreachable' }));
    });
    const timer = setTimeout(() => {
      done({ kind: 'retry', status: null, reason: 'timeout' });
      req.destroy();
    }, r.timeoutMs);
    const onAbort = () => {
      done({ kind: 'retry', status: null, reason: 'unreachable' });
      req.destroy();
    };
    r.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', () => done({ kind: 'retry', status: null, reason: 'unreachable' }));
    req.end(r.body);
  });
}
