/**
 * The kiosk's device token and idle time come from the page URL (/kiosk?token=…&idle=20) and are kept
 * in localStorage, so a kiosk that reboots to plain /kiosk is still bound to its device.
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
  if (token) storage.setItem(TOKEN, token);
  const idle = params.get('idle');
  if (idle && /^\d{1,4}$/.test(idle) && Number(idle) >= 5) storage.setItem(IDLE, idle);
  const stored = Number(storage.getItem(IDLE));
  return { token: storage.getItem(TOKEN), doneIdleSeconds: Number.isFinite(stored) && stored >= 5 ? stored : 20 };
}
