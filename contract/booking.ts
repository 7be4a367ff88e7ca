import { z } from 'zod';

/**
 * The public booking page (/book) and the village/township stations (代办): requests (strict) and
 * answers. Citizen-facing refusals are Chinese; an answer never carries another person's booking.
 */

const idNumber = z.string().trim().regex(/^\d{17}[\dXx]$/, '身份证号应为 18 位（最后一位可为 X）');
const personName = z.string().trim().min(1, '请填写姓名').max(40);
export const mobilePhone = z.string().trim().regex(/^1[3-9]\d{9}$/, '手机号应为 11 位，以 1 开头');
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '时间格式应为 HH:MM');
const bookingCode = z.string().trim().regex(/^\d{6}$/, '预约码为 6 位数字');
const itemCode = z.string().min(1).max(32);

export const BookingDaysQuery = z.object({ item: itemCode });
export const BookingSlotsQuery = z.object({ item: itemCode, date });

/** GET /api/booking/days: the hall's bookable days for an item (holidays skipped, 调休 make-up days included). */
export const BookingDays = z.object({
  item: z.string(),
  slotMinutes: z.number().int(),
  days: z.array(z.object({ date: z.string(), weekday: z.number().int().min(1).max(7), makeupDay: z.boolean(), remaining: z.number().int() })),
});
export type BookingDays = z.infer<typeof BookingDays>;

export const BookingSlot = z.object({ start: z.string(), end: z.string(), capacity: z.number().int(), remaining: z.number().int() });
export type BookingSlot = z.infer<typeof BookingSlot>;

/** GET /api/booking/slots: the configured grid of one day, each slot with its remaining capacity. */
export const BookingSlots = z.object({ item: z.string(), date: z.string(), slots: z.array(BookingSlot) });
export type BookingSlots = z.infer<typeof BookingSlots>;

/** POST /api/booking/code: a verification code by SMS to this phone. */
export const BookingCodeBody = z.strictObject({ phone: mobilePhone });
export const BookingCodeSent = z.object({
  sent: z.literal(true),
  expiresInSeconds: z.number().int(),
  resendAfterSeconds: z.number().int(),
  /** Demo mode: the code went to the in-memory gateway, visible to the admin (演示短信). */
  demo: z.boolean(),
});
export type BookingCodeSent = z.infer<typeof BookingCodeSent>;

/** POST /api/booking: book with name + ID number + phone and the SMS code. */
export const BookBody = z.strictObject({
  item: itemCode,
  date,
  slotStart: hhmm,
  name: personName,
  idNumber,
  phone: mobilePhone,
  smsCode: z.string().trim().regex(/^\d{6}$/, '短信验证码为 6 位数字'),
});
export type BookBody = z.infer<typeof BookBody>;

/** POST /api/booking/lookup and /cancel: the citizen's own booking, by its code and the phone booked with. */
export const BookingLookupBody = z.strictObject({ code: bookingCode, phone: mobilePhone });
export type BookingLookupBody = z.infer<typeof BookingLookupBody>;

/** A booking as its own citizen (or the station that made it) sees it: masked identity only. */
export const BookingView = z.object({
  code: z.string(),
  item: z.string(),
  itemName: z.string(),
  queueName: z.string(),
  date: z.string(),
  slotStart: z.string(),
  slotEnd: z.string(),
  state: z.enum(['booked', 'checked_in', 'cancelled', 'expired']),
  nameMasked: z.string().nullable(),
  idMasked: z.string().nullable(),
  phoneMasked: z.string().nullable(),
  /** The station that booked on the citizen's behalf (代办), by name. */
  stationName: z.string().nullable(),
  /** The ticket's number once checked in. */
  ticketNumber: z.string().nullable(),
});
export type BookingView = z.infer<typeof BookingView>;

// ---- stations (seed 六: 代办) ----

export const StationLevel = z.enum(['township', 'village']);
export type StationLevel = z.infer<typeof StationLevel>;
export const STATION_LEVEL_LABEL: Record<StationLevel, string> = { township: '乡镇（街道）便民服务站', village: '村（社区）便民服务站' };

const stationCode = z.string().trim().regex(/^[A-Za-z0-9_-]{2,32}$/, '站点账号为 2–32 位字母、数字、- 或 _');

export const StationLoginBody = z.strictObject({ code: stationCode, password: z.string().min(1).max(200) });
export const StationMe = z.object({ code: z.string(), name: z.string(), level: StationLevel });
export type StationMe = z.infer<typeof StationMe>;

/** POST /api/station/bookings: a station books for a citizen (no SMS code: the station is signed in; phone optional). */
export const StationBookBody = z.strictObject({
  item: itemCode,
  date,
  slotStart: hhmm,
  name: personName,
  idNumber,
  phone: mobilePhone.optional(),
});
export type StationBookBody = z.infer<typeof StationBookBody>;

/** POST /api/station/tickets: a station takes a number at the hall for a citizen (代办). */
export const StationTicketBody = z.strictObject({ item: itemCode, name: personName.optional(), idNumber: idNumber.optional() });
export type StationTicketBody = z.infer<typeof StationTicketBody>;

export const StationTicketView = z.object({
  id: z.string(),
  number: z.string(),
  queueName: z.string(),
  itemName: z.string().nullable(),
  state: z.string(),
  window: z.number().nullable(),
  peopleAhead: z.number().int(),
  issuedAt: z.string(),
  nameMasked: z.string().nullable(),
  /** The citizen's status page (/t/:id?k=…), to pass on to the citizen. */
  statusUrl: z.string(),
});
export type StationTicketView = z.infer<typeof StationTicketView>;

/** GET /api/station/activity: what this station booked and took, and their state now. */
export const StationActivity = z.object({ station: StationMe, bookings: z.array(BookingView), tickets: z.array(StationTicketView) });
export type StationActivity = z.infer<typeof StationActivity>;

/** Admin: station accounts. */
export const StationAccountBody = z.strictObject({ code: stationCode, name: z.string().trim().min(2).max(60), level: StationLevel, password: z.string().min(8).max(200) });
export type StationAccountBody = z.infer<typeof StationAccountBody>;
export const StationAccount = z.object({ code: z.string(), name: z.string(), level: StationLevel, retired: z.boolean(), createdAt: z.string() });
export const StationAccounts = z.object({ stations: z.array(StationAccount) });
export type StationAccounts = z.infer<typeof StationAccounts>;
