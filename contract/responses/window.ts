import { z } from 'zod';
import type { WindowAction } from '../api.ts';
import { Rules } from '../config.ts';
import { FullWindowStateView } from '../snapshot.ts';
import { TicketView } from '../ticket.ts';
import { Ok } from './common.ts';
import { WaitEstimates } from '../wait-estimate.ts';

/** Today's figures for one window (window terminal footer). */
export const WindowFigures = z.object({
  served: z.number(),
  noShow: z.number(),
  averageServiceMinutes: z.number().nullable(),
  evaluated: z.number(),
  satisfied: z.number(),
  /** (非常满意 + 满意) ÷ evaluated, or null before the first evaluation. */
  satisfactionRate: z.number().nullable(),
});
export type WindowFigures = z.infer<typeof WindowFigures>;

/** GET /api/windows/:n/state: what the window terminal works from. */
export const WindowState = z.object({
  window: FullWindowStateView.nullable(),
  /** In the order the window would call them. */
  waiting: z.array(TicketView),
  /** Each waiting ticket's predicted wait, by ticket id. */
  estimates: WaitEstimates.optional(),
  suspended: z.array(TicketView),
  figures: WindowFigures,
  rules: Rules.pick({ maxRecalls: true, callNextWithCurrent: true }),
  /** Server time when the state was read; the terminal times tickets on the server's clock. */
  at: z.string(),
  seq: z.number(),
});
export type WindowState = z.infer<typeof WindowState>;

/** POST /api/windows/:n/:action (and the socket 'window:command'): the window's state actions answer ok, ticket actions the ticket after it. */
export const WINDOW_ACTION_RESPONSES = {
  'sign-in': Ok,
  'sign-out': Ok,
  pause: Ok,
  resume: Ok,
  'call-next': TicketView,
  call: TicketView,
  recall: TicketView,
  start: TicketView,
  finish: TicketView,
  'no-show': TicketView,
  suspend: TicketView,
  'resume-ticket': TicketView,
  transfer: TicketView,
  'request-evaluation': TicketView,
} as const satisfies Record<WindowAction, z.ZodType>;
