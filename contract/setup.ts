import { z } from 'zod';

/**
 * The first-run page (`/setup`) and `POST /api/setup`: the first admin of a hall whose database has no
 * admin who can sign in (production mode seeds the configuration's admins without their demo passwords).
 */
export const SetupBody = z.strictObject({
  badge: z.string().regex(/^[A-Za-z0-9]{2,16}$/, 'expected a badge number of 2–16 letters or digits'),
  name: z.string().trim().min(1).max(20),
  /** Checked against the password policy (at least 10 characters, not the badge, not a common password). */
  password: z.string().min(1).max(128),
  /** The one-time setup code the server printed on its console; not needed from the server itself. */
  code: z.string().max(32).optional(),
});
export type SetupBody = z.infer<typeof SetupBody>;

export const SetupDone = z.object({ badge: z.string(), next: z.string() });
export type SetupDone = z.infer<typeof SetupDone>;

/** GET /api/setup: whether the first-run page is open, and whether this caller needs the code. */
export const SetupStatus = z.object({ open: z.boolean(), codeRequired: z.boolean() });
export type SetupStatus = z.infer<typeof SetupStatus>;
