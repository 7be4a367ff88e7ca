import type { DestinationPolicy } from './destination.ts';
import { pinnedPost } from './pinned-post.ts';

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

/** One POST through the hall's guarded sender (pinned-post.ts); the answer's body is not needed. */
export async function postWebhook(r: DeliveryRequest): Promise<DeliveryOutcome> {
  const result = await pinnedPost({ ...r, maxAnswerBytes: 0 });
  switch (result.kind) {
    case 'answered': {
      const status = result.status;
      return { status, error: status >= 200 && status < 300 ? null : (`http_error ${Math.min(5, Math.max(1, Math.floor(status / 100)))}xx` as DeliveryErrorClass) };
    }
    case 'not_sent':
      return { status: null, error: result.reason === 'refused_destination' ? 'refused_destination' : 'unreachable' };
    case 'failed':
      return { status: null, error: result.reason === 'timeout' ? 'timeout' : 'unreachable' };
  }
}
