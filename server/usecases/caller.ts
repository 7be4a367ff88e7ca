import type { Actor } from '../../contract/events.ts';
import { describe, type Principal } from '../auth/principal.ts';

/** Who asks for a use case, and from where (client address, window, device code; never personal data). */
export interface Caller {
  principal: Principal;
  place: string | null;
}

/** The engine's actor for a principal. */
export function actorOf(p: Principal): Actor {
  switch (p.kind) {
    case 'staff':
      return { kind: 'staff', id: p.badge };
    case 'device':
      return { kind: 'device', id: p.code };
    case 'anonymous':
      return { kind: 'public', id: null };
    // A station acts for a citizen: a public actor that names the station (the event contract has no station kind).
    case 'station':
      return { kind: 'public', id: `station:${p.code}` };
  }
}

export { describe };
