import type { DeviceKind, Role } from '../../contract/domain.ts';

/** Who is asking. Resolved once per request or socket from a session cookie or a device token. */
export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'device'; code: string; deviceKind: DeviceKind; window: number | null }
  | { kind: 'staff'; badge: string; name: string; role: Role; window: number | null; sessionHash: string }
  /** A village or township station account (seed 六, 代办): books and takes numbers on citizens' behalf. */
  | { kind: 'station'; code: string; name: string; sessionHash: string };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

export function isSupervisor(p: Principal): boolean {
  return p.kind === 'staff' && (p.role === 'supervisor' || p.role === 'admin');
}

export function isAdmin(p: Principal): boolean {
  return p.kind === 'staff' && p.role === 'admin';
}

/** May this principal act on window n? Staff only on the window they are signed in to; supervisors on all. */
export function mayActOnWindow(p: Principal, window: number): boolean {
  if (p.kind !== 'staff') return false;
  return isSupervisor(p) || p.window === window;
}

export function describe(p: Principal): { actor: string; role: string } {
  switch (p.kind) {
    case 'anonymous':
      return { actor: 'anonymous', role: 'public' };
    case 'device':
      return { actor: `device:${p.code}`, role: p.deviceKind };
    case 'staff':
      return { actor: `staff:${p.badge}`, role: p.role };
    case 'station':
      return { actor: `station:${p.code}`, role: 'station' };
  }
}
