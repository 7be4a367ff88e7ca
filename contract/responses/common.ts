import { z } from 'zod';

/** The answer of a command that has nothing else to say. */
export const Ok = z.object({ ok: z.literal(true) });
export type Ok = z.infer<typeof Ok>;

/** A 204: nothing to parse. */
export const NoContent = z.undefined();
