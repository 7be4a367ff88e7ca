import { z } from 'zod';

/**
 * 远程取号 (a number taken from the phone), call reminders (Web Push and SMS) and the priority classes
 * (elderly by age, disabled or pregnant given at the 帮办 window): their settings, request bodies and
 * answers. The server's side is in server/reminders/ and server/usecases/remote*.ts.
 */

const idNumber = z.string().trim().regex(/^\d{17}[\dXx]$/, 'expected an 18-character ID number');
const personName = z.string().trim().min(1).max(40);
const mobile = z.string().trim().regex(/^1[3-9]\d{9}$/, 'expected an 11-digit mainland mobile number');
const statusKey = z.string().min(1).max(64);

/** A ticket's care class: 'elderly' from the ID card's birth date, 'assisted' (disabled or pregnant) given by staff. */
export const CareClass = z.enum(['elderly', 'assisted']);
export type CareClass = z.infer<typeof CareClass>;
export const CARE_CLASS_LABELS: Record<CareClass, string> = { elderly: '长者', assisted: '关爱' };

/** Hall rules of the priority classes (rules.priorityClasses). */
export const PriorityClassRules = z.object({
  /** Age from which an ID card's holder is in the elderly class; 0 turns the class off. */
  elderlyAge: z.number().int().min(0).max(120).default(65),
  /** Whether staff may issue the disabled/pregnant class. */
  assisted: z.boolean().default(true),
});
export type PriorityClassRules = z.infer<typeof PriorityClassRules>;

/** Hall rules of 远程取号 (rules.remote); each queue enables it on its own (queue.remote). */
export const RemoteRules = z.object({
  /**
   * How a remote ticket enters the call order: 'kiosk' only by checking in at a kiosk (code or card);
   * 'hall_code' also by 我已到达 on the phone with the rotating code shown in the hall (a QR).
   */
  arrivalCheck: z.enum(['kiosk', 'hall_code']).default('hall_code'),
  /** Minutes one hall code stays current (the previous one is still accepted). */
  hallCodeMinutes: z.number().int().min(1).max(240).default(10),
});
export type RemoteRules = z.infer<typeof RemoteRules>;

/** Per queue: whether numbers may be taken remotely, and how many a day. */
export const QueueRemote = z.object({
  enabled: z.boolean().default(false),
  dailyQuota: z.number().int().min(0).max(9999).default(50),
});
export type QueueRemote = z.infer<typeof QueueRemote>;

/** Hall rules of call reminders (rules.reminders). */
export const ReminderRules = z.object({
  /** "还有 N 位": sent once when this many people or fewer are ahead. */
  nearPosition: z.number().int().min(1).max(50).default(3),
  push: z.boolean().default(true),
  sms: z.boolean().default(true),
});
export type ReminderRules = z.infer<typeof ReminderRules>;

/** POST /api/remote/tickets */
export const RemoteIssueBody = z
  .strictObject({
    queue: z.string().max(32).optional(),
    item: z.string().max(32).optional(),
    idNumber,
    name: personName,
    phone: mobile,
    /** The code POST /api/booking/code sent to `phone`: a remote number is identified like a booking. */
    smsCode: z.string().trim().regex(/^\d{6}$/, 'expected the 6-digit code sent to the phone'),
  })
  .refine((b) => b.queue !== undefined || b.item !== undefined, { message: 'give a queue or an item', path: ['queue'] });
export type RemoteIssueBody = z.infer<typeof RemoteIssueBody>;

export const RemoteIssued = z.object({
  ticketId: z.string(),
  number: z.string(),
  queueName: z.string(),
  itemName: z.string().nullable(),
  /** The status page's signed key (the page is /t/:ticketId?k=key). */
  key: z.string(),
  statusUrl: z.string(),
  /** Typed at a kiosk's 预约签到 to check in. */
  arrivalCode: z.string(),
  peopleAhead: z.number(),
  estimatedWaitMinutes: z.number(),
  careClass: CareClass.nullable(),
});
export type RemoteIssued = z.infer<typeof RemoteIssued>;

/** GET /api/remote/queues: what may be taken remotely now. */
export const RemoteQueues = z.object({
  arrivalCheck: RemoteRules.shape.arrivalCheck,
  queues: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      open: z.boolean(),
      quotaLeft: z.number(),
      items: z.array(z.object({ code: z.string(), name: z.string() })),
    }),
  ),
});
export type RemoteQueues = z.infer<typeof RemoteQueues>;

/** POST /api/remote/tickets/:id/arrive — 我已到达, with the code of the QR posted in the hall. */
export const RemoteArriveBody = z.strictObject({
  k: statusKey,
  hallCode: z.string().trim().regex(/^[0-9]{6}$/, 'expected the 6-digit code shown in the hall'),
});
export type RemoteArriveBody = z.infer<typeof RemoteArriveBody>;

/** GET /api/remote/hall-code: the current code for the hall's QR (screens, staff). */
export const HallArrivalCode = z.object({ code: z.string(), url: z.string(), validUntil: z.string() });
export type HallArrivalCode = z.infer<typeof HallArrivalCode>;

/** A browser's PushSubscription.toJSON(). */
export const PushSubscriptionJson = z.object({
  endpoint: z.string().url().max(1000),
  expirationTime: z.number().nullable().optional(),
  keys: z.object({ p256dh: z.string().min(16).max(200), auth: z.string().min(8).max(100) }),
});
export type PushSubscriptionJson = z.infer<typeof PushSubscriptionJson>;

/** PUT /api/tickets/:id/reminders — switch the phone's reminders on or off; null removes. */
export const ReminderBody = z.strictObject({
  k: statusKey,
  push: PushSubscriptionJson.nullable().optional(),
  phone: mobile.nullable().optional(),
});
export type ReminderBody = z.infer<typeof ReminderBody>;

export const ReminderQuery = z.object({ k: statusKey });

/** What the status page's reminder switch shows. */
export const ReminderState = z.object({
  push: z.boolean(),
  sms: z.boolean(),
  phoneMasked: z.string().nullable(),
  nearPosition: z.number(),
  /** The VAPID public key to subscribe with (base64url), or null when the hall sends no Web Push. */
  publicKey: z.string().nullable(),
  smsAvailable: z.boolean(),
});
export type ReminderState = z.infer<typeof ReminderState>;

/** What a push message carries (the service worker shows it). No personal data. */
export const ReminderPayload = z.object({
  kind: z.enum(['near', 'called']),
  title: z.string(),
  body: z.string(),
  number: z.string(),
  window: z.number().nullable(),
  ahead: z.number().nullable(),
  url: z.string(),
  ticketId: z.string(),
});
export type ReminderPayload = z.infer<typeof ReminderPayload>;

/** POST /api/remote/tickets/:id/arrive: the ticket now waits in the call order. */
export const RemoteArrived = z.object({ number: z.string(), state: z.string(), peopleAhead: z.number(), estimatedWaitMinutes: z.number() });
export type RemoteArrived = z.infer<typeof RemoteArrived>;
