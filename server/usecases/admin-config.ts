import { z } from 'zod';
import { Department, DeviceConfig, HallConfig, HallInfo, NoticeConfig, Queue, Rules, ServiceItem, WindowConfig } from '../../contract/config.ts';
import { hashPassword, hashPasswordAsync } from '../auth/password.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import { hashDeviceToken, newDeviceToken } from '../common/device-token.ts';
import { DomainError, formatPath, notFound } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { ConfigChange } from '../queue/catalog-commands.ts';
import { actorOf, type Caller } from './caller.ts';
import { audited } from './audited.ts';

export type ListKey = 'departments' | 'queues' | 'items' | 'windows' | 'staff' | 'devices' | 'notices';

interface EntitySpec {
  list: ListKey;
  key: string;
  label: string;
  schema: z.ZodType;
}

const StaffInput = z.strictObject({
  badge: z.string(),
  name: z.string(),
  department: z.string().optional(),
  role: z.enum(['staff', 'supervisor', 'admin']).default('staff'),
  title: z.string().optional(),
  password: z.string().min(8, 'at least 8 characters').max(100).optional(),
  retired: z.boolean().default(false),
});

export const PasswordBody = z.strictObject({ password: z.string().min(8, 'at least 8 characters').max(100) });

// Request bodies refuse unknown keys (contract/api.ts): a mistyped field name must not be dropped silently.
export const ENTITIES: Record<ListKey, EntitySpec> = {
  departments: { list: 'departments', key: 'code', label: '部门', schema: Department.strict() },
  queues: { list: 'queues', key: 'code', label: '业务队列', schema: Queue.strict() },
  items: { list: 'items', key: 'code', label: '办理事项', schema: ServiceItem.strict() },
  windows: { list: 'windows', key: 'number', label: '窗口', schema: WindowConfig.strict() },
  staff: { list: 'staff', key: 'badge', label: '工作人员', schema: StaffInput },
  devices: { list: 'devices', key: 'code', label: '设备', schema: DeviceConfig.omit({ demoToken: true }).strict() },
  notices: { list: 'notices', key: 'code', label: '公告', schema: NoticeConfig.strict() },
};

type Entry = Record<string, unknown>;

/** An entry as the console and the event log may see it: never a password or its hash, never a token. */
export function publicEntry(list: ListKey, entry: Entry): Entry {
  if (list === 'staff') {
    const { passwordHash: _h, password: _p, ...rest } = entry;
    return rest;
  }
  if (list === 'devices') {
    const { demoToken: _t, ...rest } = entry;
    return rest;
  }
  return entry;
}

/**
 * A new or reset password must pass the policy (auth/password-policy.ts); it is hashed off the event
 * loop, before the write's transaction (routes await this, then call the use case with the hash).
 */
export async function preparePassword(password: string, badge: string): Promise<string> {
  const problem = passwordProblem(password, badge);
  if (problem) throw new DomainError('invalid', 'WEAK_PASSWORD', problem, { issues: [{ path: 'password', message: problem }] });
  return hashPasswordAsync(password);
}

function staffEntry(entry: Entry, passwordHash?: string): Entry {
  const { password, ...rest } = entry;
  return password ? { ...rest, passwordHash: passwordHash ?? hashPassword(String(password)) } : rest;
}

