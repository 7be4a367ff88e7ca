import { signal } from '@preact/signals';

/** The console's screens, addressed by the URL hash so a reload or a bookmark keeps the place. */
export type Route =
  | { screen: 'supervision' }
  | { screen: 'stats' }
  | { screen: 'cases'; id: number | null }
  | { screen: 'audit' }
  | { screen: 'push' }
  | { screen: 'config'; name: ConfigName };

export const CONFIG_NAMES = ['departments', 'items', 'queues', 'windows', 'staff', 'devices', 'notices', 'rules', 'webhooks'] as const;
export type ConfigName = (typeof CONFIG_NAMES)[number];

export function parseRoute(hash: string): Route {
  const [a, b] = hash.replace(/^#\/?/, '').split('/');
  if (a === 'stats') return { screen: 'stats' };
  if (a === 'audit') return { screen: 'audit' };
  if (a === 'push') return { screen: 'push' };
  if (a === 'cases') return { screen: 'cases', id: b && /^\d+$/.test(b) ? Number(b) : null };
  if (a === 'config' && (CONFIG_NAMES as readonly string[]).includes(b ?? '')) return { screen: 'config', name: b as ConfigName };
  return { screen: 'supervision' };
}

export function routeHash(r: Route): string {
  switch (r.screen) {
    case 'cases':
      return r.id !== null ? `#/cases/${r.id}` : '#/cases';
    case 'config':
      return `#/config/${r.name}`;
    default:
      return `#/${r.screen}`;
  }
}

export const route = signal<Route>(parseRoute(typeof location === 'undefined' ? '' : location.hash));

export function go(r: Route): void {
  route.value = r;
  if (typeof location !== 'undefined' && location.hash !== routeHash(r)) location.hash = routeHash(r);
}

if (typeof window !== 'undefined') window.addEventListener('hashchange', () => (route.value = parseRoute(location.hash)));
