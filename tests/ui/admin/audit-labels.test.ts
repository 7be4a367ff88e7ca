import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionLabel, actorLabel, detailPairs, deviceEntryLabel, knownActionLabel, placeLabel, reasonText } from '../../../admin-ui/lib/audit-labels.ts';
import { EMPTY_REFS, type Refs } from '../../../admin-ui/lib/refs.ts';
import { WindowAction } from '../../../contract/api.ts';

/** Every audit action the server can write has a Chinese label; actors, places and details read as words. */

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The fixed action names in the server's audit calls and route declarations (`action: '…'`, `audit: '…'`, ternaries). */
function fixedActions(): string[] {
  const found = new Set<string>();
  for (const file of sources(path.resolve('server'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:action|audit):\s*([^,}\n]*)/g)) {
      for (const lit of m[1]!.matchAll(/'([a-z_-]+\.[a-z_.-]+)'/g)) found.add(lit[1]!);
    }
  }
  return [...found].sort();
}

const REFS: Refs = {
  ...EMPTY_REFS,
  staff: [{ badge: 'S001', name: '李督查', role: 'supervisor', retired: false } as Refs['staff'][number]],
  devices: [
    { code: 'K1', kind: 'kiosk', name: '1号自助机' },
    { code: 'W3', kind: 'display', name: '3号窗口屏', window: 3 },
  ],
  queues: [{ code: 'QA', name: '综合受理' } as Refs['queues'][number]],
};

describe('audit labels', () => {
  it('label every fixed action the server writes', () => {
    const actions = fixedActions();
    expect(actions.length).toBeGreaterThan(30);
    const missing = actions.filter((a) => !knownActionLabel(a));
    expect(missing, `audit actions without a Chinese label: ${missing.join(', ')}`).toEqual([]);
  });

  it('label the families built at run time: lists, window actions, device states', () => {
    for (const list of ['departments', 'items', 'queues', 'windows', 'staff', 'devices', 'notices'])
      for (const op of ['create', 'update', 'retire']) expect(knownActionLabel(`admin.${list}.${op}`), `admin.${list}.${op}`).toBeDefined();
    for (const a of WindowAction.options) expect(knownActionLabel(`window.${a}`), `window.${a}`).toBeDefined();
    for (const s of ['fault', 'recovered']) expect(knownActionLabel(`device.${s}`)).toBeDefined();
    expect(actionLabel('case.resolve')).toBe('办结督办件');
    expect(actionLabel('admin.items.update')).toBe('修改事项');
    // Unknown actions are shown as recorded, never hidden.
    expect(actionLabel('future.thing')).toBe('future.thing');
  });

  it('name staff and devices, places and details in words', () => {
    expect(actorLabel('staff:S001', REFS)).toBe('李督查（S001）');
    expect(actorLabel('staff:X9', REFS)).toBe('工号 X9');
    expect(actorLabel('device:K1', REFS)).toBe('1号自助机');
    expect(actorLabel('device:K1-printer', REFS)).toBe('1号自助机打印机');
    expect(actorLabel('device:W3-caller', REFS)).toBe('3号窗口呼叫器');
    expect(placeLabel('window:3', REFS)).toBe('3号窗口');
    expect(placeLabel('kiosk:K1', REFS)).toBe('1号自助机');
    expect(detailPairs('{"outcome":"rejected","note":"材料不全"}', REFS)).toEqual([
      { key: '办理结果', value: '不予受理' },
      { key: '备注', value: '材料不全' },
    ]);
    expect(detailPairs('{"onBehalfOf":"S001","toQueue":"QA","printed":false}', REFS)).toEqual([
      { key: '代为操作', value: '李督查（S001）' },
      { key: '转至队列', value: '综合受理' },
      { key: '已打印', value: '否' },
    ]);
    expect(detailPairs(null, REFS)).toEqual([]);
    expect(deviceEntryLabel({ device: 'A1/K1-printer', kiosk: 'K1' }, REFS)).toBe('1号自助机打印机');
    expect(deviceEntryLabel({ device: 'W2-evaluator', window: 2 }, REFS)).toBe('2号窗口评价器');
    expect(reasonText('paper end (缺纸); cover open (纸仓盖打开)')).toBe('缺纸、纸仓盖打开');
    expect(reasonText('agent A1 offline')).toBe('agent A1 offline');
  });
});
