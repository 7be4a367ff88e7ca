import { HelpCallsView, KioskHelpBody } from '../../contract/kiosk-access.ts';
import { EmptyBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import type { Supervision } from '../supervision/service.ts';
import { answerKioskHelp, requestKioskHelp } from '../usecases/kiosk-help.ts';
import { callerOf, NO_CONTENT, type AddRoute } from './route.ts';

/**
 * 帮办 calls: a kiosk calls for help (the citizen cannot go on there), staff see the open calls and
 * the 帮办 window or a supervisor takes one. The alert follows at once, not at the next timer tick.
 */
export function helpRoutes(add: AddRoute, ctx: HallContext, supervision: Supervision): void {
  const { help, monitor } = supervision;
  add(
    { method: 'post', path: '/api/kiosk/help', summary: 'A citizen at this kiosk asks for help (帮办)', tag: 'kiosk', response: NO_CONTENT, allow: ['kiosk'], body: KioskHelpBody },
    ({ principal, body, req }) => {
      requestKioskHelp(ctx, callerOf(principal, req), help, body);
      monitor.nudge();
    },
  );
  add({ method: 'get', path: '/api/help-calls', summary: 'Open 帮办 calls from kiosks', tag: 'supervision', response: HelpCallsView, allow: ['staff'] }, () => ({ calls: help.list() }));
  add(
    { method: 'post', path: '/api/help-calls/:kiosk/answer', summary: 'Take a kiosk’s 帮办 call (the 帮办 window or a supervisor)', tag: 'supervision', response: NO_CONTENT, allow: ['staff'], body: EmptyBody },
    ({ principal, params, req }) => {
      answerKioskHelp(ctx, callerOf(principal, req), help, params.kiosk ?? '');
      monitor.nudge();
    },
  );
}
