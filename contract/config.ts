import { z } from 'zod';
import { DeviceKind, HallLevel, IdRequirement, ItemCategory, Role } from './domain.ts';
import { PriorityClassRules, QueueRemote, ReminderRules, RemoteRules } from './remote.ts';
import { ImplementationCode, RegionCode } from './evaluation.ts';
import { DEFAULT_DISPLAY_SETTINGS, DisplaySettings } from './display-settings.ts';
import { DEFAULT_KIOSK_ACCESS, KioskAccess } from './kiosk-access.ts';

/**
 * The hall configuration as written in config/hall.yaml and exchanged by hall:import / hall:export.
 * Everything is addressed by code so an import can upsert without touching tickets.
 */

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time like 08:30');
const code = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected a code of letters, digits, - or _');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like 2026-10-01');

export const Period = z
  .object({ start: hhmm, end: hhmm })
  .refine((p) => p.start < p.end, { message: 'start must be before end' });
export type Period = z.infer<typeof Period>;

/** Weekdays are ISO numbers: 1 = Monday … 7 = Sunday. */
export const WeeklyHours = z.object({
  days: z.array(z.number().int().min(1).max(7)).min(1),
  periods: z.array(Period).min(1),
});
export type WeeklyHours = z.infer<typeof WeeklyHours>;

export const HoursConfig = z.object({
  weekly: z.array(WeeklyHours).min(1),
  /** Public holidays when the hall is closed. */
  holidays: z.array(isoDate).default([]),
  /** Make-up working days (调休) that open with the hours of `makeupDayHours`. */
  makeupDays: z.array(isoDate).default([]),
  makeupDayHours: z.array(Period).default([]),
});
export type HoursConfig = z.infer<typeof HoursConfig>;

export const HallInfo = z.object({
  code,
  name: z.string().min(1).max(60),
  level: HallLevel,
  region: z.string().max(60).optional(),
  /** 行政区划代码 (6 or 12 digits): the evaluation records and the provincial 好差评 push carry it. */
  regionCode: RegionCode.optional(),
  address: z.string().max(120).optional(),
  phone: z.string().max(30).optional(),
  hotline: z.string().max(30).default('12345'),
  complaintUrl: z.string().max(200).optional(),
  timezone: z.string().default('Asia/Shanghai'),
  hours: HoursConfig,
  /** Base URL printed on tickets for the phone status page; defaults to the server's own address. */
  publicUrl: z.string().url().optional(),
  /** Viewing distance and panel size of the public screens (the legibility rule). */
  display: DisplaySettings.default(DEFAULT_DISPLAY_SETTINGS),
});
export type HallInfo = z.infer<typeof HallInfo>;

export const Department = z.object({
  code,
  name: z.string().min(1).max(40),
  phone: z.string().max(30).optional(),
  /** English name, shown by the kiosk in English mode; absent = the Chinese name. */
  nameEn: z.string().min(1).max(80).optional(),
  retired: z.boolean().default(false),
});
export type Department = z.infer<typeof Department>;

export const Material = z.object({
  name: z.string().min(1).max(120),
  copies: z.string().max(40).optional(),
  note: z.string().max(200).optional(),
  /** English texts for the kiosk's English mode; each falls back to its Chinese text when absent. */
  nameEn: z.string().min(1).max(200).optional(),
  copiesEn: z.string().max(80).optional(),
  noteEn: z.string().max(400).optional(),
});
export type Material = z.infer<typeof Material>;

export const ServiceItem = z.object({
  code,
  name: z.string().min(1).max(80),
  category: ItemCategory,
  department: code,
  queue: code,
  /** 实施编码 in the provincial catalogue (up to 24 characters); evaluation records carry it. */
  implementationCode: ImplementationCode.optional(),
  steps: z.array(z.string().min(1).max(200)).min(1),
  materials: z.array(Material).default([]),
  statutoryDays: z.number().int().min(0).max(365),
  promisedDays: z.number().int().min(0).max(365),
  fee: z.string().max(200).default('不收费'),
  phone: z.string().max(30).optional(),
  guide: z.string().max(2000).optional(),
  /** Minutes a window should normally need; drives the overdue-service alert and first wait estimates. */
  serviceMinutes: z.number().int().min(1).max(480).default(10),
  /** English texts for the kiosk's English mode; each falls back to its Chinese text when absent. */
  nameEn: z.string().min(1).max(160).optional(),
  stepsEn: z.array(z.string().min(1).max(400)).optional(),
  feeEn: z.string().max(400).optional(),
  guideEn: z.string().max(4000).optional(),
  retired: z.boolean().default(false),
});
export type ServiceItem = z.infer<typeof ServiceItem>;

export const SlotCap = z.object({ start: hhmm, end: hhmm, cap: z.number().int().min(0) });
export type SlotCap = z.infer<typeof SlotCap>;

