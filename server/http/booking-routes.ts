import { BookBody, BookingCodeBody, BookingCodeSent, BookingDays, BookingDaysQuery, BookingLookupBody, BookingSlots, BookingSlotsQuery, BookingView } from '../../contract/booking.ts';
import { BookAppointmentBody } from '../../contract/api.ts';
import { AppointmentBooked } from '../../contract/responses.ts';
import type { BookingService } from '../usecases/booking.ts';
import { callerOf, EVERYONE, type AddRoute } from './route.ts';

/**
 * The public booking page's API (/book): days and slots, SMS code, booking, look-up and cancellation.
 * Look-up and cancellation are POSTs: the phone number stays out of URLs and request logs.
 */
export function bookingRoutes(add: AddRoute, booking: BookingService): void {
  add(
    { method: 'get', path: '/api/booking/days', summary: 'Bookable days of an item (holidays and 调休 aware)', tag: 'booking', allow: EVERYONE, query: BookingDaysQuery, response: BookingDays },
    ({ query }) => booking.days(query.item),
  );
  add(
    { method: 'get', path: '/api/booking/slots', summary: 'The slot grid of one day with remaining capacity', tag: 'booking', allow: EVERYONE, query: BookingSlotsQuery, response: BookingSlots },
    ({ query }) => booking.slots(query.item, query.date),
  );
  add(
    { method: 'post', path: '/api/booking/code', summary: 'Send an SMS verification code for booking', tag: 'booking', allow: EVERYONE, body: BookingCodeBody, response: BookingCodeSent, ungrouped: true },
    ({ body, req }) => booking.sendCode(body.phone, req.ip ?? 'unknown'),
  );
  add(
    { method: 'post', path: '/api/booking', summary: 'Book a slot with name, ID number, phone and SMS code (预约办理)', tag: 'booking', allow: EVERYONE, body: BookBody, response: BookingView, ungrouped: true },
    ({ body, principal, req }) => booking.book(body, callerOf(principal, req)),
  );
  add(
    { method: 'post', path: '/api/booking/lookup', summary: 'Look up one’s booking by code and phone', tag: 'booking', allow: EVERYONE, body: BookingLookupBody, response: BookingView, ungrouped: true },
    ({ body, req }) => booking.lookup(body, req.ip ?? 'unknown'),
  );
  add(
    { method: 'post', path: '/api/booking/cancel', summary: 'Cancel one’s booking by code and phone', tag: 'booking', allow: EVERYONE, body: BookingLookupBody, response: BookingView, ungrouped: true },
    ({ body, principal, req }) => booking.cancel(body, callerOf(principal, req)),
  );
  // Booking by API (integrations; kept from before the page): the same grid and limits, no SMS code.
  add(
    { method: 'post', path: '/api/appointments', summary: 'Book an appointment slot (预约办理)', tag: 'public', response: AppointmentBooked, allow: EVERYONE, body: BookAppointmentBody, ungrouped: true },
    async ({ body, principal, req }) => {
      const a = await booking.bookByApi(body, callerOf(principal, req));
      return { id: a.id, code: a.code, item: a.item, date: a.date, slotStart: a.slotStart, slotEnd: a.slotEnd, state: a.state };
    },
  );
}
