import { z } from 'zod';
import { Department, DeviceConfig, HallInfo, NoticeConfig, Queue, Rules, ServiceItem, WindowConfig } from '../config.ts';
import { Role } from '../domain.ts';

/** Admin CRUD over the hall configuration (admin-routes.ts). Secrets (password hashes, device tokens) are never listed. */

/** A staff member as the console lists them: no password, no hash. */
export const StaffView = z.object({
  badge: z.string(),
  name: z.string(),
  department: z.string().optional(),
  role: Role,
  title: z.string().optional(),
  retired: z.boolean(),
});
export type StaffView = z.infer<typeof StaffView>;

/** A device as the console lists it: the demo token is not shown. */
export const DeviceView = DeviceConfig.omit({ demoToken: true });
export type DeviceView = z.infer<typeof DeviceView>;

/** Each editable list, the key its single entry travels under, and the entry's shape. */
export const ADMIN_ENTITY_VIEWS = {
  departments: { one: 'department', schema: Department },
  queues: { one: 'queue', schema: Queue },
  items: { one: 'item', schema: ServiceItem },
  windows: { one: 'window', schema: WindowConfig },
  staff: { one: 'staff', schema: StaffView },
  devices: { one: 'device', schema: DeviceView },
  notices: { one: 'notice', schema: NoticeConfig },
} as const;
export type AdminList = keyof typeof ADMIN_ENTITY_VIEWS;
type View<L extends AdminList> = (typeof ADMIN_ENTITY_VIEWS)[L]['schema'];
type One<L extends AdminList> = (typeof ADMIN_ENTITY_VIEWS)[L]['one'];

const lists = Object.keys(ADMIN_ENTITY_VIEWS) as AdminList[];
const build = (make: (list: AdminList) => z.ZodType): unknown => Object.fromEntries(lists.map((l) => [l, make(l)]));

/** GET /api/admin/:list, e.g. { departments: [...] }. */
export const ADMIN_LIST_RESPONSES = build((l) => z.object({ [l]: z.array(ADMIN_ENTITY_VIEWS[l].schema) })) as {
  [L in AdminList]: z.ZodObject<{ [K in L]: z.ZodArray<View<L>> }>;
};

/** PUT /api/admin/:list/:key, e.g. { department: {...} }. */
export const ADMIN_SAVED_RESPONSES = build((l) => z.object({ [ADMIN_ENTITY_VIEWS[l].one]: ADMIN_ENTITY_VIEWS[l].schema })) as {
  [L in AdminList]: z.ZodObject<{ [K in One<L>]: View<L> }>;
};

/** POST /api/admin/:list: the entry; for a device also its first token, shown this once. */
export const ADMIN_CREATED_RESPONSES = build((l) =>
  l === 'devices' ? (ADMIN_SAVED_RESPONSES[l] as z.ZodObject).extend({ token: z.string() }) : ADMIN_SAVED_RESPONSES[l],
) as unknown as { [L in AdminList]: L extends 'devices' ? z.ZodObject<{ device: typeof DeviceView; token: z.ZodString }> : (typeof ADMIN_SAVED_RESPONSES)[L] };

/** POST /api/admin/devices/:key/token: a new device token, shown this once. */
export const DeviceToken = z.object({ token: z.string() });
export type DeviceToken = z.infer<typeof DeviceToken>;

/** GET /api/admin/settings */
export const HallSettings = z.object({ hall: HallInfo, rules: Rules });
export type HallSettings = z.infer<typeof HallSettings>;

/** PUT /api/admin/rules */
export const RulesSaved = z.object({ rules: Rules });
/** PUT /api/admin/hall */
export const HallInfoSaved = z.object({ hall: HallInfo });
