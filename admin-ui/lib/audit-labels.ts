import { CHANNEL_LABELS, type EvaluationChannel } from '../../contract/evaluation.ts';
import type { Refs } from './refs.ts';

/**
 * The audit log in words a supervisor reads: every action the server writes (fixed names, and the
 * families built from a list, a window action or a device state), who did it by name, where, and the
 * details as 键: 值. Anything not known here is shown as recorded, never hidden.
 */

const FIXED: Record<string, string> = {
  'auth.login': '登录',
  'auth.logout': '退出登录',
  'auth.login_failed': '登录失败',
  'auth.login_blocked': '登录被锁定',
  'setup.first_admin': '首次设置管理员',
  'setup.lock_demo_secrets': '停用演示密码与令牌',
  'hall.restored': '从备份恢复大厅',
  'ticket.issue': '自助机取号',
  'ticket.issue_staff': '窗口取号',
  'ticket.issue_remote': '线上取号',
  'ticket.arrive_remote': '线上取号到厅签到',
  'ticket.cancel': '作废号票',
  'ticket.transfer': '督查转移号票',
  'ticket.reactivate': '过号重新排队',
  'ticket.reprint': '补打号票',
  'ticket.print_result': '号票打印结果',
  'ticket.evaluate': '评价',
  'appointment.book': '预约',
  'appointment.book-for': '代为预约',
  'appointment.cancel': '取消预约',
  'appointment.checkin': '预约签到',
  'window.close': '督查关闭窗口',
  'case.assign': '分派督办件',
  'case.contact': '回访督办件',
  'case.rectify': '督办件整改',
  'case.feedback': '督办件反馈',
  'case.resolve': '办结督办件',
  'case.note': '督办件备注',
  'case.rerate': '督办件追评',
  'case.erase_contact': '删除督办件联系电话',
  'case.contact_added': '登记督办件联系电话',
  'case.contact_revealed': '查看督办件联系电话',
  'station.create': '新建便民服务站',
  'station.login': '便民服务站登录',
  'station.password': '重置便民服务站密码',
  'station.retire': '停用便民服务站',
  'ticket.issue-for': '便民服务站代为取号',
  'admin.hall.update': '修改大厅信息与开放时间',
  'admin.rules.update': '修改取号规则',
  'admin.supervision.settings': '修改督查阈值',
  'admin.items.import_csv': '导入事项目录',
  'admin.staff.password_reset': '重置工作人员密码',
  'admin.devices.token': '签发设备令牌',
  'admin.webhooks.create': '新建推送地址',
  'admin.webhooks.update': '修改推送地址',
  'admin.webhooks.retire': '停用推送地址',
  'admin.webhooks.ping': '测试推送',
  'admin.webhooks.retry': '重发推送',
  'admin.webhooks.settings': '修改推送设置',
  'supervisor.push.resend': '好差评补报',
  'stats.export': '导出统计',
  'device.simulate': '模拟设备操作',
  'device.fault': '设备故障',
  'device.recovered': '设备恢复',
  'agent.register': '设备代理上线',
  'agent.register_refused': '设备代理被拒绝',
  'agent.event_refused': '设备事件被拒绝',
  'idcard.read': '读取身份证',
  'scanner.eid_verified': '扫码核验电子身份证',
  'scanner.booking_code': '扫描预约码',
  'scanner.refused': '扫码未通过',
  'guide.print': '打印办事指南',
  'kiosk.help': '自助机呼叫协助',
  'kiosk.help_answer': '响应自助机协助',
};

/** The console's lists (admin.<list>.create | update | retire). */
const LISTS: Record<string, string> = {
  departments: '部门',
  items: '事项',
  queues: '队列',
  windows: '窗口',
  staff: '工作人员',
  devices: '设备',
  notices: '公告',
  webhooks: '推送地址',
};
const LIST_OPS: Record<string, string> = { create: '新建', update: '修改', retire: '停用' };

