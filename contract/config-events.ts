import { z } from 'zod';
import {
  Department,
  DeviceConfig,
  HallInfo,
  NoticeConfig,
  Queue,
  Rules,
  ServiceItem,
  StaffConfig,
  WindowConfig,
  type HallConfig,
} from './config.ts';

/**
 * Configuration as it travels in the event log. Every configuration change is an event carrying the
 * entity as it is after the change, so the log alone can rebuild the hall (DESIGN.md §2). Secrets
 * never travel: no staff password or password hash, no device token, no webhook secret (nor its hint).
 */

/** A staff member without password or password hash. */
const { password: _password, passwordHash: _passwordHash, ...staffShape } = StaffConfig.shape;
export const StaffEntity = z.object(staffShape);
export type StaffEntity = z.infer<typeof StaffEntity>;

/** A device without its demo token. */
export const DeviceEntity = DeviceConfig.omit({ demoToken: true });
export type DeviceEntity = z.infer<typeof DeviceEntity>;

/** A webhook receiver as the admin console lists it, without its secret. */
export const WebhookEntity = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookEntity = z.infer<typeof WebhookEntity>;

/** The whole hall configuration without secrets (the shape of hall.yaml, minus passwords and tokens). */
export const SeededConfig = z.object({
  hall: HallInfo,
  rules: Rules,
  departments: z.array(Department),
  queues: z.array(Queue),
  items: z.array(ServiceItem),
  windows: z.array(WindowConfig),
  staff: z.array(StaffEntity),
  devices: z.array(DeviceEntity),
  notices: z.array(NoticeConfig),
});
export type SeededConfig = z.infer<typeof SeededConfig>;

/** `config.seeded`: an empty database seeded from hall.yaml, or a `hall:import`. */
export const ConfigSeededData = z.object({
  source: z.enum(['seed', 'import']),
  config: SeededConfig,
});
export type ConfigSeededData = z.infer<typeof ConfigSeededData>;

export const ConfigEntity = z.enum(['hall', 'rules', 'departments', 'queues', 'items', 'windows', 'staff', 'devices', 'notices', 'webhooks']);
export type ConfigEntity = z.infer<typeof ConfigEntity>;

export const ConfigOp = z.enum(['create', 'update', 'retire']);
export type ConfigOp = z.infer<typeof ConfigOp>;

/** The schema of each entity's value in `config.changed`. */
export const CONFIG_ENTITY_SCHEMAS = {
  hall: HallInfo,
  rules: Rules,
  departments: Department,
  queues: Queue,
  items: ServiceItem,
  windows: WindowConfig,
  staff: StaffEntity,
  devices: DeviceEntity,
  notices: NoticeConfig,
  webhooks: WebhookEntity,
} as const satisfies Record<ConfigEntity, z.ZodType>;

export type ConfigEntityValue<E extends ConfigEntity> = z.infer<(typeof CONFIG_ENTITY_SCHEMAS)[E]>;

/** `config.changed`: one entity created, updated or retired, with its value after the change. */
export const ConfigChangedData = z.object({
  entity: ConfigEntity,
  code: z.string(),
  op: ConfigOp,
  value: z.unknown(),
});
export type ConfigChangedData = z.infer<typeof ConfigChangedData>;

/** `staff.password_reset`: which badge; never the password. */
export const PasswordResetData = z.object({ badge: z.string() });
/** `device.token_issued` and `device.revoked`: which device; never the token. */
export const DeviceTokenData = z.object({ code: z.string() });

const SECRET_KEYS: Partial<Record<ConfigEntity, readonly string[]>> = {
  staff: ['password', 'passwordHash'],
  devices: ['demoToken'],
  webhooks: ['secret', 'secretHint'],
};

/** The entity without its secrets (a copy; the argument is untouched). */
export function withoutSecrets<E extends ConfigEntity>(entity: E, value: unknown): ConfigEntityValue<E> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value as ConfigEntityValue<E>;
  const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of SECRET_KEYS[entity] ?? []) delete copy[key];
  return copy as ConfigEntityValue<E>;
}

/** The whole configuration without staff passwords, password hashes or device demo tokens. */
export function configWithoutSecrets(cfg: HallConfig): SeededConfig {
  return {
    hall: cfg.hall,
    rules: cfg.rules,
    departments: cfg.departments,
    queues: cfg.queues,
    items: cfg.items,
    windows: cfg.windows,
    staff: cfg.staff.map((s) => withoutSecrets('staff', s)),
    devices: cfg.devices.map((d) => withoutSecrets('devices', d)),
    notices: cfg.notices,
  };
}

/** The key an entity is addressed by in `config.changed`'s `code`. */
export function configCode(entity: ConfigEntity, value: unknown): string {
  const v = (value ?? {}) as Record<string, unknown>;
  switch (entity) {
    case 'rules':
      return 'rules';
    case 'windows':
      return String(v.number);
    case 'staff':
      return String(v.badge);
    case 'webhooks':
      return String(v.id);
    default:
      return String(v.code);
  }
}
