/**
 * The kiosk's device token and idle time come from the page URL (/kiosk?token=…&idle=20) and are kept
 * in localStorage, so a kiosk that reboots to plain /kiosk is still bound to its device. The token is
 * then taken out of the address bar (addressWithoutToken), so it is not left on screen, in the
 * browser history or in a Referer.
 */
export interface KioskSettings {
  token: string | null;
  doneIdleSeconds: number;
}

const TOKEN = 'hallq.kiosk.token';
const IDLE = 'hallq.kiosk.idle';

export function readSettings(search: string, storage: Storage): KioskSettings {
  const params = new URLSearchParams(search);
  const token = params.get('token');
  const idle = params.get('idle');
  try {
    if (token) storage.setItem(TOKEN, token);
    if (idle && /^\d{1,4}$/.test(idle) && Number(idle) >= 5) storage.setItem(IDLE, idle);
    const stored = Number(storage.getItem(IDLE));
    return { token: token ?? storage.getItem(TOKEN), doneIdleSeconds: Number.isFinite(stored) && stored >= 5 ? stored : 20 };
  } catch {
    // Storage disabled: the address's token still serves this page, kept in memory only.
    return { token, doneIdleSeconds: idle && /^\d{1,4}$/.test(idle) && Number(idle) >= 5 ? Number(idle) : 20 };
  }
}

/** The page address without `token` (other parameters kept), or null when it carries none. */
export function addressWithoutToken(href: string): string | null {
  const url = new URL(href);
  if (!url.searchParams.has('token')) return null;
  url.searchParams.delete('token');
  return url.pathname + url.search + url.hash;
}
