import { PushItemList, PushItemQuery, PushResendBody, PushResent, PushTargetList } from '../../contract/push.ts';
import type { HallContext } from '../context.ts';
import type { PushConsumer } from '../push/consumer.ts';
import { listPushItems, listPushTargets, resendPush } from '../usecases/push.ts';
import { callerOf, intParam, type AddRoute } from './route.ts';

/** The 好差评 push console (supervisors and admins): targets, what was pushed and what failed, 补报. */
export function pushRoutes(add: AddRoute, ctx: HallContext, push: PushConsumer | undefined): void {
  add({ method: 'get', path: '/api/supervisor/push/targets', summary: '好差评 push targets with their maps and counts (tokens only as a hint)', tag: 'push', response: PushTargetList, allow: ['supervisor'] }, () =>
    listPushTargets(push),
  );
  add(
    { method: 'get', path: '/api/supervisor/push/items', summary: 'Pushed records, newest first, with state, reason and attempt log', tag: 'push', response: PushItemList, allow: ['supervisor'], query: PushItemQuery },
    ({ query }) => listPushItems(push, query),
  );
  add(
    { method: 'post', path: '/api/supervisor/push/items/:id/resend', summary: '补报: send a record again with the same idempotency key', tag: 'push', response: PushResent, allow: ['supervisor'], body: PushResendBody },
    ({ params, body, principal, req }) => resendPush(ctx, push, callerOf(principal, req), intParam(params.id, 'id'), body),
  );
}
