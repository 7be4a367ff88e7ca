import { signal } from '@preact/signals';
import { HallCatalogue } from '../../contract/responses.ts';
import { api } from '../../ui-kit/api.ts';

/** The public catalogue from GET /api/hall. */
export type HallInfo = HallCatalogue;

export const hallInfo = signal<HallInfo | null>(null);

let timer: ReturnType<typeof setTimeout> | undefined;

/** Loads the catalogue, retrying until the server answers; call again after config.changed. */
export async function loadHallInfo(token?: string): Promise<void> {
  clearTimeout(timer);
  try {
    hallInfo.value = await api('/api/hall', HallCatalogue, token ? { token } : {});
  } catch {
    timer = setTimeout(() => void loadHallInfo(token), 10_000);
  }
}

export function departmentName(info: HallInfo | null, code: string | null): string {
  if (!code) return '';
  return info?.departments.find((d) => d.code === code)?.name ?? code;
}
