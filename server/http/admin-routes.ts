import { z } from 'zod';
import { Department, DeviceConfig, HallConfig, HallInfo, NoticeConfig, Queue, Rules, ServiceItem, StaffConfig, WindowConfig } from '../../contract/config.ts';
import type { HallContext } from '../context.ts';
import { hashPassword } from '../auth/password.ts';
import { readHallConfig, writeHallConfig } from '../store/hall-config-store.ts';
import { formatPath } from '../store/hall-file.ts';
import { DomainError } from '../common/errors.ts';
import type { AddRoute } from './route.ts';

type ListKey = 'departments' | 'queues' | 'items' | 'windows' | 'staff' | 'devices' | 'notices';

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

// Request bodies refuse unknown keys (contract/api.ts): a mistyped field name must not be dropped silently.
const ENTITIES: Record<ListKey, EntitySpec> = {
  departments: { list: 'departments', key: 'code', label: '部门', schema: Department.strict() },
  queues: { list: 'queues', key: 'code', label: '业务队列', schema: Queue.strict() },
  items: { list: 'items', key: 'code', label: '办理事项', schema: ServiceItem.strict() },
  windows: { list: 'windows', key: 'number', label: '窗口', schema: WindowConfig.strict() },
  staff: { list: 'staff', key: 'badge', label: '工作人员', schema: StaffInput },
  devices: { list: 'devices', key: 'code', label: '设备', schema: DeviceConfig.omit({ demoToken: true }).strict() },
  notices: { list: 'notices', key: 'code', label: '公告', schema: NoticeConfig.strict() },
};

const PasswordBody = z.strictObject({ password: z.string().min(8, 'at least 8 characters').max(100) });

/**
 * Admin CRUD over the hall configuration. Each change is validated as a whole configuration (so a queue
 * cannot be removed from under its items), written in one transaction, audited, and announced live.
 */
