/**
 * The demo county the central platform starts with (`npm run central`) and the hall simulator runs:
 * one county centre, 8 township (乡镇/街道) centres and 30 village (村/社区) stations of the fictitious
 * 澜沧江县 under 云南省普洱市, the county of the hall's demo configuration (config/hall.yaml).
 *
 * Codes follow GB/T 2260 (six digits for province, prefecture and county) and the statistical
 * division code scheme (twelve digits for townships and villages). 530000 and 530800 are the real
 * codes of 云南省 and 普洱市; 530830 and everything below it are made up for the demo.
 * Tokens here are public demo values: production refuses them (see the README).
 */

export type RegionLevel = 'province' | 'prefecture' | 'county' | 'township' | 'village';
export type HallKind = 'county_centre' | 'township_centre' | 'village_station';

export interface DemoRegion {
  code: string;
  name: string;
  level: RegionLevel;
  parent: string | null;
}

export interface DemoHall {
  /** The hall's code, as in its own configuration and in every event it sends. */
  code: string;
  name: string;
  kind: HallKind;
  /** The region the hall is registered under. */
  region: string;
  /** Demo hall token for the uplink (public; never use in production). */
  token: string;
}

const TOWNSHIPS = ['勐朗镇', '上允镇', '糯扎渡镇', '谦六彝族乡', '东河乡', '大山乡', '南岭乡', '雪林佤族乡'];
const VILLAGE_NAMES = ['勐滨村', '芒东村', '唐胜村', '看马山村', '大平掌村', '南本村', '帕赛村', '岩因村', '战马坡村', '富本村',
  '新民村', '勐炳村', '竹塘村', '小坝村', '东岗村', '班利村', '大歇场村', '拉巴村', '木戛村', '富东村',
  '安康村', '酒井村', '富邦村', '文东村', '雅口村', '发展河村', '糯福村', '南段村', '东朗村', '勐根村'];

export const DEMO_COUNTY = '530830';

function build(): { regions: DemoRegion[]; halls: DemoHall[] } {
  const regions: DemoRegion[] = [
    { code: '530000', name: '云南省', level: 'province', parent: null },
    { code: '530800', name: '普洱市', level: 'prefecture', parent: '530000' },
    { code: DEMO_COUNTY, name: '澜沧江县', level: 'county', parent: '530800' },
  ];
  const halls: DemoHall[] = [
    { code: 'LCJ-ZWFW', name: '澜沧江县政务服务中心', kind: 'county_centre', region: DEMO_COUNTY, token: 'demo-hall-token-LCJ-ZWFW' },
  ];
  TOWNSHIPS.forEach((name, t) => {
    const townCode = `${DEMO_COUNTY}${String(100 + t).padStart(3, '0')}000`;
    regions.push({ code: townCode, name, level: 'township', parent: DEMO_COUNTY });
    const hallCode = `LCJ-T${String(t + 1).padStart(2, '0')}`;
    halls.push({ code: hallCode, name: `${name}便民服务中心`, kind: 'township_centre', region: townCode, token: `demo-hall-token-${hallCode}` });
  });
  VILLAGE_NAMES.forEach((name, v) => {
    // Villages are spread over the townships in turn: 30 stations under 8 townships.
    const t = v % TOWNSHIPS.length;
    const townCode = `${DEMO_COUNTY}${String(100 + t).padStart(3, '0')}000`;
    const villageCode = `${townCode.slice(0, 9)}${String(200 + Math.floor(v / TOWNSHIPS.length) + 1).padStart(3, '0')}`;
    regions.push({ code: villageCode, name, level: 'village', parent: townCode });
    const hallCode = `LCJ-V${String(v + 1).padStart(2, '0')}`;
    halls.push({ code: hallCode, name: `${name}便民服务站`, kind: 'village_station', region: villageCode, token: `demo-hall-token-${hallCode}` });
  });
  return { regions, halls };
}

const demo = build();
export const DEMO_REGIONS: readonly DemoRegion[] = demo.regions;
export const DEMO_HALLS: readonly DemoHall[] = demo.halls;
