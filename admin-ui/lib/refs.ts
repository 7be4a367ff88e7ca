import type { Department, DeviceConfig, Queue, WindowConfig } from '../../contract/config.ts';
import { ADMIN_LIST_RESPONSES, type StaffView } from '../../contract/responses.ts';
import { api } from '../../ui-kit/api.ts';
import type { Option } from '../components/fields.ts';
import { useLoad } from './use-load.ts';

export type StaffEntry = StaffView;

/** What other entries' forms pick from: departments, queues, windows, staff. */
export interface Refs {
  departments: Department[];
  queues: Queue[];
  windows: WindowConfig[];
  staff: StaffEntry[];
  devices: DeviceConfig[];
}

export const EMPTY_REFS: Refs = { departments: [], queues: [], windows: [], staff: [], devices: [] };

export async function loadRefs(): Promise<Refs> {
  const [d, q, w, s, dev] = await Promise.all([
    api('/api/admin/departments', ADMIN_LIST_RESPONSES.departments),
    api('/api/admin/queues', ADMIN_LIST_RESPONSES.queues),
    api('/api/admin/windows', ADMIN_LIST_RESPONSES.windows),
    api('/api/admin/staff', ADMIN_LIST_RESPONSES.staff),
    // Device names, so the audit log and alerts name a device as the hall calls it.
    api('/api/admin/devices', ADMIN_LIST_RESPONSES.devices),
  ]);
  return { departments: d.departments, queues: q.queues, windows: w.windows, staff: s.staff, devices: dev.devices };
}

export function useRefs(version: number): Refs {
  return useLoad(loadRefs, [version]).data ?? EMPTY_REFS;
}

export const departmentOptions = (r: Refs): Option[] => r.departments.filter((d) => !d.retired).map((d) => ({ value: d.code, label: `${d.name}（${d.code}）` }));
export const queueOptions = (r: Refs): Option[] => r.queues.filter((q) => q.active).map((q) => ({ value: q.code, label: `${q.name}（${q.code}）` }));
export const windowOptions = (r: Refs): Option[] => r.windows.filter((w) => !w.retired).map((w) => ({ value: String(w.number), label: `${w.number} ${w.name}` }));

export const departmentName = (r: Refs, code: string | undefined | null): string => (code ? (r.departments.find((d) => d.code === code)?.name ?? code) : '');
export const queueName = (r: Refs, code: string): string => r.queues.find((q) => q.code === code)?.name ?? code;
