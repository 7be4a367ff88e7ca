import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { StaffMe } from '../../contract/responses.ts';
import type { AdminLive } from './live.ts';

export type { StaffMe };

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
