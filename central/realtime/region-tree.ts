import type { ConsoleRegion } from '../../contract/central/console.ts';
import type { HallMeta } from './ports.ts';

/** Room of everything (admins with no region). */
export const ALL_ROOM = 'region:*';
export const regionRoom = (code: string): string => `region:${code}`;

/**
 * The region hierarchy in memory: a hall belongs to its own region and every region above it, so
 * an event is published to the room of each region on that path and a user joins the one room of
 * its own region: a county supervisor gets its county's halls, a province supervisor all of them.
 */
export class RegionTree {
  private readonly byCode = new Map<string, ConsoleRegion>();
  private readonly hallByCode = new Map<string, HallMeta>();

  constructor(regions: readonly ConsoleRegion[], halls: readonly HallMeta[]) {
    for (const r of regions) this.byCode.set(r.code, r);
    for (const h of halls) this.hallByCode.set(h.code, h);
  }

  region(code: string): ConsoleRegion | undefined {
    return this.byCode.get(code);
  }

  hall(code: string): HallMeta | undefined {
    return this.hallByCode.get(code);
  }

  /** The region and its ancestors, nearest first; stops at a cycle or an unknown parent. */
  path(code: string): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    let at: string | null | undefined = code;
    while (at && !seen.has(at)) {
      seen.add(at);
      out.push(at);
      at = this.byCode.get(at)?.parent;
    }
    return out;
  }

  /** True when `region` is `root` or below it; a null root (admin) contains everything. */
  contains(root: string | null, region: string): boolean {
    return root === null || this.path(region).includes(root);
  }

  /** The rooms a hall's events go to. */
  roomsOfHall(hall: string): string[] {
    const meta = this.hallByCode.get(hall);
    return [ALL_ROOM, ...(meta ? this.path(meta.region).map(regionRoom) : [])];
  }

  /** Regions at or below root, parents before children. */
  subtree(root: string | null): ConsoleRegion[] {
    return [...this.byCode.values()].filter((r) => this.contains(root, r.code)).sort((a, b) => this.path(a.code).length - this.path(b.code).length || a.code.localeCompare(b.code));
  }

  hallsIn(root: string | null): HallMeta[] {
    return [...this.hallByCode.values()].filter((h) => this.contains(root, h.region));
  }

  /** The top regions (no parent): what an admin's console starts from. */
  roots(): ConsoleRegion[] {
    return [...this.byCode.values()].filter((r) => r.parent === null || !this.byCode.has(r.parent));
  }
}
