import type { SmsMessageView } from '../../contract/sms.ts';
import type { Clock } from '../common/clock.ts';
import { maskPhone, type SmsGateway, type SmsMessage, type SmsReceipt } from './gateway.ts';
import { renderSms } from './templates.ts';

interface Kept extends SmsMessage {
  id: string;
  at: string;
  text: string;
}

/**
 * The local stand-in for an SMS gateway (demo mode and tests): it "sends" by keeping the message in
 * memory, the newest `capacity` only, so a demo hall left running does not grow. An admin sees them in
 * demo mode (GET /api/admin/sms-outbox, phone masked); tests read the inbox of one phone in process.
 */
export class FakeSmsGateway implements SmsGateway {
  readonly kind = 'fake' as const;
  private readonly kept: Kept[] = [];
  private seq = 0;
  private readonly listeners = new Set<(m: Readonly<Kept>) => void>();

  constructor(
    private readonly clock: Clock,
    readonly capacity = 200,
  ) {}

  send(message: SmsMessage): Promise<SmsReceipt> {
    const id = `fake-${++this.seq}`;
    const kept: Kept = { ...message, params: { ...message.params }, id, at: this.clock.now().toISOString(), text: renderSms(message.template, message.params) };
    this.kept.push(kept);
    if (this.kept.length > this.capacity) this.kept.splice(0, this.kept.length - this.capacity);
    for (const l of this.listeners) l(kept);
    return Promise.resolve({ id });
  }

  /** Newest first, phone masked: what the admin's demo view shows. */
  list(): SmsMessageView[] {
    return this.kept
      .slice()
      .reverse()
      .map((m) => ({ id: m.id, at: m.at, phone: maskPhone(m.phone), template: m.template, text: m.text }));
  }

  /** What one phone received, oldest first (tests). */
  inbox(phone: string): Readonly<Kept>[] {
    return this.kept.filter((m) => m.phone === phone);
  }

  /**
   * The first message to `phone` (optionally of `template`) already kept or arriving within `timeoutMs`;
   * rejects with what it waited for when none comes (tests wait on this, never sleep).
   */
  next(phone: string, template?: SmsMessage['template'], timeoutMs = 5000, after = 0): Promise<Readonly<Kept>> {
    const matches = (m: Kept) => m.phone === phone && (template === undefined || m.template === template);
    const already = this.kept.filter(matches);
    if (already.length > after) return Promise.resolve(already[after]!);
    let seen = already.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        reject(new Error(`no SMS ${template ?? ''} to ${maskPhone(phone)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const listener = (m: Kept) => {
        if (!matches(m) || seen++ < after) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(m);
      };
      this.listeners.add(listener);
    });
  }
}
