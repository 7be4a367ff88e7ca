import type { HallConfig } from '../contract/config.ts';

type Device = HallConfig['devices'][number];

export interface BannerOptions {
  /** Production mode prints no device token and no login, whatever the configuration carries. */
  production: boolean;
  /** While no admin can sign in: the first-run page and its one-time code (for browsers not on this host). */
  setup?: { code: string } | undefined;
}

/** An evaluation tablet is a window-bound display named or coded as one (评价器, E1…); the others are window screens. */
const isEvaluator = (d: Device) => /评价|evaluat/i.test(d.name) || /^E\d/i.test(d.code);

/**
 * What `npm start` prints: each page's URL and, for a demo hall outside production, the demo device
 * tokens in those URLs (so the demo works with a click) and the demo logins. Production prints plain
 * URLs: tokens are issued in the admin console and never written to a log.
 */
export function startBanner(url: string, config: HallConfig | undefined, hallName: string, options: BannerOptions = { production: false }): string {
  const token = (predicate: (d: Device) => boolean) => {
    if (options.production) return '';
    const t = config?.devices.find((d) => predicate(d) && d.demoToken)?.demoToken;
    return t ? `?token=${t}` : '';
  };
  const firstWindow = config?.windows.find((w) => !w.retired)?.number ?? 1;
  const atWindow = (d: Device) => d.kind === 'display' && d.window === firstWindow;
  const rows: [string, string][] = [
    ['Kiosk (取号机)', `/kiosk${token((d) => d.kind === 'kiosk')}`],
    ['Window terminal (窗口)', '/window'],
    ['Hall display (大厅屏)', `/display${token((d) => d.kind === 'display' && d.window === undefined)}`],
    ['Window screen (窗口屏)', `/display/window/${firstWindow}${token((d) => atWindow(d) && !isEvaluator(d))}`],
    ['Evaluation tablet (评价器)', `/evaluate/${firstWindow}${token((d) => atWindow(d) && isEvaluator(d))}`],
    ['Booking page (网上预约)', '/book'],
    ['Admin (管理/督查)', '/admin'],
    ['API', '/api/openapi.json'],
  ];
  const login = (role: 'staff' | 'supervisor' | 'admin') => {
    const s = config?.staff.find((m) => m.role === role && m.password && !m.retired);
    return s ? `${role} ${s.badge} / ${s.password}` : undefined;
  };
  const demo = options.production ? [] : [login('staff'), login('supervisor'), login('admin')].filter((l): l is string => l !== undefined);
  const logins = demo.length ? [`  Demo logins: ${demo.join(' · ')}`] : [];
  const setup = options.setup
    ? [
        '  No admin can sign in yet. Set up the first admin:',
        `    on this machine: ${url}/setup   (or: npm run setup)`,
        `    from another computer on the hall LAN: ${url.replace('127.0.0.1', '<this server>')}/setup with the one-time code ${options.setup.code}`,
        '',
      ]
    : [];
  const mode = options.production ? ['  Production mode: device tokens are issued in the admin console (设备 → 签发令牌).', ''] : [];
  return ['', `  ${hallName} — HallQ is running`, '', ...rows.map(([what, p]) => `  ${what.padEnd(26)} ${url}${p}`), '', ...mode, ...setup, ...logins, ''].join('\n');
}
