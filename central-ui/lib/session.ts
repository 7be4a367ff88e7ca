import { CentralMe } from '../../contract/central/api.ts';
import { ApiFailure, api } from '../../ui-kit/api.ts';
import { z } from 'zod';

export const LOGIN_PAGE = '/';
export const CONSOLE_PAGE = '/console';

/** The signed-in central user, or null when there is no live session. */
export async function loadMe(): Promise<CentralMe | null> {
  try {
    return await api('/api/auth/me', CentralMe);
  } catch (err) {
    if (err instanceof ApiFailure && (err.status === 401 || err.status === 403)) return null;
    throw err;
  }
}

/** Sends the browser to the sign-in page, remembering where it was. */
export function toLogin(reason?: 'expired'): void {
  const back = encodeURIComponent(location.pathname + location.search + location.hash);
  location.assign(`${LOGIN_PAGE}?next=${back}${reason ? `&reason=${reason}` : ''}`);
}

export async function logout(): Promise<void> {
  await api('/api/auth/logout', z.unknown(), { method: 'POST', body: {} }).catch(() => undefined);
  location.assign(LOGIN_PAGE);
}