/** Window actions (window.<action>), from the terminal, the hardware caller or a supervisor. */
const WINDOW: Record<string, string> = {
  'sign-in': '窗口签到',
  'sign-out': '窗口签退',
  pause: '暂停服务',
  resume: '恢复服务',
  'call-next': '叫号',
  call: '指定叫号',
  recall: '重呼',
  start: '开始办理',
  finish: '办理完毕',
  'no-show': '过号',
  suspend: '挂起',
  'resume-ticket': '回呼',
  transfer: '转移',
  'request-evaluation': '请求评价',
};

/** The action filter's choices: a prefix of the action names (the server filters by prefix). */
export const AUDIT_GROUPS: { prefix: string; label: string }[] = [
  { prefix: 'auth.', label: '登录与退出' },
  { prefix: 'window.', label: '窗口操作' },
  { prefix: 'ticket.', label: '号票' },
  { prefix: 'appointment.', label: '预约' },
  { prefix: 'case.', label: '督办件' },
  { prefix: 'admin.', label: '配置修改' },
  ...Object.entries(LISTS).map(([list, noun]) => ({ prefix: `admin.${list}.`, label: `配置修改：${noun}` })),
  { prefix: 'device.', label: '设备' },
  { prefix: 'agent.', label: '设备代理' },
  { prefix: 'kiosk.', label: '自助机协助' },
  { prefix: 'station.', label: '便民服务站' },
];

/** The Chinese label of an audit action, or undefined when it is not one this console knows. */
export function knownActionLabel(action: string): string | undefined {
  if (FIXED[action]) return FIXED[action];
  const admin = action.match(/^admin\.([a-z_]+)\.(create|update|retire)$/);
  if (admin && LISTS[admin[1]!]) return `${LIST_OPS[admin[2]!]}${LISTS[admin[1]!]}`;
  const win = action.match(/^window\.([a-z-]+)$/);
  if (win && WINDOW[win[1]!]) return WINDOW[win[1]!];
  return undefined;
}

export const actionLabel = (action: string): string => knownActionLabel(action) ?? action;

/** `staff:S001` → 王芳（S001）; `device:K1` → 大厅东侧取号机; a part (`K1-printer`) → 大厅东侧取号机打印机; `W3-caller` → 3号窗口呼叫器. */
export function actorLabel(actor: string, refs: Refs): string {
  if (actor === 'system') return '系统';
  if (actor === 'setup') return '首次设置';
  if (actor === 'anonymous') return '未登录访客';
  const [kind, ...rest] = actor.split(':');
  const id = rest.join(':');
  if (kind === 'staff') {
    const s = refs.staff.find((x) => x.badge === id);
    return s ? `${s.name}（${id}）` : `工号 ${id}`;
  }
  if (kind === 'device') return deviceLabel(id, refs);
  return actor;
}

const PARTS: Record<string, string> = { printer: '打印机', scanner: '扫码器', idcard: '身份证读卡器', reader: '读卡器', caller: '呼叫器', evaluator: '评价器', led: 'LED屏', screen: '窗口屏', speaker: '音箱', strip: 'LED条屏' };

export function deviceLabel(code: string, refs: Refs): string {
  const exact = refs.devices.find((d) => d.code === code);
  if (exact) return exact.name;
  // Window hardware (W3-caller) belongs to the window, not to the window screen whose code is W3.
  const win = code.match(/^W(\d+)-([\w-]+)$/);
  if (win) return `${win[1]}号窗口${PARTS[win[2]!] ?? win[2]}`;
  const owner = [...refs.devices].sort((a, b) => b.code.length - a.code.length).find((d) => code.startsWith(`${d.code}-`));
  if (owner) {
    const part = code.slice(owner.code.length + 1);
    return `${owner.name}${PARTS[part] ?? part}`;
  }
  return `设备 ${code}`;
}

