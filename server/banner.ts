import type { HallConfig } from '../contract/config.ts';

/**
 * What `npm start` prints: each page's URL (with the demo device tokens, so the demo works with a
 * click) and the demo logins. Only configurations that carry demo tokens get token URLs.
 */
export function startBanner(url: string, config: HallConfig | undefined, hallName: string): string {
  const token = (predicate: (d: HallConfig['devices'][number]) => boolean) => {
    const t = config?.devices.find((d) => predicate(d) && d.demoToken)?.demoToken;
    return t ? `?token=${t}` : '';
  };
  const firstWindow = config?.windows.find((w) => !w.retired)?.number ?? 1;
  const windowScreen = token((d) => d.kind === 'display' && d.window === firstWindow);
  const rows: [string, string][] = [
    ['Kiosk (取号机)', `/kiosk${token((d) => d.kind === 'kiosk')}`],
    ['Window terminal (窗口)', '/window'],
    ['Hall display (大厅屏)', `/display${token((d) => d.kind === 'display' && d.window === undefined)}`],
    ['Window screen (窗口屏)', `/display/window/${firstWindow}${windowScreen}`],
    ['Evaluation tablet (评价器)', `/evaluate/${firstWindow}${windowScreen}`],
    ['Admin (管理/督查)', '/admin'],
    ['API', '/api/openapi.json'],
  ];
  const login = (role: 'staff' | 'supervisor' | 'admin') => {
    const s = config?.staff.find((m) => m.role === role && m.password && !m.retired);
    return s ? `${role} ${s.badge} / ${s.password}` : undefined;
  };
  const demo = [login('staff'), login('supervisor'), login('admin')].filter((l): l is string => l !== undefined);
  const logins = demo.length ? [`  Demo logins: ${demo.join(' · ')}`] : [];
  return ['', `  ${hallName} — HallQ is running`, '', ...rows.map(([what, p]) => `  ${what.padEnd(26)} ${url}${p}`), '', ...logins, ''].join('\n');
}
