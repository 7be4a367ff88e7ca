import { z } from 'zod';

/**
 * GET /api/kiosk/printer: the calling kiosk's own ticket printer, so its home screen can warn before a
 * citizen takes a number rather than after. `paper_out`: the roll is empty; `fault`: another fault
 * (cover open, head error); `offline`: the printer or the agent PC driving it is not connected;
 * `none`: this kiosk has no printer. Paper near end is `ready` (tickets still print).
 */
export const KioskPrinterState = z.object({
  state: z.enum(['ready', 'paper_out', 'fault', 'offline', 'none']),
  /** When the printer last changed state, as the device registry has it (null: never reported). */
  since: z.string().nullable(),
});
export type KioskPrinterState = z.infer<typeof KioskPrinterState>;
