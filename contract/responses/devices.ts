import { z } from 'zod';
import { DeviceStatusView } from '../socket.ts';

/** GET /api/devices: every device the server or its agents drive, and print jobs without a result yet. */
export const DeviceList = z.object({ devices: z.array(DeviceStatusView), printJobsPending: z.number() });
export type DeviceList = z.infer<typeof DeviceList>;

/** What a simulated caller keypad shows. */
export const KeypadDisplayView = z.object({
  cells: z.string(),
  ticket: z.string().nullable(),
  waiting: z.string().nullable(),
  beeps: z.number(),
  stars: z.number().nullable(),
  evaluationsStarted: z.number(),
});

/** POST /api/devices/:id/simulate (demo mode). */
export const SimulateResult = z.object({ ok: z.literal(true), acked: z.boolean().optional(), display: KeypadDisplayView.optional() });
export type SimulateResult = z.infer<typeof SimulateResult>;
