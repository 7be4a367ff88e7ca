import type { ConsoleEvent, ConsoleRegion, HallLive } from '../../contract/central/console.ts';
import { isOnline, minutesSince, type ConsoleState } from '../lib/console-stream.ts';

/** The region and every region above it that the console knows, nearest first. */
export function regionPath(regions: Map<string, ConsoleRegion>, code: string): string[] {
  const out: string[] = [];
  let at: string | null | undefined = code;
  while (at && !out.includes(at)) {
    out.push(at);
    at = regions.get(at)?.parent;
  }
  return out;
}

/** County centre first, then township centres, then village stations. */
const KIND_ORDER: Record<string, number> = { county_centre: 0, township_centre: 1, village_station: 2 };

export function hallsUnder(state: ConsoleState, region: string): HallLive[] {
  const regions = new Map(state.regions.map((r) => [r.code, r]));
  return Object.values(state.halls)
    .filter((h) => region === state.root.code || regionPath(regions, h.region).includes(region))
    .sort((a, b) => (KIND_ORDER[a.kind] ?? 9) - (KIND_ORDER[b.kind] ?? 9) || a.code.localeCompare(b.code));
}

export interface Totals {
  halls: number;
  online: number;
  waiting: number;
  longestWait: number | null;
  openWindows: number;
  alerts: number;
  badPending: number;
  servedToday: number;
}

export function totals(state: ConsoleState, halls: HallLive[], now: number): Totals {
  let longest: number | null = null;
  const t: Totals = { halls: halls.length, online: 0, waiting: 0, longestWait: null, openWindows: 0, alerts: 0, badPending: 0, servedToday: 0 };
  for (const h of halls) {
    const online = isOnline(h, state, now);
    if (online) t.online++;
    t.waiting += h.waiting;
    t.openWindows += h.openWindows;
    // A hall that has never reached the centre is not joined yet (未接入), not an outage.
    t.alerts += h.alerts.length + (online || !h.lastContactAt ? 0 : 1);
    t.badPending += h.badAwaitingFollowUp;
    t.servedToday += h.servedToday;
    const w = minutesSince(h.oldestWaitingSince, h, state, now);
    if (w !== null && (longest === null || w > longest)) longest = w;
  }
  t.longestWait = longest;
  return t;
}

/** 刚刚 / n 秒前 / n 分钟前 / n 小时前 / a date: how long ago the hall was last heard from. */
export function ago(iso: string | null, state: ConsoleState, now: number): string {
  if (!iso) return '尚未接入';
  const s = Math.max(0, Math.round((now + state.clockOffsetMs - Date.parse(iso)) / 1000));
  if (s < 5) return '刚刚';
  if (s < 60) return `${s} 秒前`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟前`;
  if (s < 86400) return `${Math.floor(s / 3600)} 小时前`;
  return `${Math.floor(s / 86400)} 天前`;
}

const EVENT_TEXT: Partial<Record<ConsoleEvent['type'], string>> = {
  'ticket.issued': '取号',
  'ticket.called': '叫号',
  'ticket.recalled': '重呼',
  'ticket.started': '开始办理',
  'ticket.finished': '办结',
  'ticket.no_show': '过号',
  'ticket.transferred': '转移',
  'ticket.suspended': '挂起',
  'ticket.resumed': '恢复',
  'ticket.cancelled': '取消',
  'ticket.evaluated': '评价',
  'window.opened': '窗口开放',
  'window.paused': '窗口暂停',
  'window.closed': '窗口关闭',
  'staff.signed_in': '工作人员签到',
  'staff.signed_out': '工作人员签退',
  'appointment.booked': '预约',
  'appointment.checked_in': '预约签到',
  'device.fault': '设备故障',
  'device.recovered': '设备恢复',
  'case.opened': '差评立案',
  'case.contacted': '差评已回访',
  'case.resolved': '差评已办结',
  'day.rolled_over': '日终结转',
  'config.changed': '配置变更',
};

/** One line of the activity list: what happened, at which window, with which ticket number. */
export function describe(e: ConsoleEvent): string {
  const what = EVENT_TEXT[e.type] ?? e.type;
  const parts = [what];
  if (e.number) parts.push(e.number);
  if (e.window !== null) parts.push(`${e.window}号窗口`);
  return parts.join(' · ');
}

const KIND_LABELS: Record<string, string> = { county_centre: '县级中心', township_centre: '乡镇（街道）中心', village_station: '村（社区）服务站' };
export const kindLabel = (kind: string): string => KIND_LABELS[kind] ?? kind;
