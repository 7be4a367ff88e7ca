import { z } from 'zod';

/**
 * How a citizen without an ID card gets a number for an ID-required queue (国办发〔2020〕45号: keep a
 * path for those who cannot use the card reader). Lives in the hall rules; the kiosk reads it from
 * GET /api/hall.
 */
export const KioskAccess = z.strictObject({
  /** The kiosk offers an on-screen keypad for the 18-digit number (GB 11643 checked) and the name. */
  typedId: z.boolean().default(true),
  /** A scanned e-ID / 电子社保卡 QR counts, once the configured verification service confirms it. */
  eidScan: z.boolean().default(true),
  /** Where the kiosk sends someone it cannot serve, said in full on the screen (e.g. 一楼咨询台). */
  helpPlace: z.string().trim().min(1).max(40).default('咨询台'),
  /** The 帮办 (assisted service) window, told of every 帮办 call from a kiosk; null: supervisors only. */
  helpWindow: z.number().int().min(1).max(999).nullable().default(null),
});
export type KioskAccess = z.infer<typeof KioskAccess>;

export const DEFAULT_KIOSK_ACCESS: KioskAccess = KioskAccess.parse({});

/** POST /api/kiosk/help: a citizen pressed 帮办 at a kiosk. Nothing personal is sent. */
export const KioskHelpBody = z.strictObject({
  /** What the kiosk was showing, so staff know what to bring (e.g. 'no-card', 'printer', 'home'). */
  screen: z.string().regex(/^[a-z-]{1,24}$/, 'expected a screen name like no-card').optional(),
});
export type KioskHelpBody = z.infer<typeof KioskHelpBody>;

/** The 'kiosk:scan-refused' socket payload: a QR scanned at this kiosk that cannot be used, in Chinese. */
export const KioskScanRefused = z.object({
  code: z.string(),
  message: z.string(),
  /** Where to go instead (the hall's helpPlace / 帮办 window), already worded. */
  hint: z.string().nullable(),
});
export type KioskScanRefused = z.infer<typeof KioskScanRefused>;

/** One open 帮办 call (GET /api/help-calls; also raised as a supervision alert). */
export const HelpCallView = z.object({
  kiosk: z.string(),
  kioskName: z.string(),
  screen: z.string().nullable(),
  window: z.number().nullable(),
  since: z.string(),
});
export type HelpCallView = z.infer<typeof HelpCallView>;
export const HelpCallsView = z.object({ calls: z.array(HelpCallView) });
export type HelpCallsView = z.infer<typeof HelpCallsView>;

/** POST /api/kiosk/scan: a code a keyboard-mode scanner typed into the kiosk page (ended by Enter). */
export const KioskScanBody = z.strictObject({
  code: z
    .string()
    .min(1)
    .max(2048)
    .regex(/^[\x21-\x7e]+$/, 'expected printable ASCII, as a scanner in keyboard mode types it'),
});
export type KioskScanBody = z.infer<typeof KioskScanBody>;

/** What the scan was: a verified identity (used like a card read) or a booking code to check in. */
export const KioskScanResult = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('identity'),
    identity: z.object({ idMasked: z.string(), nameMasked: z.string().nullable(), identityRef: z.string(), validUntil: z.string(), source: z.literal('eid') }),
  }),
  z.object({ kind: z.literal('booking'), code: z.string() }),
]);
export type KioskScanResult = z.infer<typeof KioskScanResult>;
