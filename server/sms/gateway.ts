import { maskPhone as maskContactPhone } from '../auth/contact-box.ts';
import type { SmsTemplate } from '../../contract/sms.ts';

/** One text message to send: a template the gateway (or its operator) knows, and the values it fills in. */
export interface SmsMessage {
  /** Mainland mobile number, 11 digits (1[3-9]…). Never logged. */
  phone: string;
  template: SmsTemplate;
  params: Record<string, string>;
}

/** The gateway's receipt: its id for the message (for the operator's delivery report, never shown to citizens). */
export interface SmsReceipt {
  id: string;
}

/**
 * Where text messages go. The hall never speaks an SMS operator's own protocol: a configured HTTP
 * gateway (http-gateway.ts) does, and a local fake (fake-gateway.ts) stands in for it in demo mode and
 * tests. `send` resolves once the gateway took the message, or rejects with SmsUnavailableError.
 */
export interface SmsGateway {
  readonly kind: 'http' | 'fake' | 'off';
  send(message: SmsMessage): Promise<SmsReceipt>;
}

/** The gateway did not take a message (unreachable, refused, timed out, or none configured). */
export class SmsUnavailableError extends Error {
  constructor(readonly reason: 'not_configured' | 'refused_destination' | 'unreachable' | 'timeout' | 'rejected') {
    super(`the SMS gateway did not take the message (${reason})`);
    this.name = 'SmsUnavailableError';
  }
}

/** No gateway configured (production without HALL_SMS_URL): every send is refused, so no code is promised. */
export const smsOff: SmsGateway = {
  kind: 'off',
  send: () => Promise.reject(new SmsUnavailableError('not_configured')),
};

/** 138****5678: what an admin screen or a log may show of a phone number (one rule with the 差评 call-back numbers). */
export function maskPhone(phone: string): string {
  return phone.length >= 7 ? maskContactPhone(phone) : '****';
}
