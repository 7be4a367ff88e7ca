import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { AdminLive } from './live.ts';

export interface StaffMe {
  kind: 'staff';
  badge: string;
  name: string;
  role: 'staff' | 'supervisor' | 'admin';
  window: number | null;
}

/** Who is at the desk and the live link; admins edit, supervisors read and supervise. */
export interface ConsoleContext {
  me: StaffMe;
  canEdit: boolean;
  live: AdminLive;
}

export const Console = createContext<ConsoleContext | null>(null);

export function useConsole(): ConsoleContext {
  const c = useContext(Console);
  if (!c) throw new Error('useConsole outside the console');
  return c;
}
