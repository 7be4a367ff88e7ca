import { locale } from '../../i18n/index.ts';

/** The push console's strings (zh-CN first, English when the console is switched), kept beside the screen. */
const zh = {
  nav: '好差评推送',
  title: '好差评推送',
  targets: '推送目标',
  records: '推送记录',
  code: '代码',
  name: '名称',
  url: '地址',
  auth: '认证',
  codeMap: '满意度代码',
  fieldMap: '字段对照',
  counts: '待推送 / 已推送 / 被拒收',
  inactive: '已停用',
  allTargets: '全部目标',
  allStates: '全部状态',
  refresh: '刷新',
  ticket: '票号',
  target: '推送目标',
  grade: '评价',
  evaluatedAt: '评价时间',
  state: '状态',
  attempts: '次数',
  reason: '原因 / 最近失败',
  next: '下次尝试',
  sentAt: '推送时间',
  key: '幂等键',
  resend: '补报',
  resendTitle: '补报这条记录',
  resendReason: '补报原因（写入审计）',
  resendConfirm: '确认补报',
  cancel: '取消',
  none: '还没有推送记录。',
  noTargets: '本大厅未配置推送目标（HALL_PUSH_CONFIG）。',
  payload: '推送内容',
  log: '尝试记录',
  close: '关闭',
  failed: '操作未成功',
  pending: '待推送',
  sent: '已推送',
  rejected: '被拒收',
  retry: '重试',
} as const;
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  nav: 'Evaluation push',
  title: 'Evaluation push (好差评)',
  targets: 'Targets',
  records: 'Pushed records',
  code: 'Code',
  name: 'Name',
  url: 'URL',
  auth: 'Auth',
  codeMap: 'Grade codes',
  fieldMap: 'Field map',
  counts: 'pending / sent / rejected',
  inactive: 'inactive',
  allTargets: 'All targets',
  allStates: 'All states',
  refresh: 'Refresh',
  ticket: 'Ticket',
  target: 'Target',
  grade: 'Grade',
  evaluatedAt: 'Rated at',
  state: 'State',
  attempts: 'Attempts',
  reason: 'Reason / last failure',
  next: 'Next attempt',
  sentAt: 'Sent at',
  key: 'Idempotency key',
  resend: 'Resend',
  resendTitle: 'Resend this record',
  resendReason: 'Why (for the audit log)',
  resendConfirm: 'Resend',
  cancel: 'Cancel',
  none: 'Nothing pushed yet.',
  noTargets: 'No push target is configured for this hall (HALL_PUSH_CONFIG).',
  payload: 'Payload',
  log: 'Attempts',
  close: 'Close',
  failed: 'That did not work',
  pending: 'pending',
  sent: 'sent',
  rejected: 'rejected',
  retry: 'retry',
};

export function pt(key: Key): string {
  return locale.value === 'en' ? en[key] : zh[key];
}

/** The sender's coarse failure classes in words (a receiver's own reason is shown as it gave it). */
const FAILURES: Record<string, [string, string]> = {
  timeout: ['超时未应答', 'no answer in time'],
  unreachable: ['无法连接接收方', 'receiver unreachable'],
  unresolvable: ['域名无法解析', 'host name does not resolve'],
};

export function reasonText(reason: string | null): string {
  if (!reason) return '';
  const f = FAILURES[reason];
  return f ? (locale.value === 'en' ? f[1] : f[0]) : reason;
}

const GRADES_EN: Record<string, string> = {
  very_satisfied: 'Very satisfied',
  satisfied: 'Satisfied',
  basic: 'Fair',
  dissatisfied: 'Dissatisfied',
  very_dissatisfied: 'Very dissatisfied',
};

/** A grade in the console's language (the Chinese labels are the national ones). */
export function gradeText(grade: string, zhLabel: string): string {
  return locale.value === 'en' ? (GRADES_EN[grade] ?? grade) : zhLabel;
}

/** "n 项：a, b, …" / "n fields: a, b, …". */
export function fieldsText(names: string[]): string {
  const head = names.slice(0, 6).join(', ');
  return locale.value === 'en' ? `${names.length} fields: ${head}…` : `${names.length} 项：${head}…`;
}