/** `window:3` → 3号窗口, `kiosk:K1` → the kiosk's name, an address as it is. */
export function placeLabel(place: string | null, refs: Refs): string {
  if (!place) return '';
  if (place === 'console') return '管理端';
  const win = place.match(/^window:(\d+)$/);
  if (win) return `${win[1]}号窗口`;
  const kiosk = place.match(/^(?:kiosk|device):(.+)$/);
  if (kiosk) return deviceLabel(kiosk[1]!, refs);
  return place;
}

const KEYS: Record<string, string> = {
  reason: '原因',
  outcome: '办理结果',
  note: '备注',
  level: '评价',
  onBehalfOf: '代为操作',
  printed: '已打印',
  devices: '设备',
  event: '事件',
  screen: '页面',
  waitedSeconds: '等候秒数',
  via: '方式',
  station: '便民服务站',
  created: '新增',
  updated: '更新',
  staff: '工作人员',
  target: '对象',
  toQueue: '转至队列',
  toWindow: '转至窗口',
  queue: '队列',
  window: '窗口',
  from: '从',
  to: '到',
  backupAt: '备份时间',
  day: '营业日',
  basis: '依据',
  counters: '号段',
  copies: '份数',
  channel: '评价方式',
};
const VALUES: Record<string, string> = {
  done: '办结',
  accepted: '受理',
  supplement: '补正',
  rejected: '不予受理',
  consultation: '咨询',
  very_satisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
  hall_code: '大厅二维码',
  eid_verified: '电子身份证核验通过',
  booking_code: '预约码',
};

function valueText(v: unknown, refs: Refs, key: string): string {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.map((x) => valueText(x, refs, key)).join('、') || '—';
  if (typeof v === 'object') return Object.entries(v as Record<string, unknown>).map(([k, x]) => `${KEYS[k] ?? k} ${valueText(x, refs, k)}`).join('，');
  const s = String(v);
  if (key === 'onBehalfOf' || key === 'staff') return actorLabel(`staff:${s}`, refs);
  if (key === 'toWindow' || key === 'window') return `${s}号窗口`;
  if (key === 'channel' && s in CHANNEL_LABELS) return CHANNEL_LABELS[s as EvaluationChannel];
  if ((key === 'toQueue' || key === 'queue') && refs.queues.some((q) => q.code === s)) return refs.queues.find((q) => q.code === s)!.name;
  return VALUES[s] ?? s;
}

/** The recorded JSON as 键: 值 pairs; text that is not JSON is shown as it is. */
export function detailPairs(detail: string | null, refs: Refs): { key: string; value: string }[] {
  if (!detail) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(detail);
  } catch {
    return [{ key: '', value: detail }];
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return [{ key: '', value: valueText(parsed, refs, '') }];
  return Object.entries(parsed as Record<string, unknown>).map(([k, v]) => ({ key: KEYS[k] ?? k, value: valueText(v, refs, k) }));
}

/** A registry entry (A1/K1-printer with kiosk K1) by the hall's names: 取号机1打印机, 3号窗口呼叫器. */
export function deviceEntryLabel(d: { device: string; kiosk?: string | undefined; window?: number | undefined }, refs: Refs): string {
  const code = d.device.replace(/^[^/]+\//, '');
  const part = code.match(/-([\w-]+)$/)?.[1];
  const partName = part ? (PARTS[part] ?? '') : '';
  if (d.kiosk) return `${refs.devices.find((x) => x.code === d.kiosk)?.name ?? d.kiosk}${partName}`;
  if (d.window !== undefined) return `${d.window}号窗口${partName}`;
  return deviceLabel(code, refs);
}

/** A driver's reason in Chinese where it gives one: "paper end (缺纸); cover open (纸仓盖打开)" → 缺纸、纸仓盖打开. */
export function reasonText(reason: string | undefined | null): string {
  if (!reason) return '';
  const glosses = [...reason.matchAll(/[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]/g)].map((m) => m[1]!.trim());
  return glosses.length ? glosses.join('、') : reason;
}
