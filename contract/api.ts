import { z } from 'zod';
import { EvaluationLevel, Outcome } from './domain.ts';
import { CareClass } from './remote.ts';

/** REST request bodies. Every write route validates with one of these; unknown keys are refused. */

const text = (max: number) => z.string().trim().min(1).max(max);
const idNumber = z.string().trim().regex(/^\d{17}[\dXx]$/, 'expected an 18-character ID number');
const personName = z.string().trim().min(1).max(40);
/** A one-time reference to an ID card read at a kiosk (see 'kiosk:identity' in socket.ts). */
const identityRef = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'expected the identityRef from the card reader');

export const ApiErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const LoginBody = z.strictObject({
  badge: z.string().trim().min(1).max(16),
  password: z.string().min(1).max(200),
});

export const SignInBody = z.strictObject({});

export const KioskIssueBody = z
  .strictObject({
    queue: z.string().max(32).optional(),
    item: z.string().max(32).optional(),
    /** Read from the card reader or typed; hashed and masked at once, never stored in full. */
    idNumber: idNumber.optional(),
    name: personName.optional(),
    proxy: z.boolean().optional(),
    /** The one-time reference from 'kiosk:identity' (the card read at this kiosk), instead of idNumber. */
    identityRef: identityRef.optional(),
  })
  .refine((b) => b.queue !== undefined || b.item !== undefined, { message: 'give a queue or an item', path: ['queue'] })
  .refine((b) => b.identityRef === undefined || (b.idNumber === undefined && b.name === undefined), {
    message: 'give an identityRef or an idNumber (and name), not both',
    path: ['identityRef'],
  });
export type KioskIssueBody = z.infer<typeof KioskIssueBody>;

export const StaffIssueBody = z
  .strictObject({
    queue: z.string().max(32).optional(),
    item: z.string().max(32).optional(),
    idNumber: idNumber.optional(),
    name: personName.optional(),
    proxy: z.boolean().optional(),
    green: z.boolean().optional(),
    greenReason: text(100).optional(),
    /** 帮办: the disabled/pregnant class ('assisted'), or 'elderly' for a citizen without a card. */
    careClass: CareClass.optional(),
  })
  .refine((b) => b.queue !== undefined || b.item !== undefined, { message: 'give a queue or an item', path: ['queue'] })
  .refine((b) => !b.green || b.greenReason !== undefined, { message: 'a green-channel ticket needs a reason', path: ['greenReason'] });
export type StaffIssueBody = z.infer<typeof StaffIssueBody>;

export const CheckInBody = z.union([
  z.strictObject({ code: z.string().regex(/^\d{6}$/, 'expected the 6-digit appointment code') }),
  z.strictObject({ idNumber }),
  z.strictObject({ identityRef }),
]);
export type CheckInBody = z.infer<typeof CheckInBody>;

export const BookAppointmentBody = z.strictObject({
  item: z.string().max(32),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  slotStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/),
  idNumber: idNumber,
  name: personName,
  phone: z.string().regex(/^1\d{10}$/, 'expected an 11-digit mobile number').optional(),
});
export type BookAppointmentBody = z.infer<typeof BookAppointmentBody>;

export const PrintResultBody = z.strictObject({
  printed: z.boolean(),
  reason: z.string().max(200).optional(),
});

export const EmptyBody = z.strictObject({});

export const PauseBody = z.strictObject({ reason: text(60) });
export const CallTicketBody = z.strictObject({ ticketId: z.string().uuid() });
export const FinishBody = z.strictObject({ outcome: Outcome, note: z.string().max(500).optional() });
export const TransferBody = z
  .strictObject({ queue: z.string().max(32).optional(), window: z.number().int().min(1).optional(), note: z.string().max(200).optional() })
  .refine((b) => b.queue !== undefined || b.window !== undefined, { message: 'give a queue or a window to transfer to', path: ['queue'] });
export const CancelBody = z.strictObject({ reason: text(100) });

export const EvaluationBody = z.strictObject({
  ticketId: z.string().uuid(),
  level: EvaluationLevel,
  dimensions: z.record(z.string().max(20), EvaluationLevel).optional(),
  reason: z.string().max(200).optional(),
  /** The chosen reasons one by one (the record's `reasons`), and the 文字评价. */
  reasons: z.array(z.string().min(1).max(40)).max(10).optional(),
  text: z.string().max(500).optional(),
  source: z.enum(['evaluator', 'screen', 'keypad', 'phone']).default('screen'),
  /** Signed key from the ticket's QR, when the citizen evaluates from a phone. */
  key: z.string().max(200).optional(),
});
export type EvaluationBody = z.infer<typeof EvaluationBody>;

/** The window actions, shared by REST (`POST /api/windows/:n/:action`) and the socket `window:command`. */
export const WindowAction = z.enum([
  'sign-in',
  'sign-out',
  'pause',
  'resume',
  'call-next',
  'call',
  'recall',
  'start',
  'finish',
  'no-show',
  'suspend',
  'resume-ticket',
  'transfer',
  'request-evaluation',
]);
export type WindowAction = z.infer<typeof WindowAction>;

export const WINDOW_ACTION_BODIES = {
  'sign-in': EmptyBody,
  'sign-out': EmptyBody,
  pause: PauseBody,
  resume: EmptyBody,
  'call-next': EmptyBody,
  call: CallTicketBody,
  recall: EmptyBody,
  start: EmptyBody,
  finish: FinishBody,
  'no-show': EmptyBody,
  suspend: EmptyBody,
  'resume-ticket': CallTicketBody,
  transfer: TransferBody,
  'request-evaluation': EmptyBody,
} as const satisfies Record<WindowAction, z.ZodType>;

export const WindowCommandPayload = z.strictObject({
  window: z.number().int().min(1),
  action: WindowAction,
  body: z.record(z.string(), z.unknown()).default({}),
});
export type WindowCommandPayload = z.infer<typeof WindowCommandPayload>;

export const SyncPayload = z.strictObject({
  afterSeq: z.number().int().min(0),
  /** Ask for a fresh snapshot regardless (after config.changed). */
  snapshot: z.boolean().optional(),
});
export type SyncPayload = z.infer<typeof SyncPayload>;

/** One acknowledgement shape for every socket call. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