export const Queue = z.object({
  code,
  name: z.string().min(1).max(40),
  prefix: z.string().regex(/^[A-Z]{1,2}$/, 'expected one or two capital letters'),
  numberWidth: z.number().int().min(2).max(5).default(3),
  /**
   * What happens once a day's numbers pass the width (999 for width 3): 'refuse' (the default) stops
   * issuing with NUMBERS_EXHAUSTED, because keypads and fixed-size screens are sized to the width;
   * 'widen' goes on with one digit more (A1000), shown and spoken as it is.
   */
  numberOverflow: z.enum(['refuse', 'widen']).default('refuse'),
  dailyCap: z.number().int().min(1).max(99_999).optional(),
  slotCaps: z.array(SlotCap).default([]),
  /** Overrides the hall's regular hours for this queue. */
  hours: z.array(WeeklyHours).optional(),
  /** 延时办理: extra periods (e.g. a lunch-time or evening window) on the given weekdays. */
  extendedHours: z.array(WeeklyHours).default([]),
  /** Minutes before closing when the kiosk stops issuing for this queue. */
  stopIssueMinutesBeforeClose: z.number().int().min(0).max(240).default(0),
  idRequirement: IdRequirement.default('optional'),
  /** Appointments accepted per appointment slot. */
  appointmentSlotCap: z.number().int().min(0).max(500).default(5),
  /** Length of one appointment slot in minutes. */
  appointmentSlotMinutes: z.number().int().min(10).max(240).default(30),
  /** 远程取号 for this queue (off when absent). */
  remote: QueueRemote.optional(),
  active: z.boolean().default(true),
});
export type Queue = z.infer<typeof Queue>;

export const WindowConfig = z.object({
  number: z.number().int().min(1).max(999),
  name: z.string().min(1).max(40),
  department: code.optional(),
  queues: z.array(code).min(1),
  comprehensive: z.boolean().default(false),
  /** 'ordered' serves its queues in the listed order; 'longest_wait' picks whoever waited longest. */
  queueMode: z.enum(['ordered', 'longest_wait']).default('ordered'),
  honours: z.array(z.string().min(1).max(20)).default([]),
  retired: z.boolean().default(false),
});
export type WindowConfig = z.infer<typeof WindowConfig>;

export const StaffConfig = z
  .object({
    badge: z.string().regex(/^[A-Za-z0-9]{2,16}$/, 'expected a badge number of 2–16 letters or digits'),
    name: z.string().min(1).max(20),
    department: code.optional(),
    role: Role.default('staff'),
    title: z.string().max(30).optional(),
    /** Plain password, only for demo halls; hashed when seeded, never exported. */
    password: z.string().min(6).max(100).optional(),
    passwordHash: z.string().optional(),
    retired: z.boolean().default(false),
  })
  .refine((s) => s.password !== undefined || s.passwordHash !== undefined, {
    message: 'each staff member needs a password (demo) or a passwordHash',
  });
export type StaffConfig = z.infer<typeof StaffConfig>;

export const DeviceConfig = z.object({
  code,
  kind: DeviceKind,
  name: z.string().min(1).max(40),
  /** Window a window-bound display (window screen, evaluator tablet) belongs to. */
  window: z.number().int().min(1).optional(),
  /** Demo only: a fixed token so the demo URLs work; real halls issue tokens from the admin console. */
  demoToken: z.string().min(16).max(128).optional(),
  /**
   * Agents only: the kiosks and windows this PC's agent may drive; a device of another kiosk or
   * window is refused at registration. Absent = any (a single-PC hall).
   */
  scope: z
    .strictObject({ kiosks: z.array(z.string().min(1).max(32)).default([]), windows: z.array(z.number().int().min(1)).default([]) })
    .optional(),
});
export type DeviceConfig = z.infer<typeof DeviceConfig>;

export const NoticeConfig = z.object({
  code,
  text: z.string().min(1).max(500),
  targets: z.array(z.enum(['hall', 'strip', 'kiosk', 'window'])).min(1),
  startsAt: z.string().optional(),
  endsAt: z.string().optional(),
});
export type NoticeConfig = z.infer<typeof NoticeConfig>;

