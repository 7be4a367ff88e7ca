import type { DestinationPolicy } from '../webhooks/destination.ts';
import { pinnedPost } from '../webhooks/pinned-post.ts';

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

/** One POST of a record through the hall's guarded sender (server/webhooks/pinned-post.ts). */
export async function postRecord(r: PushRequest): Promise<PushOutcome> {
  const result = await pinnedPost({ ...r, maxAnswerBytes: MAX_ANSWER });
  switch (result.kind) {
    case 'answered':
      return classify(result.status, result.body.toString('utf8'));
    case 'not_sent':
      if (result.reason === 'refused_destination') return { kind: 'rejected', status: null, reason: '推送地址指向内网或本机等不允许的地址（HALL_PUSH_ALLOW），已停止推送' };
      if (result.reason === 'invalid_url') return { kind: 'rejected', status: null, reason: '推送地址不是 http(s) 网址' };
      return { kind: 'retry', status: null, reason: 'unresolvable' };
    case 'failed':
      return { kind: 'retry', status: null, reason: result.reason === 'timeout' ? 'timeout' : 'unreachable' };
  }
}
