import { z } from 'zod';
import { DeviceKind, Role } from '../domain.ts';

/** POST /api/auth/login (the session itself travels in the cookie). */
export const LoginResult = z.object({
  badge: z.string(),
  name: z.string(),
  role: Role,
  window: z.number().nullable(),
  expiresAt: z.string(),
});
export type LoginResult = z.infer<typeof LoginResult>;

export const StaffMe = z.object({ kind: z.literal('staff'), badge: z.string(), name: z.string(), role: Role, window: z.number().nullable() });
export type StaffMe = z.infer<typeof StaffMe>;

/** GET /api/auth/me: who the caller is. */
export const Me = z.discriminatedUnion('kind', [
  StaffMe,
  z.object({ kind: z.literal('device'), code: z.string(), deviceKind: DeviceKind, window: z.number().nullable() }),
  z.object({ kind: z.literal('anonymous') }),
]);
export type Me = z.infer<typeof Me>;
