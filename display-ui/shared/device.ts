import { locale } from '../i18n/index.ts';

const TOKEN_KEY = 'hallq.display.token';

/**
 * The screen's device token: from `?token=` on first start, then from localStorage, so a reboot or a
 * browser restart keeps it. The token is taken out of the visible address once stored.
 */
export function deviceToken(): string | undefined {
  const url = new URL(location.href);
  const fromUrl = url.searchParams.get('token');
  let stored: string | null = null;
  try {
    if (fromUrl) localStorage.setItem(TOKEN_KEY, fromUrl);
    stored = localStorage.getItem(TOKEN_KEY);
  } catch {
    /* storage disabled: the URL token still works for this session */
  }
  if (fromUrl && stored === fromUrl) {
    url.searchParams.delete('token');
    history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
  return fromUrl ?? stored ?? undefined;
}

/** A screen setting from the address, e.g. ?repeat=3&layout=strip&lang=en. */
export function param(name: string): string | null {
  return new URL(location.href).searchParams.get(name);
}

export function numberParam(name: string, fallback: number): number {
  const v = Number(param(name));
  return param(name) !== null && Number.isFinite(v) ? v : fallback;
}

/** The number at the end of the path: /display/window/3 → 3, /evaluate/2 → 2. */
export function pathNumber(): number | null {
  const m = /\/(\d+)\/?$/.exec(location.pathname);
  return m ? Number(m[1]) : null;
}

export function applyLocaleParam(): void {
  if (param('lang') === 'en') locale.value = 'en';
  document.documentElement.lang = locale.value;
}
