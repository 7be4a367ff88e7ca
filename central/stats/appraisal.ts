import type pg from 'pg';
import type { PublicAppraisal } from '../../contract/central/stats.ts';
import { notFound } from '../errors.ts';
import { hallsUnder } from '../halls/halls.ts';
import { regionByCode } from '../regions/store.ts';
import { computeStats } from './compute.ts';
import { catalogLabels } from './labels.ts';
import { lastDay } from './region-month.ts';
import { CENTRAL_RANKING_RULE, computeRankings } from './rankings.ts';

/**
 * 公布考核结果: a region's monthly appraisal for the public page. No personal data: halls and windows by
 * name, 优质服务之星 by surname only (李＊＊, the way public notices shorten names), no badge numbers,
 * no ticket, case or citizen data. Halls are ranked by satisfaction, then 现场办结率, then tickets.
 */
export const MIN_SERVED_FOR_HONOURS = 20;
const HONOURS = 3;

/** The surname kept, every other character masked: 李小明 → 李＊＊, 欧阳娜娜 → 欧＊＊＊. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (!chars.length) return '＊';
  return chars[0] + '＊'.repeat(Math.max(1, chars.length - 1));
}

export async function publicAppraisal(pool: pg.Pool, regionCode: string, month: string, now = new Date()): Promise<PublicAppraisal> {
  const region = await regionByCode(pool, regionCode);
  if (!region) throw notFound(`区域 ${regionCode} `);
  const halls = await hallsUnder(pool, region.path);
  const scope = { region, hall: null, path: region.path, halls };
  const from = `${month}-01`;
  const to = lastDay(month);
  const stats = await computeStats(pool, scope, { from, to, groupBy: 'hall' }, () => undefined);
  const kinds = new Map(halls.map((h) => [h.code, h]));
  const desc = (a: number | null, b: number | null) => (b ?? -1) - (a ?? -1);
  const ranked = stats.rows
    .filter((r) => r.key !== null && r.tickets > 0)
    .sort((a, b) => desc(a.satisfactionRate, b.satisfactionRate) || desc(a.onSiteRate, b.onSiteRate) || b.tickets - a.tickets || a.key!.localeCompare(b.key!));
  const rankings = await computeRankings(pool, scope, { from, to, count: HONOURS, minServed: MIN_SERVED_FOR_HONOURS });
  const labels = await catalogLabels(pool, halls.map((h) => h.code));
  const local = (key: string) => key.slice(key.lastIndexOf(':') + 1);
  const currentMonth = now.toISOString().slice(0, 7);
  return {
    region: { code: region.code, name: region.name, level: region.level },
    month,
    final: month < currentMonth,
    generatedAt: now.toISOString(),
    rule: `营业厅按满意率、现场办结率、办件量排序。流动红旗窗口与优质服务之星：${CENTRAL_RANKING_RULE}（最低办件数 ${MIN_SERVED_FOR_HONOURS}）`,
    total: {
      tickets: stats.total.tickets,
      satisfactionRate: stats.total.satisfactionRate,
      onSiteRate: stats.total.onSiteRate,
      averageWaitMinutes: stats.total.averageWaitMinutes,
    },
    halls: ranked.map((r, i) => ({
      rank: i + 1,
      hall: r.key!,
      name: r.label,
      kind: kinds.get(r.key!)!.kind,
      tickets: r.tickets,
      averageWaitMinutes: r.averageWaitMinutes,
      p90WaitMinutes: r.p90WaitMinutes,
      onSiteRate: r.onSiteRate,
      satisfactionRate: r.satisfactionRate,
      evaluated: r.evaluated,
      badHandledOnTimeRate: r.badHandledOnTimeRate,
    })),
    redFlagWindows: rankings.redFlagWindows.map((w) => ({
      rank: w.rank,
      hallName: w.hallName,
      windowName: labels.of(w.hall, 'windows', local(w.key)) ?? `${local(w.key)}号窗口`,
      satisfactionRate: w.satisfactionRate,
    })),
    serviceStars: rankings.serviceStars.map((s) => ({
      rank: s.rank,
      hallName: s.hallName,
      maskedName: maskName(labels.of(s.hall, 'staff', local(s.key)) ?? '＊'),
      satisfactionRate: s.satisfactionRate,
    })),
  };
}