/** Validates a whole configuration, reporting paths relative to the entity being edited. */
function validated(cfg: unknown, list: ListKey | null, index: number): HallConfig {
  const parsed = HallConfig.safeParse(cfg);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.slice(0, 10).map((i) => {
    // Paths relative to the entity being edited, so the console can show them beside the field.
    const rel = list && i.path[0] === list && i.path[1] === index ? i.path.slice(2) : i.path;
    return { path: formatPath(rel) || '(entry)', message: i.message };
  });
  throw new DomainError('invalid', 'VALIDATION_FAILED', `保存失败：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
}

/**
 * Admin edits of the hall configuration. Each change is validated as a whole configuration (so a queue
 * cannot be removed from under its items), then written, announced as an event carrying the new entity,
 * and audited, all in one transaction.
 */
export function listEntries(ctx: HallContext, list: ListKey): Entry[] {
  return (ctx.engine.config.current()[list] as Entry[]).map((e) => publicEntry(list, e));
}

export function createEntry(ctx: HallContext, caller: Caller, list: ListKey, body: Entry, passwordHash?: string): Entry {
  const spec = ENTITIES[list];
  const code = String(body[spec.key]);
  return audited(ctx, caller, { action: `admin.${list}.create`, target: code }, () => {
    const cfg = ctx.engine.config.current();
    const entries = cfg[list] as Entry[];
    if (entries.some((e) => String(e[spec.key]) === code)) throw new DomainError('conflict', 'ALREADY_EXISTS', `${spec.label} ${code} 已存在。`);
    if (list === 'staff' && !body.password) throw new DomainError('invalid', 'VALIDATION_FAILED', '新建工作人员需要设置初始密码。', { issues: [{ path: 'password', message: 'required' }] });
    const toSave = list === 'staff' ? staffEntry(body, passwordHash) : body;
    const next = validated({ ...cfg, [list]: [...entries, toSave] }, list, entries.length);
    const value = publicEntry(list, (next[list] as Entry[])[entries.length]!);
    ctx.engine.config.save(next, { entity: list, code, op: 'create', value }, actorOf(caller.principal));
    let token: string | undefined;
    if (list === 'devices') {
      token = newDeviceToken();
      ctx.engine.config.setDeviceToken(code, hashDeviceToken(token), actorOf(caller.principal));
    }
    return { [list.replace(/s$/, '')]: publicEntry(list, body), ...(token ? { token } : {}) };
  });
}

export function updateEntry(ctx: HallContext, caller: Caller, list: ListKey, key: string, body: Entry, passwordHash?: string): Entry {
  const spec = ENTITIES[list];
  return audited(ctx, caller, { action: `admin.${list}.update`, target: key }, () => {
    if (String(body[spec.key]) !== key) throw new DomainError('invalid', 'KEY_MISMATCH', `路径中的编号 ${key} 与内容中的编号 ${String(body[spec.key])} 不一致。`);
    const cfg = ctx.engine.config.current();
    const entries = cfg[list] as Entry[];
    const index = entries.findIndex((e) => String(e[spec.key]) === key);
    if (index < 0) throw notFound(`没有找到${spec.label} ${key}。`);
    // What a form does not edit is kept: a staff member's password, an agent's scope.
    const merged =
      list === 'staff'
        ? { ...staffEntry(body, passwordHash), ...(body.password ? {} : { passwordHash: entries[index]!.passwordHash }) }
        : list === 'devices' && body.scope === undefined && entries[index]!.scope !== undefined
          ? { ...body, scope: entries[index]!.scope }
          : body;
    const replaced = [...entries];
    replaced[index] = merged;
    const next = validated({ ...cfg, [list]: replaced }, list, index);
    const value = publicEntry(list, (next[list] as Entry[])[index]!);
    ctx.engine.config.save(next, { entity: list, code: key, op: 'update', value }, actorOf(caller.principal));
    return { [list.replace(/s$/, '')]: publicEntry(list, merged) };
  });
}

/** Retires an entry; its history (tickets, audit) is kept. */
export function retireEntry(ctx: HallContext, caller: Caller, list: ListKey, key: string): { ok: true } {
  const spec = ENTITIES[list];
  const actor = actorOf(caller.principal);
  return audited(ctx, caller, { action: `admin.${list}.retire`, target: key }, () => {
    if (list === 'devices') {
      if (!ctx.engine.config.retireDevice(key, actor)) throw notFound(`没有找到设备 ${key}。`);
    } else if (list === 'notices') {
      if (!ctx.engine.config.retireNotice(key, actor)) throw notFound(`没有找到公告 ${key}。`);
    } else {
      const cfg = ctx.engine.config.current();
      const entries = cfg[list] as Entry[];
      const index = entries.findIndex((e) => String(e[spec.key]) === key);
      if (index < 0) throw notFound(`没有找到${spec.label} ${key}。`);
      const replaced = [...entries];
      replaced[index] = list === 'queues' ? { ...entries[index], active: false } : { ...entries[index], retired: true };
      const next = validated({ ...cfg, [list]: replaced }, list, index);
      const value = publicEntry(list, (next[list] as Entry[])[index]!);
      ctx.engine.config.save(next, { entity: list, code: key, op: 'retire', value }, actor);
    }
    return { ok: true as const };
  });
}

export async function resetPassword(ctx: HallContext, caller: Caller, badge: string, password: string): Promise<{ ok: true }> {
  const passwordHash = await preparePassword(password, badge);
  const result = audited(ctx, caller, { action: 'admin.staff.password_reset', target: badge }, () => {
    if (!ctx.engine.config.resetPassword(badge, passwordHash, actorOf(caller.principal))) throw notFound(`没有找到工作人员 ${badge}。`);
    return { ok: true as const };
  });
  ctx.sessionEnded?.(null);
  return result;
}

/** A new token for a device, replacing the old one; the plain token is in the answer only. */
export function issueDeviceToken(ctx: HallContext, caller: Caller, code: string): { token: string } {
  return audited(ctx, caller, { action: 'admin.devices.token', target: code }, () => {
    const token = newDeviceToken();
    if (!ctx.engine.config.setDeviceToken(code, hashDeviceToken(token), actorOf(caller.principal))) throw notFound(`没有找到设备 ${code}。`);
    return { token };
  });
}

export function hallSettings(ctx: HallContext): Pick<HallConfig, 'hall' | 'rules'> {
  const cfg = ctx.engine.config.current();
  return { hall: cfg.hall, rules: cfg.rules };
}

export function replaceRules(ctx: HallContext, caller: Caller, rules: Rules): { rules: Rules } {
  return audited(ctx, caller, { action: 'admin.rules.update', target: null }, () => {
    const next = validated({ ...ctx.engine.config.current(), rules }, null, -1);
    ctx.engine.config.save(next, { entity: 'rules', code: 'rules', op: 'update', value: next.rules }, actorOf(caller.principal));
    return { rules };
  });
}

export function replaceHall(ctx: HallContext, caller: Caller, hall: HallInfo): { hall: HallInfo } {
  return audited(ctx, caller, { action: 'admin.hall.update', target: null }, () => {
    const next = validated({ ...ctx.engine.config.current(), hall }, null, -1);
    const change: ConfigChange = { entity: 'hall', code: next.hall.code, op: 'update', value: next.hall };
    ctx.engine.config.save(next, change, actorOf(caller.principal));
    return { hall };
  });
}

/** Saves a catalogue import validated as a whole: one `config.changed` per item created or updated. */
export function saveImportedItems(ctx: HallContext, caller: Caller, next: HallConfig, created: string[], updated: string[]): void {
  audited(ctx, caller, { action: 'admin.items.import_csv', target: 'items', detail: { created: created.length, updated: updated.length } }, () => {
    const byCode = new Map(next.items.map((i) => [i.code, i]));
    const changes: ConfigChange[] = [
      ...created.map((code): ConfigChange => ({ entity: 'items', code, op: 'create', value: byCode.get(code) })),
      ...updated.map((code): ConfigChange => ({ entity: 'items', code, op: 'update', value: byCode.get(code) })),
    ];
    ctx.engine.config.save(next, changes, actorOf(caller.principal));
  });
}
