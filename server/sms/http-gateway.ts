import { z } from 'zod';
import type { Logger } from '../common/logger.ts';
import type { DestinationPolicy } from '../webhooks/destination.ts';
import { pinnedPost } from '../webhooks/pinned-post.ts';
import { SmsUnavailableError, type SmsGateway, type SmsMessage, type SmsReceipt } from './gateway.ts';

export interface HttpSmsOptions {
  /** The gateway's endpoint (HALL_SMS_URL), http or https. */
  url: string;
  /** Sent as `Authorization: Bearer <token>` (HALL_SMS_TOKEN). */
  token: string;
  /** Per message (HALL_SMS_TIMEOUT_MS, default 5000). */
  timeoutMs?: number;
  /** The same destination rule as webhooks (HALL_WEBHOOK_ALLOW admits a gateway on the government LAN). */
  policy: DestinationPolicy;
  log?: Pick<Logger, 'warn'>;
}

/** What the gateway answers on success (2xx): its message id. Anything else is a refusal. */
const GatewayReply = z.object({ id: z.string().min(1).max(200) });

const MAX_REPLY = 16 * 1024;

/**
 * A configured HTTP gateway: one POST of `{ phone, template, params }` as JSON per message, answered by
 * `{ id }`. The destination is checked like a webhook's (resolved, every address public unless on the
 * allow list) and the connection goes to the checked address itself; no redirect is followed; a
 * fresh socket each time. Failures are logged in coarse classes, never with the phone number.
 */
export class HttpSmsGateway implements SmsGateway {
  readonly kind = 'http' as const;

  constructor(private readonly options: HttpSmsOptions) {}

  async send(message: SmsMessage): Promise<SmsReceipt> {
    try {
      return await this.post(message);
    } catch (error) {
      const reason = error instanceof SmsUnavailableError ? error.reason : 'unreachable';
      this.options.log?.warn({ template: message.template, reason }, 'the SMS gateway did not take a message');
      throw error instanceof SmsUnavailableError ? error : new SmsUnavailableError('unreachable');
    }
  }

  private async post(message: SmsMessage): Promise<SmsReceipt> {
    const result = await pinnedPost({
      policy: this.options.policy,
      url: this.options.url,
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${this.options.token}` },
      body: JSON.stringify({ phone: message.phone, template: message.template, params: message.params }),
      timeoutMs: this.options.timeoutMs ?? 5000,
      // One byte more than allowed, so an overlong answer is seen as such.
      maxAnswerBytes: MAX_REPLY + 1,
    });
    if (result.kind === 'not_sent') throw new SmsUnavailableError(result.reason === 'refused_destination' ? 'refused_destination' : 'unreachable');
    if (result.kind === 'failed') throw new SmsUnavailableError(result.reason === 'timeout' ? 'timeout' : 'unreachable');
    if (result.status < 200 || result.status >= 300 || result.truncated || result.body.length > MAX_REPLY) throw new SmsUnavailableError('rejected');
    let parsed: unknown;
    try {
      parsed = JSON.parse(result.body.toString('utf8'));
    } catch {
      throw new SmsUnavailableError('rejected');
    }
    const reply = GatewayReply.safeParse(parsed);
    if (!reply.success) throw new SmsUnavailableError('rejected');
    return { id: reply.data.id };
  }
}
