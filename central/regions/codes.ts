import type { RegionLevel } from '../../contract/central/api.ts';

/**
 * 行政区划代码 checks. GB/T 2260 six-digit codes: 省 PP0000, 州市 PPCC00, 县区 PPCCXX; the
 * statistical division code adds six digits for 乡镇街道 (XXXXXXTTT000) and 村社区 (XXXXXXTTTVVV).
 * A child's code must lie under its parent's: a prefecture shares its province's first two digits, a
 * county its prefecture's first four, a township its county's six, a village its township's nine.
 */

export const PARENT_LEVEL: Record<RegionLevel, RegionLevel | null> = {
  province: null,
  prefecture: 'province',
  county: 'prefecture',
  township: 'county',
  village: 'township',
};

const SHAPE: Record<RegionLevel, RegExp> = {
  province: /^[1-9]\d0000$/,
  prefecture: /^[1-9]\d(?!00)\d{2}00$/,
  county: /^[1-9]\d{3}(?!00)\d{2}$/,
  township: /^[1-9]\d{5}(?!000)\d{3}000$/,
  village: /^[1-9]\d{8}(?!000)\d{3}$/,
};

/** Digits of the parent's code a child of this level repeats. */
const SHARED_PREFIX: Record<RegionLevel, number> = { province: 0, prefecture: 2, county: 4, township: 6, village: 9 };

const LEVEL_NAMES: Record<RegionLevel, string> = { province: '省', prefecture: '州市', county: '县区', township: '乡镇街道', village: '村社区' };

/** Why a region cannot be registered as given, or null when it can. */
export function regionCodeProblem(code: string, level: RegionLevel, parent: { code: string; level: RegionLevel } | null): string | null {
  if (!SHAPE[level].test(code)) {
    const digits = level === 'township' || level === 'village' ? 12 : 6;
    return `${LEVEL_NAMES[level]}级代码 ${code} 不符合 ${digits} 位行政区划代码的格式。`;
  }
  const wanted = PARENT_LEVEL[level];
  if (wanted === null) return parent ? '省级区域没有上级区域。' : null;
  if (!parent) return `${LEVEL_NAMES[level]}级区域需要上级区域（${LEVEL_NAMES[wanted]}级）。`;
  if (parent.level !== wanted) return `${LEVEL_NAMES[level]}级区域的上级必须是${LEVEL_NAMES[wanted]}级，${parent.code} 是${LEVEL_NAMES[parent.level]}级。`;
  const n = SHARED_PREFIX[level];
  if (code.slice(0, n) !== parent.code.slice(0, n)) return `代码 ${code} 不在上级区域 ${parent.code} 之下（前 ${n} 位应相同）。`;
  return null;
}
