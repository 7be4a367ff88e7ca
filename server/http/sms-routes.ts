import { SmsOutbox } from '../../contract/sms.ts';
import { DomainError } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { AddRoute } from './route.ts';

/** Demo mode: what the local fake SMS gateway "sent", so an admin can follow a booking's code without a phone. */
export function smsRoutes(add: AddRoute, ctx: HallContext): void {
  add(
    { method: 'get', path: '/api/admin/sms-outbox', summary: 'Messages the demo SMS gateway kept (demo mode only)', tag: 'admin', allow: ['admin'], response: SmsOutbox },
    () => {
      const fake = ctx.sms.fake;
      if (!fake) throw new DomainError('not_found', 'SMS_OUTBOX_OFF', '此大厅使用真实短信网关，已发短信不在服务器上保留（仅演示模式可查看）。');
      return { gateway: 'fake', capacity: fake.capacity, messages: fake.list() };
    },
  );
}
