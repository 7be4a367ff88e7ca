import { HallConfig, type StaffConfig } from '../../contract/config.ts';
import { isUsablePasswordHash, LOCKED_PASSWORD_HASH } from '../auth/config-secrets.ts';
import { hashPasswordAsync } from '../auth/password.ts';
import { hashDeviceToken, newDeviceToken } from '../common/device-token.ts';
import { passwordProblem } from '../auth/password-policy.ts';
import { DomainError } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { Actor } from '../../contract/events.ts';

/** What the first-run page and `npm run setup` need of the hall: the engine and the audit log. */
export type SetupContext = Pick<HallContext, 'engine' | 'audit'>;

export interface FirstAdminInput {
  badge: string;
  name: string;
  password: string;
}

const SETUP_ACTOR: Actor = { kind: 'system', id: 'setup' };

/** Admins who can sign in (not retired, a real password). Production seeds the file's admins locked. */
export function usableAdmins(ctx: SetupContext): string[] {
  return ctx.engine.config
    .current()
    .staff.filter((s) => s.role === 'admin' && !s.retired && isUsablePasswordHash(s.passwordHash))
    .map((s) => s.badge);
}

export const needsFirstAdmin = (ctx: SetupContext): boolean => usableAdmins(ctx).length === 0;

export const setupClosed = () => new DomainError('conflict', 'SETUP_DONE', '系统已有可登录的管理员，首次设置已关闭。请用管理员账号登录 /admin 管理账号。');

/**
 * Sets up the first admin: only while no admin can sign in, with a password the policy accepts. A badge
 * the configuration already has as a locked admin (production seeds the file's admin without its demo
 * password) gets its password and name; a new badge becomes a new admin. The staff change is a
 * `config.changed` event without the hash, with its audit entry, in one transaction.
 */
export async function createFirstAdmin(ctx: SetupContext, place: string | null, input: FirstAdminInput): Promise<{ badge: string }> {
  if (!needsFirstAdmin(ctx)) throw setupClosed();
  const problem = passwordProblem(input.password, input.badge);
  if (problem) throw new DomainError('invalid', 'PASSWORD_REJECTED', problem, { issues: [{ path: 'password', message: problem }] });
  // scrypt on the thread pool, before the transaction: the event loop is not held for it.
  const passwordHash = await hashPasswordAsync(input.password);
  return ctx.engine.core.run(() => {
    // Again inside the transaction: another setup may have finished while the hash was computed.
    if (!needsFirstAdmin(ctx)) throw setupClosed();
    const cfg = ctx.engine.config.current();
    const index = cfg.staff.findIndex((s) => s.badge === input.badge);
    const existing = index >= 0 ? cfg.staff[index]! : undefined;
    if (existing && existing.role !== 'admin') {
      throw new DomainError('conflict', 'ALREADY_EXISTS', `工号 ${input.badge} 已是其他工作人员的工号，请换一个管理员工号。`);
    }
    const admin: StaffConfig = {
      ...(existing ?? { role: 'admin' as const }),
      badge: input.badge,
      name: input.name,
      role: 'admin',
      retired: false,
      passwordHash,
    };
    const staff = existing ? cfg.staff.map((s, i) => (i === index ? admin : s)) : [...cfg.staff, admin];
    const parsed = HallConfig.safeParse({ ...cfg, staff });
    if (!parsed.success) {
      const issues = parsed.error.issues.slice(0, 5).map((i) => ({ path: i.path.slice(2).join('.') || 'badge', message: i.message }));
      throw new DomainError('invalid', 'VALIDATION_FAILED', `无法保存管理员：${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
    }
    const { passwordHash: _h, password: _p, ...value } = admin;
    ctx.engine.config.save(parsed.data, { entity: 'staff', code: input.badge, op: existing ? 'update' : 'create', value }, SETUP_ACTOR);
    ctx.audit.append({ actor: 'setup', role: 'system', action: 'setup.first_admin', target: input.badge, place, detail: null });
    return { badge: input.badge };
  });
}

export interface DemoLockResult {
  staff: string[];
  devices: string[];
}

/**
 * `npm run setup -- --lock-demo-secrets`: accounts still on a demo password are locked (their sessions
 * end) and devices still on a demo token are revoked, so production mode can start; the admin then
 * sets passwords and issues device tokens in the console. A device's token is replaced by one nobody
 * is told (the device stays listed, so the console can issue it a token).
 */
export function lockDemoSecrets(ctx: SetupContext, found: { staff: readonly string[]; devices: readonly string[] }): DemoLockResult {
  return ctx.engine.core.run(() => {
    for (const badge of found.staff) ctx.engine.config.resetPassword(badge, LOCKED_PASSWORD_HASH, SETUP_ACTOR);
    for (const code of found.devices) ctx.engine.config.setDeviceToken(code, hashDeviceToken(newDeviceToken()), SETUP_ACTOR);
    ctx.audit.append({ actor: 'setup', role: 'system', action: 'setup.lock_demo_secrets', target: null, place: 'console', detail: { staff: found.staff.length, devices: found.devices.length } });
    return { staff: [...found.staff], devices: [...found.devices] };
  });
}