export function adminRoutes(add: AddRoute, ctx: HallContext): void {
  const db = ctx.engine.core.db;

  const save = (cfg: unknown, list: ListKey, index: number): HallConfig => {
    const parsed = HallConfig.safeParse(cfg);
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 10).map((i) => {
        // Report paths relative to the entity being edited, so the console can show them beside the field.
        const rel = i.path[0] === list && i.path[1] === index ? i.path.slice(2) : i.path;
        return { path: formatPath(rel) || '(entry)', message: i.message };
      });
      throw new DomainError('invalid', 'VALIDATION_FAILED', `保存失败：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    writeHallConfig(db, parsed.data, ctx.clock.now());
    return parsed.data;
  };

  const publicEntry = (list: ListKey, entry: Record<string, unknown>) => {
    if (list !== 'staff') return entry;
    const { passwordHash: _h, password: _p, ...rest } = entry;
    return rest;
  };

  for (const spec of Object.values(ENTITIES)) {
    const base = `/api/admin/${spec.list}`;
    const keyOf = (e: Record<string, unknown>) => String(e[spec.key]);

    add({ method: 'get', path: base, summary: `List ${spec.list}`, tag: 'admin', allow: ['supervisor'] }, () => ({
      [spec.list]: (readHallConfig(db)[spec.list] as Record<string, unknown>[]).map((e) => publicEntry(spec.list, e)),
    }));

    add({ method: 'post', path: base, summary: `Create a ${spec.list} entry`, tag: 'admin', allow: ['admin'], body: spec.schema, audit: `admin.${spec.list}.create` }, ({ body, principal }) => {
      const cfg = readHallConfig(db);
      const entry = body as Record<string, unknown>;
      const list = cfg[spec.list] as Record<string, unknown>[];
      if (list.some((e) => keyOf(e) === keyOf(entry))) throw new DomainError('conflict', 'ALREADY_EXISTS', `${spec.label} ${keyOf(entry)} 已存在。`);
      let token: string | undefined;
      const toSave = spec.list === 'staff' ? staffEntry(entry) : entry;
      if (spec.list === 'staff' && !entry.password) throw new DomainError('invalid', 'VALIDATION_FAILED', '新建工作人员需要设置初始密码。', { issues: [{ path: 'password', message: 'required' }] });
      save({ ...cfg, [spec.list]: [...list, toSave] }, spec.list, list.length);
      if (spec.list === 'devices') token = ctx.sessions.issueDeviceToken(keyOf(entry));
      ctx.configChanged(spec.list, keyOf(entry), { kind: 'staff', id: principal.kind === 'staff' ? principal.badge : 'unknown' });
      return { [spec.list.replace(/s$/, '')]: publicEntry(spec.list, entry), ...(token ? { token } : {}) };
    });

    add({ method: 'put', path: `${base}/:key`, summary: `Replace a ${spec.list} entry`, tag: 'admin', allow: ['admin'], body: spec.schema, audit: `admin.${spec.list}.update` }, ({ body, params, principal }) => {
      const cfg = readHallConfig(db);
      const entry = body as Record<string, unknown>;
      if (keyOf(entry) !== params.key) throw new DomainError('invalid', 'KEY_MISMATCH', `路径中的编号 ${params.key} 与内容中的编号 ${keyOf(entry)} 不一致。`);
      const list = cfg[spec.list] as Record<string, unknown>[];
      const index = list.findIndex((e) => keyOf(e) === params.key);
      if (index < 0) throw new DomainError('not_found', 'NOT_FOUND', `没有找到${spec.label} ${params.key}。`);
      // What a form does not edit is kept: a staff member's password, an agent's scope.
      const merged =
        spec.list === 'staff'
          ? { ...staffEntry(entry), ...(entry.password ? {} : { passwordHash: list[index]!.passwordHash }) }
          : spec.list === 'devices' && entry.scope === undefined && list[index]!.scope !== undefined
            ? { ...entry, scope: list[index]!.scope }
            : entry;
      const next = [...list];
      next[index] = merged;
      save({ ...cfg, [spec.list]: next }, spec.list, index);
      ctx.configChanged(spec.list, keyOf(entry), { kind: 'staff', id: principal.kind === 'staff' ? principal.badge : 'unknown' });
      return { [spec.list.replace(/s$/, '')]: publicEntry(spec.list, merged) };
    });

    add({ method: 'delete', path: `${base}/:key`, summary: `Retire a ${spec.list} entry (history is kept)`, tag: 'admin', allow: ['admin'], audit: `admin.${spec.list}.retire` }, ({ params, principal }) => {
      const actor = { kind: 'staff' as const, id: principal.kind === 'staff' ? principal.badge : 'unknown' };
      const key = params.key ?? '';
      if (spec.list === 'devices') {
        const changes = db.prepare('UPDATE devices SET revoked = 1, token_hash = NULL WHERE code = ?').run(key).changes;
        if (!changes) throw new DomainError('not_found', 'NOT_FOUND', `没有找到设备 ${key}。`);
      } else if (spec.list === 'notices') {
        const changes = db.prepare('UPDATE notices SET retired = 1 WHERE code = ?').run(key).changes;
        if (!changes) throw new DomainError('not_found', 'NOT_FOUND', `没有找到公告 ${key}。`);
      } else {
        const cfg = readHallConfig(db);
        const list = cfg[spec.list] as Record<string, unknown>[];
        const index = list.findIndex((e) => keyOf(e) === key);
        if (index < 0) throw new DomainError('not_found', 'NOT_FOUND', `没有找到${spec.label} ${key}。`);
        const next = [...list];
        next[index] = spec.list === 'queues' ? { ...list[index], active: false } : { ...list[index], retired: true };
        save({ ...cfg, [spec.list]: next }, spec.list, index);
      }
      ctx.configChanged(spec.list, key, actor);
      return { ok: true };
    });
  }

  add({ method: 'post', path: '/api/admin/staff/:key/password', summary: "Reset a staff member's password", tag: 'admin', allow: ['admin'], body: PasswordBody, audit: 'admin.staff.password_reset' }, ({ params, body }) => {
    const changes = db.prepare('UPDATE staff SET password_hash = ? WHERE badge = ?').run(hashPassword(body.password), params.key ?? '').changes;
    if (!changes) throw new DomainError('not_found', 'NOT_FOUND', `没有找到工作人员 ${params.key}。`);
    db.prepare('DELETE FROM sessions WHERE badge = ?').run(params.key ?? '');
    ctx.sessionEnded?.(null);
    return { ok: true };
  });

  add({ method: 'post', path: '/api/admin/devices/:key/token', summary: 'Issue a new device token (shown once)', tag: 'admin', allow: ['admin'], audit: 'admin.devices.token' }, ({ params }) => {
    const token = ctx.sessions.issueDeviceToken(params.key ?? '');
    if (!token) throw new DomainError('not_found', 'NOT_FOUND', `没有找到设备 ${params.key}。`);
    return { token };
  });

  add({ method: 'get', path: '/api/admin/settings', summary: 'Hall information and ticket rules', tag: 'admin', allow: ['supervisor'] }, () => {
    const cfg = readHallConfig(db);
    return { hall: cfg.hall, rules: cfg.rules };
  });

  add({ method: 'put', path: '/api/admin/rules', summary: 'Replace the ticket rules', tag: 'admin', allow: ['admin'], body: Rules.strict(), audit: 'admin.rules.update' }, ({ body, principal }) => {
    const cfg = readHallConfig(db);
    save({ ...cfg, rules: body }, 'departments', -1);
    ctx.configChanged('rules', 'rules', { kind: 'staff', id: principal.kind === 'staff' ? principal.badge : 'unknown' });
    return { rules: body };
  });

  add({ method: 'put', path: '/api/admin/hall', summary: 'Replace the hall information and hours', tag: 'admin', allow: ['admin'], body: HallInfo.strict(), audit: 'admin.hall.update' }, ({ body, principal }) => {
    const cfg = readHallConfig(db);
    save({ ...cfg, hall: body }, 'departments', -1);
    ctx.configChanged('hall', body.code, { kind: 'staff', id: principal.kind === 'staff' ? principal.badge : 'unknown' });
    return { hall: body };
  });
}

function staffEntry(entry: Record<string, unknown>): Record<string, unknown> {
  const { password, ...rest } = entry;
  return password ? { ...rest, passwordHash: hashPassword(String(password)) } : rest;
}

export const ADMIN_ENTITY_LISTS = Object.keys(ENTITIES) as ListKey[];
