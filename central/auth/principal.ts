import type { CentralMe, CentralRole } from '../../contract/central/api.ts';
import type { RegionRow } from '../regions/store.ts';
import { toRegionView } from '../regions/store.ts';

/**
 * A signed-in central user. An admin sees every region; a province, prefecture or county supervisor
 * sees the subtree of the one region they are bound to, and nothing outside it.
 */
export interface CentralUser {
  username: string;
  displayName: string;
  role: CentralRole;
  region: RegionRow | null;
}

/** The path prefix every region the user may see starts with ('/' for an admin). */
export const scopePath = (u: CentralUser): string => u.region?.path ?? '/';

export const canSeePath = (u: CentralUser, regionPath: string): boolean => regionPath.startsWith(scopePath(u));

export const toMe = (u: CentralUser): CentralMe => ({
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  region: u.region ? toRegionView(u.region) : null,
});

/** The region level a supervisor role is bound to. */
export const ROLE_LEVEL: Record<Exclude<CentralRole, 'admin'>, RegionRow['level']> = {
  province: 'province',
  prefecture: 'prefecture',
  county: 'county',
};