export const Rules = z.object({
  /** Most times a ticket may be recalled (重呼). */
  maxRecalls: z.number().int().min(0).max(20).default(5),
  /** A late arrival re-queued after a no-show goes behind this many waiting tickets. */
  reactivateBehind: z.number().int().min(0).max(100).default(3),
  /** After this many priority calls in a row a window takes the longest-waiting ordinary ticket. */
  antiStarvationAfter: z.number().int().min(1).max(100).default(3),
  /** Most tickets one ID may take per day in the whole hall. */
  perIdDailyMax: z.number().int().min(1).max(100).default(5),
  /** Appointment check-in is open this many minutes before the slot and after its end. */
  checkInEarlyMinutes: z.number().int().min(0).max(240).default(30),
  checkInLateMinutes: z.number().int().min(0).max(240).default(15),
  /** Where a transferred ticket lands in its new queue. */
  transferPlacement: z.enum(['front', 'arrival']).default('front'),
  /** What 叫号 does while the window still holds a called or serving ticket. */
  callNextWithCurrent: z.enum(['finish', 'refuse']).default('finish'),
  /** Minutes a no-show may still be re-queued. */
  reactivateWithinMinutes: z.number().int().min(0).max(480).default(60),
  voiceTemplate: z.string().min(1).max(200).default('请{ticket}号到{window}号窗口办理'),
  voiceTemplateEn: z.string().min(1).max(200).default('Number {ticket}, please go to window {window}'),
  /** Read the ticket's digits one by one (A零零一) rather than as a number (A一). */
  voiceDigitByDigit: z.boolean().default(true),
  /** Some halls read 一 as 幺 (yāo) so it is not misheard as 七. */
  voiceOneAsYao: z.boolean().default(false),
  /** Service minutes assumed before a queue has history of its own. */
  defaultServiceMinutes: z.number().int().min(1).max(120).default(10),
  /** Elderly and disabled/pregnant classes in the call order (contract/remote.ts). */
  priorityClasses: PriorityClassRules.default(PriorityClassRules.parse({})),
  /** 远程取号: how a remote ticket arrives (contract/remote.ts). */
  remote: RemoteRules.default(RemoteRules.parse({})),
  /** Call reminders to the phone (contract/remote.ts). */
  reminders: ReminderRules.default(ReminderRules.parse({})),
  /** The caller keypad's 评价 key (0B): finish the ticket then ask for the rating, or only ask. */
  evaluationKey: z.enum(['finish_then_request', 'request_only']).default('request_only'),
  /** What the kiosk offers a citizen without an ID card, and where it sends one it cannot serve. */
  kioskAccess: KioskAccess.default(DEFAULT_KIOSK_ACCESS),
});
export type Rules = z.infer<typeof Rules>;

export const HallConfig = z
  .object({
    hall: HallInfo,
    rules: Rules.default(Rules.parse({})),
    departments: z.array(Department).min(1),
    queues: z.array(Queue).min(1),
    items: z.array(ServiceItem).default([]),
    windows: z.array(WindowConfig).default([]),
    staff: z.array(StaffConfig).default([]),
    devices: z.array(DeviceConfig).default([]),
    notices: z.array(NoticeConfig).default([]),
  })
  .superRefine((cfg, ctx) => {
    const unique = <T>(list: T[], key: (t: T) => string | number, path: string) => {
      const seen = new Set<string | number>();
      list.forEach((entry, i) => {
        const k = key(entry);
        if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [path, i], message: `duplicate ${String(k)}` });
        seen.add(k);
      });
    };
    unique(cfg.departments, (d) => d.code, 'departments');
    unique(cfg.queues, (q) => q.code, 'queues');
    unique(cfg.queues, (q) => q.prefix, 'queues');
    unique(cfg.items, (i) => i.code, 'items');
    unique(cfg.windows, (w) => w.number, 'windows');
    unique(cfg.staff, (s) => s.badge, 'staff');
    unique(cfg.devices, (d) => d.code, 'devices');
    unique(cfg.notices, (n) => n.code, 'notices');
    const departments = new Set(cfg.departments.map((d) => d.code));
    const queues = new Set(cfg.queues.map((q) => q.code));
    const windows = new Set(cfg.windows.map((w) => w.number));
    cfg.items.forEach((item, i) => {
      if (!departments.has(item.department))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'department'], message: `unknown department ${item.department}` });
      if (!queues.has(item.queue))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'queue'], message: `unknown queue ${item.queue}` });
      if (item.promisedDays > item.statutoryDays)
        ctx.addIssue({ code: 'custom', path: ['items', i, 'promisedDays'], message: 'promised days exceed statutory days' });
    });
    cfg.windows.forEach((w, i) => {
      if (w.department && !departments.has(w.department))
        ctx.addIssue({ code: 'custom', path: ['windows', i, 'department'], message: `unknown department ${w.department}` });
      w.queues.forEach((q, j) => {
        if (!queues.has(q)) ctx.addIssue({ code: 'custom', path: ['windows', i, 'queues', j], message: `unknown queue ${q}` });
      });
    });
    cfg.staff.forEach((s, i) => {
      if (s.department && !departments.has(s.department))
        ctx.addIssue({ code: 'custom', path: ['staff', i, 'department'], message: `unknown department ${s.department}` });
    });
    cfg.devices.forEach((d, i) => {
      if (d.window !== undefined && !windows.has(d.window))
        ctx.addIssue({ code: 'custom', path: ['devices', i, 'window'], message: `unknown window ${d.window}` });
      if (d.scope && d.kind !== 'agent') ctx.addIssue({ code: 'custom', path: ['devices', i, 'scope'], message: 'only an agent has a scope' });
    });
  });
export type HallConfig = z.infer<typeof HallConfig>;
export type HallConfigInput = z.input<typeof HallConfig>;
