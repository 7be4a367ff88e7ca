import { request as httpRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../common/logger.ts';
import type { CheckedAddress, DestinationPolicy } from '../webhooks/destination.ts';
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
    const check = await this.options.policy.check(this.options.url);
    if (!check.ok) throw new SmsUnavailableError(check.reason === 'refused_destination' ? 'refused_destination' : 'unreachable');
    const [first] = check.addresses as [CheckedAddress];
    const pinned: LookupFunction = (_host, opts, callback) => {
      if ((opts as { all?: boolean }).all) (callback as unknown as (e: null, a: CheckedAddress[]) => void)(null, [first]);
      else callback(null, first.address, first.family);
    };
    const url = check.url;
    const body = JSON.stringify({ phone: message.phone, template: message.template, params: message.params });
    const options: RequestOptions = {
      method: 'POST',
      host: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
      port: url.port || (url.protocol === 'https:' ? 443 : 80),
      path: `${url.pathname}${url.search}`,
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        authorization: `Bearer ${this.options.token}`,
        'content-length': String(Buffer.byteLength(body)),
      },
      lookup: pinned,
      agent: false,
    };
    const timeoutMs = this.options.timeoutMs ?? 5000;
    return await new Promise<SmsReceipt>((resolve, reject) => {
      let settled = false;
      const finish = (error: SmsUnavailableError | null, receipt?: SmsReceipt) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) reject(error);
        else resolve(receipt!);
      };
      const req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(options, (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_REPLY) {
            req.destroy();
            finish(new SmsUnavailableError('rejected'));
          } else chunks.push(c);
        });
        res.on('end', () => {
          if (status < 200 || status >= 300) return finish(new SmsUnavailableError('rejected'));
          let parsed: unknown;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            return finish(new SmsUnavailableError('rejected'));
          }
          const reply = GatewayReply.safeParse(parsed);
          if (!reply.success) return finish(new SmsUnavailableError('rejected'));
          finish(null, { id: reply.data.id });
        });
        res.on('error', () => finish(new SmsUnavailableError('unreachable')));
      });
      const timer = setTimeout(() => {
        finish(new SmsUnavailableError('timeout'));
        req.destroy();
      }, timeoutMs);
      req.on('error', () => finish(new SmsUnavailableError('unreachable')));
      req.end(body);
    });
  }
}
