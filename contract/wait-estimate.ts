import { z } from 'zod';

/**
 * A predicted wait (server/queue/predictor): minutes from now until a window calls the ticket, with
 * a range for planning ("约 10–15 分钟") and `imminent` when a call is due within a minute (the
 * screens say 即将叫号 rather than 0). `estimatedWaitMinutes` beside it stays for older clients and
 * equals `minutes`.
 */
export const WaitEstimate = z.object({
  minutes: z.number().int().min(0),
  low: z.number().int().min(0),
  high: z.number().int().min(0),
  imminent: z.boolean(),
});
export type WaitEstimate = z.infer<typeof WaitEstimate>;

/** Estimates of a window's waiting list, by ticket id (GET /api/windows/:n/state). */
export const WaitEstimates = z.record(z.string(), WaitEstimate);
export type WaitEstimates = z.infer<typeof WaitEstimates>;
