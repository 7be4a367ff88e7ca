import { z } from 'zod';

/**
 * The SMS templates the hall sends (server/sms/templates.ts holds their Chinese text). An operator
 * registers each one; the HTTP gateway receives the id and its params.
 */
export const SmsTemplate = z.enum(['booking-code', 'booking-confirmed', 'booking-cancelled', 'queue-near', 'queue-called']);
export type SmsTemplate = z.infer<typeof SmsTemplate>;

/** One message the demo hall's fake gateway kept, as the admin sees it (phone masked). */
export const SmsMessageView = z.object({
  id: z.string(),
  at: z.string(),
  phone: z.string(),
  template: SmsTemplate,
  text: z.string(),
});
export type SmsMessageView = z.infer<typeof SmsMessageView>;

/** GET /api/admin/sms-outbox: the fake gateway's messages, newest first (demo mode only). */
export const SmsOutbox = z.object({ gateway: z.literal('fake'), capacity: z.number().int(), messages: z.array(SmsMessageView) });
export type SmsOutbox = z.infer<typeof SmsOutbox>;
