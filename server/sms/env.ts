import type { Clock } from '../common/clock.ts';
import type { Logger } from '../common/logger.ts';
import { DestinationPolicy } from '../webhooks/destination.ts';
import { FakeSmsGateway } from './fake-gateway.ts';
import { smsOff, type SmsGateway } from './gateway.ts';
import { HttpSmsGateway } from './http-gateway.ts';

/** How a hall server's SMS gateway is chosen (HallServerOptions.sms). */
export type SmsChoice =
  | { kind: 'http'; url: string; token: string; timeoutMs?: number }
  | { kind: 'fake'; capacity?: number }
  | { kind: 'off' };

/**
 * HALL_SMS_URL + HALL_SMS_TOKEN (and HALL_SMS_TIMEOUT_MS) configure the HTTP gateway. Without them a demo
 * hall uses the in-memory fake (messages visible to the admin), and production sends none (`off`): a
 * booking that needs a code is then refused with a message, rather than a code promised and never sent.
 */
export function smsChoiceFromEnv(env: NodeJS.ProcessEnv, production: boolean): SmsChoice {
  const url = env.HALL_SMS_URL?.trim();
  if (url) {
    const token = env.HALL_SMS_TOKEN?.trim() ?? '';
    if (!token) throw new RangeError('HALL_SMS_TOKEN: HALL_SMS_URL is set but no token is given (the gateway is called with Authorization: Bearer <token>)');
    const raw = env.HALL_SMS_TIMEOUT_MS?.trim();
    const timeoutMs = raw ? Number(raw) : undefined;
    if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 100 || timeoutMs > 60_000)) {
      throw new RangeError(`HALL_SMS_TIMEOUT_MS: "${raw}" should be whole milliseconds between 100 and 60000`);
    }
    try {
      new URL(url);
    } catch {
      throw new RangeError(`HALL_SMS_URL: "${url}" is not a URL (e.g. https://sms.example.gov.cn/send)`);
    }
    return { kind: 'http', url, token, ...(timeoutMs !== undefined ? { timeoutMs } : {}) };
  }
  return production ? { kind: 'off' } : { kind: 'fake' };
}

export function createSmsGateway(choice: SmsChoice, deps: { clock: Clock; log: Logger; policy: DestinationPolicy }): SmsGateway {
  switch (choice.kind) {
    case 'http':
      return new HttpSmsGateway({ url: choice.url, token: choice.token, policy: deps.policy, log: deps.log, ...(choice.timeoutMs !== undefined ? { timeoutMs: choice.timeoutMs } : {}) });
    case 'fake':
      return new FakeSmsGateway(deps.clock, choice.capacity);
    case 'off':
      return smsOff;
  }
}
