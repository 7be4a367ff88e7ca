import { signal } from '@preact/signals';
import { api } from '../../ui-kit/api.ts';

/** The public catalogue from GET /api/hall, as far as the screens use it. */
export interface HallInfo {
  hall: { code: string; name: string; phone: string | null; hotline: string; timezone: string };
  departments: { code: string; name: string; phone?: string }[];
  queues: { code: string; name: string; prefix: string; windows: number[] }[];
  items: { code: string; name: string; category: string; department: string; queue: string; statutoryDays: number; promisedDays: number; fee: string; phone?: string }[];
}

export const hallInfo = signal<HallInfo | null>(null);

let timer: ReturnType<typeof setTimeout> | undefined;

/** Loads the catalogue, retrying until the server answers; call again after config.changed. */
export async function loadHallInfo(token?: string): Promise<void> {
  clearTimeout(timer);
  try {
    hallInfo.value = await api<HallInfo>('GET', '/api/hall', undefined, token ? { token } : {});
  } catch {
    timer = setTimeout(() => void loadHallInfo(token), 10_000);
  }
}

export function departmentName(info: HallInfo | null, code: string | null): string {
  if (!code) return '';
  return info?.departments.find((d) => d.code === code)?.name ?? code;
}
