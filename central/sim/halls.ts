import { randomBytes, scryptSync } from 'node:crypto';
import path from 'node:path';
import { HallConfig } from '../../contract/config.ts';
import type { HallLevel } from '../../contract/domain.ts';
import { parseHallYaml } from '../../server/store/hall-file.ts';
import { ROOT } from '../../server/ui-build.ts';
import { readFileSync } from 'node:fs';
import type { DemoHall, HallKind } from '../demo/county.ts';

/** The password of every simulated staff account (the simulator signs them in itself). */
export const SIM_STAFF_PASSWORD = 'sim-staff-password';

/**
 * A cheap scrypt hash (N = 2^10) in the hall's own format, made once: the simulator signs in a hundred
 * or so staff accounts at start, and at the hall's N = 2^15 that alone would take seconds of CPU.
 */
function simPasswordHash(): string {
  const salt = randomBytes(16);
  const hash = scryptSync(SIM_STAFF_PASSWORD.normalize('NFKC'), salt, 32, { N: 1 << 10, r: 8, p: 1 });
  return `scrypt$${1 << 10}$8$1$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const LEVEL: Record<HallKind, HallLevel> = { county_centre: 'county', township_centre: 'township', village_station: 'village' };

/** Which queues and windows a smaller hall keeps of the county catalogue (config/hall.yaml). */
const LAYOUT: Record<Exclude<HallKind, 'county_centre'>, { queues: string[]; windows: { name: string; queues: string[]; department: string }[] }> = {
  township_centre: {
    queues: ['ZHSL', 'GAHZ', 'SBYB', 'SWFW'],
    windows: [
      { name: '综合受理', queues: ['ZHSL', 'SBYB'], department: 'ZWFW' },
      { name: '综合受理（社保医保）', queues: ['SBYB', 'ZHSL'], department: 'ZWFW' },
      { name: '户政', queues: ['GAHZ', 'ZHSL'], department: 'GAJ' },
      { name: '税务', queues: ['SWFW', 'ZHSL'], department: 'SWJ' },
    ],
  },
  village_station: {
    queues: ['ZHSL', 'SBYB'],
    windows: [
      { name: '便民服务', queues: ['ZHSL', 'SBYB'], department: 'ZWFW' },
      { name: '代办服务', queues: ['SBYB', 'ZHSL'], department: 'ZWFW' },
    ],
  },
};

let countyTemplate: HallConfig | undefined;

/** The demo county hall's configuration, read once (config/hall.yaml). */
export function countyCatalogue(file = path.join(ROOT, 'config', 'hall.yaml')): HallConfig {
  countyTemplate ??= parseHallYaml(readFileSync(file, 'utf8'), file);
  return countyTemplate;
}

/**
 * The configuration of one simulated hall: the demo catalogue cut down to the hall's size (a county
 * centre keeps it all; a township centre four queues and four windows; a village station two and two),
 * under the demo hall's code and name, with staff the simulator can sign in.
 */
export function simulatedHallConfig(hall: DemoHall, template = countyCatalogue()): HallConfig {
  const hash = simPasswordHash();
  const base = structuredClone(template);
  const info = { ...base.hall, code: hall.code, name: hall.name, level: LEVEL[hall.kind], region: base.hall.region };
  if (hall.kind === 'county_centre') {
    return HallConfig.parse({
      ...base,
      hall: info,
      staff: base.staff.map(({ password: _p, ...s }) => ({ ...s, passwordHash: hash })),
    });
  }
  const layout = LAYOUT[hall.kind];
  const keep = new Set(layout.queues);
  const items = base.items.filter((i) => keep.has(i.queue));
  const windows = layout.windows.map((w, i) => ({ number: i + 1, name: w.name, department: w.department, queues: w.queues, comprehensive: w.queues.length > 1 }));
  const departments = new Set([...items.map((i) => i.department), ...windows.map((w) => w.department), 'ZWFW']);
  const staff = [
    ...windows.map((w, i) => ({ badge: `W${String(i + 1).padStart(3, '0')}`, name: `窗口${i + 1}号`, department: w.department, role: 'staff' as const, passwordHash: hash })),
    { badge: 'S001', name: '值班长', department: 'ZWFW', role: 'supervisor' as const, passwordHash: hash },
    { badge: 'admin', name: '管理员', department: 'ZWFW', role: 'admin' as const, passwordHash: hash },
  ];
  return HallConfig.parse({
    ...base,
    hall: info,
    departments: base.departments.filter((d) => departments.has(d.code)),
    queues: base.queues.filter((q) => keep.has(q.code)).map((q) => ({ ...q, dailyCap: undefined, slotCaps: [] })),
    items,
    windows,
    staff,
    devices: base.devices.filter((d) => d.code === 'K1' || d.code === 'D1'),
    notices: base.notices.filter((n) => n.code !== 'N-YS'),
  });
}

/** The badge of the staff member who works window `n` in a simulated hall. */
export function staffFor(config: HallConfig, window: number): string {
  if (config.hall.level !== 'county') return `W${String(window).padStart(3, '0')}`;
  // The county catalogue has one staff account per window, in window order.
  const staff = config.staff.filter((s) => s.role === 'staff');
  return staff[(window - 1) % staff.length]!.badge;
}
