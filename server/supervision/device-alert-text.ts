/**
 * Device alerts in the words a hall uses: which device (its kiosk's or window's name and what it is)
 * and what is wrong, e.g. 1号自助机打印机缺纸, 2号窗口评价器无响应. Drivers report reasons as
 * "paper end (缺纸)": the Chinese in brackets is taken; known English phrases are translated; anything
 * else is kept after 故障 so nothing a technician needs is lost.
 */

export interface DeviceHealthEntry {
  /** Registry id: `K1-printer`, or `A1/K1-printer` for a device an agent drives. */
  device: string;
  kind: string;
  reason?: string;
  warning?: string;
  kiosk?: string;
  window?: number;
  strip?: string;
}

const PARTS: Record<string, string> = {
  printer: '打印机',
  idcard: '身份证读卡器',
  scanner: '扫码器',
  caller: '呼叫器',
  evaluator: '评价器',
  'led-window': '窗口LED屏',
  'led-strip': 'LED条屏',
  kiosk: '自助机',
  display: '显示屏',
  agent: '设备代理',
};

/** English reasons without a Chinese gloss, as the agent hub and drivers word them. */
const PHRASES: [RegExp, string][] = [
  [/paper (?:near end|low)/i, '纸将用尽'],
  [/paper end|out of paper|no paper/i, '缺纸'],
  [/cover open/i, '纸仓盖打开'],
  [/cutter/i, '切刀故障'],
  [/print head|overheat/i, '打印头故障'],
  [/offline|disconnected|did not answer|no (?:answer|response)|timed? ?out/i, '无响应'],
  [/^fault$/i, '故障'],
];

/** The Chinese parts of a reason, one per cause: "paper end (缺纸); cover open (纸仓盖打开)" → 缺纸、纸仓盖打开. */
export function plainReason(reason: string | undefined): string | undefined {
  if (!reason?.trim()) return undefined;
  const parts = reason.split(/;\s*/).map((part) => {
    const gloss = part.match(/[（(]([^()（）]*[\u4e00-\u9fff][^()（）]*)[)）]\s*$/);
    if (gloss) return gloss[1]!.trim();
    if (/[\u4e00-\u9fff]/.test(part)) return part.trim();
    const known = PHRASES.find(([re]) => re.test(part));
    return known ? known[1] : undefined;
  });
  if (parts.some((p) => p === undefined)) return undefined;
  return [...new Set(parts as string[])].join('、');
}

/** 1号自助机打印机, 3号窗口呼叫器, or the device's configured name, or its code when nothing is known. */
export function deviceTitle(d: DeviceHealthEntry, nameOf: (code: string) => string | null): string {
  const part = PARTS[d.kind] ?? '';
  if (d.kiosk) return `${nameOf(d.kiosk) ?? `自助机 ${d.kiosk}`}${part}`;
  if (d.window !== undefined) return `${d.window}号窗口${part}`;
  if (d.strip) return nameOf(d.strip) ?? `${part || 'LED条屏'} ${d.strip}`;
  const code = d.device.includes('/') ? d.device.slice(d.device.indexOf('/') + 1) : d.device;
  return nameOf(code) ?? `${part}${part ? ' ' : '设备 '}${code}`;
}

export function faultText(d: DeviceHealthEntry, nameOf: (code: string) => string | null): string {
  const title = deviceTitle(d, nameOf);
  const plain = plainReason(d.reason);
  if (plain) return plain === '故障' ? `${title}故障` : `${title}${plain}`;
  return d.reason?.trim() ? `${title}故障（${d.reason.trim()}）` : `${title}故障`;
}

export function warningText(d: DeviceHealthEntry, nameOf: (code: string) => string | null): string {
  const title = deviceTitle(d, nameOf);
  const plain = plainReason(d.warning) ?? d.warning ?? '';
  return plain === '纸将用尽' ? `${title}纸将用尽，请及时更换纸卷` : `${title}${plain}`;
}
