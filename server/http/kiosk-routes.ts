import { z } from 'zod';
import { CheckInBody, KioskIssueBody, PrintResultBody } from '../../contract/api.ts';
import type { HallContext } from '../context.ts';
import type { IdentityRefs } from '../auth/identity-refs.ts';
import { checkInAtKiosk, issueAtKiosk, reportPrintResult, reprintAtKiosk } from '../usecases/tickets.ts';
import { callerOf, type AddRoute } from './route.ts';
import { TicketReceipt } from '../../contract/responses.ts';

const ReprintBody = z.strictObject({
  idNumber: z.string().regex(/^\d{17}[\dXx]$/).optional(),
  /** The card read at this kiosk ('kiosk:identity'), for 补打 of a ticket taken at another kiosk. */
  identityRef: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/).optional(),
});

/** Kiosk device routes: take a ticket, check in an appointment, reprint (补打), report a print. */
export function kioskRoutes(add: AddRoute, ctx: HallContext, identityRefs?: IdentityRefs): void {
  add({ method: 'post', path: '/api/kiosk/tickets', summary: 'Issue a ticket at a kiosk', tag: 'kiosk', response: TicketReceipt, allow: ['kiosk'], body: KioskIssueBody }, ({ principal, body, req }) =>
    issueAtKiosk(ctx, callerOf(principal, req), identityRefs, body),
  );
  add({ method: 'post', path: '/api/kiosk/checkin', summary: 'Appointment check-in by code or ID card', tag: 'kiosk', response: TicketReceipt, allow: ['kiosk'], body: CheckInBody }, ({ principal, body, req }) =>
    checkInAtKiosk(ctx, callerOf(principal, req), identityRefs, body),
  );
  add(
    { method: 'post', path: '/api/kiosk/tickets/:id/reprint', summary: 'Reprint (补打) a live ticket of this kiosk, or of the ID swiped', tag: 'kiosk', response: TicketReceipt, allow: ['kiosk'], body: ReprintBody },
    ({ principal, body, params, req }) => reprintAtKiosk(ctx, callerOf(principal, req), identityRefs, params.id ?? '', body),
  );
  add(
    { method: 'post', path: '/api/tickets/:id/print-result', summary: 'Report whether a ticket was printed', tag: 'kiosk', response: TicketReceipt, allow: ['kiosk', 'agent'], body: PrintResultBody },
    ({ principal, body, params, req }) => reportPrintResult(ctx, callerOf(principal, req), params.id ?? '', body),
  );
}
