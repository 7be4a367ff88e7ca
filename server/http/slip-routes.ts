import { z } from 'zod';
import type { ServiceItem } from '../../contract/config.ts';
import type { HallContext } from '../context.ts';
import type { DeviceManager } from '../devices/manager.ts';
import { DomainError, forbidden } from '../common/errors.ts';
import type { AddRoute } from './route.ts';
import { GuideSlipResult } from '../../contract/responses.ts';

const SlipBody = z.strictObject({ item: z.string().min(1).max(32) });

/** The 一次性告知 slip of an item: what the kiosk's 办事指南 shows, laid out for the ticket printer. */
export function guideSlipLines(ctx: HallContext, item: ServiceItem): string[] {
  const c = ctx.engine.catalog;
  const dept = c.departments.get(item.department);
  const windows = c.windowsByQueue.get(item.queue) ?? [];
  const phone = item.phone ?? dept?.phone;
  return [
    `实施部门：${dept?.name ?? item.department}`,
    '办理流程：',
    ...item.steps.map((s, i) => `${i + 1}. ${s}`),
    '申请材料：',
    ...(item.materials.length ? item.materials.map((m, i) => `${i + 1}. ${[m.name, m.copies, m.note].filter(Boolean).join('，')}`) : ['无']),
    `办理时限：法定${item.statutoryDays}个工作日；${item.promisedDays ? `承诺${item.promisedDays}个工作日` : '承诺即来即办'}`,
    `收费标准：${item.fee}`,
    ...(windows.length ? [`办理窗口：${windows.join('、')}号窗口`] : []),
    ...(phone ? [`咨询电话：${phone}`] : []),
    `${c.hall.name}　服务热线：${c.hall.hotline}`,
  ];
}

/** A kiosk prints an item's guide as a 一次性告知 slip on its own printer. */
export function slipRoutes(add: AddRoute, ctx: HallContext, devices: () => DeviceManager | undefined): void {
  add(
    { method: 'post', path: '/api/kiosk/guide-slips', summary: 'Print an item guide (一次性告知) on this kiosk printer', tag: 'kiosk', response: GuideSlipResult, allow: ['kiosk'], body: SlipBody, audit: 'guide.print', ungrouped: true },
    async ({ principal, body }) => {
      if (principal.kind !== 'device') throw forbidden();
      const item = ctx.engine.catalog.items.get(body.item);
      if (!item || item.retired) throw new DomainError('not_found', 'UNKNOWN_ITEM', '没有找到该办理事项，请重新选择。');
      const manager = devices();
      const outcome = manager ? await manager.printSlip(principal.code, `${item.name}　一次性告知`, guideSlipLines(ctx, item)) : { printed: false, reason: 'no device manager' };
      return { printed: outcome.printed, ...(outcome.reason ? { reason: outcome.reason } : {}) };
    },
  );
}
