import { useEffect, useState } from 'preact/hooks';
import { RegionList, type CentralMe, type RegionView } from '../../contract/central/api.ts';
import { api } from '../../ui-kit/api.ts';

/** The regions a picker offers (villages are chosen through their halls), read once; a failure goes to onError. */
export function usePickableRegions(onError: (message: string) => void): RegionView[] {
  const [regions, setRegions] = useState<RegionView[]>([]);
  useEffect(() => {
    api('/api/regions', RegionList).then(
      (r) => setRegions(r.regions.filter((x) => x.level !== 'village')),
      (e: Error) => onError(e.message),
    );
  }, []);
  return regions;
}

/**
 * 区域: the regions the signed-in user may see, indented by depth below their own region; "全部地区"
 * only for a user without one (the admin).
 */
export function RegionSelect({ me, regions, value, onChange }: { me: CentralMe; regions: RegionView[]; value: string; onChange: (region: string) => void }) {
  return (
    <label>
      区域
      <select name="region" value={value} onChange={(e) => onChange((e.target as HTMLSelectElement).value)}>
        {me.region ? null : <option value="">全部地区</option>}
        {regions.map((r) => (
          <option key={r.code} value={r.code}>
            {'　'.repeat(Math.max(0, r.path.length - (me.region?.path.length ?? 1)))}
            {r.name}
          </option>
        ))}
      </select>
    </label>
  );
}
