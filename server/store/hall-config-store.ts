import { HallConfig, Queue, ServiceItem, WindowConfig, type Department, type NoticeConfig } from '../../contract/config.ts';
import { hashDeviceToken } from '../common/device-token.ts';
import { hashPassword } from '../common/password.ts';
import type { Db } from './db.ts';
import { writeSetting } from './settings-store.ts';
import { prepared } from './statements.ts';

export interface ImportSummary {
  departments: number;
  queues: number;
  items: number;
  windows: number;
  staff: number;
  devices: number;
  notices: number;
}

/**
 * Hashes of the plain secrets a configuration file may carry (demo passwords, demo device tokens),
 * computed by the caller (server/auth/config-secrets.ts) so the store writes hashes it was given.
 */
export interface HallConfigSecrets {
  /** Badge → hash of that staff member's plain `password`. */
  passwordHashes: ReadonlyMap<string, string>;
  /** Device code → hash of its `demoToken`. */
  deviceTokenHashes: ReadonlyMap<string, string>;
}

/**
 * Upserts a hall configuration by codes, in one transaction, without touching tickets, counters,
 * window status or sessions. Used to seed an empty database and by `hall:import`. Plain demo secrets
 * are written as the hashes in `secrets`; a caller that passes none still gets them hashed here (the
 * pure helpers of server/common/), until every caller hashes before it calls.
 */
export function writeHallConfig(db: Db, cfg: HallConfig, now: Date = new Date(), secrets?: HallConfigSecrets): ImportSummary {
  const run = db.transaction(() => {
    writeSetting(db, 'hall', cfg.hall);
    writeSetting(db, 'rules', cfg.rules);
    for (const d of cfg.departments) upsertDepartment(db, d);
    cfg.queues.forEach((q, position) => upsertQueue(db, q, position));
    cfg.items.forEach((i, position) => upsertItem(db, i, position));
    for (const w of cfg.windows) upsertWindow(db, w);

    const staffInsert = db.prepare(`INSERT INTO staff (badge, name, department, role, title, password_hash, retired) VALUES (@badge, @name, @department, @role, @title, @password_hash, @retired)
      ON CONFLICT(badge) DO UPDATE SET name = excluded.name, department = excluded.department, role = excluded.role, title = excluded.title, retired = excluded.retired`);
    const staffPassword = db.prepare('UPDATE staff SET password_hash = ? WHERE badge = ?');
    for (const s of cfg.staff) {
      const existing = db.prepare('SELECT 1 FROM staff WHERE badge = ?').get(s.badge);
      const passwordHash = s.passwordHash ?? secrets?.passwordHashes.get(s.badge) ?? hashPassword(s.password!);
      staffInsert.run({ badge: s.badge, name: s.name, department: s.department ?? null, role: s.role, title: s.title ?? null, password_hash: passwordHash, retired: s.retired ? 1 : 0 });
      // A plain demo password never overwrites a password changed since; an explicit hash does.
      if (existing && s.passwordHash) staffPassword.run(s.passwordHash, s.badge);
    }

    // A demoToken applies to a device new to the database only: an existing device keeps the token an
    // admin issued (or its revocation), so an import never brings back a token that was replaced.
    const device = db.prepare(`INSERT INTO devices (code, kind, name, window, scope, token_hash, created_at) VALUES (@code, @kind, @name, @window, @scope, @token_hash, @created_at)
      ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, name = excluded.name, window = excluded.window, scope = excluded.scope`);
    for (const d of cfg.devices)
      device.run({ code: d.code, kind: d.kind, name: d.name, window: d.window ?? null, scope: d.scope ? JSON.stringify(d.scope) : null, token_hash: d.demoToken ? (secrets?.deviceTokenHashes.get(d.code) ?? hashDeviceToken(d.demoToken)) : null, created_at: now.toISOString() });

    for (const n of cfg.notices) upsertNotice(db, n);
  });
  run();
  return {
    departments: cfg.departments.length,
    queues: cfg.queues.length,
    items: cfg.items.length,
    windows: cfg.windows.length,
    staff: cfg.staff.length,
    devices: cfg.devices.length,
    notices: cfg.notices.length,
  };
}

/*
 * One upsert per entity, by its code, shared by writeHallConfig and the event replay
 * (server/store/replay/), so a column is written the same way on both paths.
 */

export function upsertDepartment(db: Db, d: Department): void {
  prepared(db, `INSERT INTO departments (code, name, phone, name_en, retired) VALUES (@code, @name, @phone, @name_en, @retired)
    ON CONFLICT(code) DO UPDATE SET name = excluded.name, phone = excluded.phone, name_en = excluded.name_en, retired = excluded.retired`).run({ code: d.code, name: d.name, phone: d.phone ?? null, name_en: d.nameEn ?? null, retired: d.retired ? 1 : 0 });
}

/** `position` orders the kiosk's list; without one a new queue goes last and an existing one keeps its place. */
export function upsertQueue(db: Db, q: Queue, position?: number): void {
  prepared(db, `INSERT INTO queues (code, name, prefix, config, active, position)
      VALUES (@code, @name, @prefix, @config, @active, COALESCE(@position, (SELECT COUNT(*) FROM queues)))
    ON CONFLICT(code) DO UPDATE SET name = excluded.name, prefix = excluded.prefix, config = excluded.config, active = excluded.active,
      position = CASE WHEN @position IS NULL THEN queues.position ELSE excluded.position END`).run({
    code: q.code, name: q.name, prefix: q.prefix, config: JSON.stringify(q), active: q.active ? 1 : 0, position: position ?? null,
  });
}

/** `position` as for queues. */
export function upsertItem(db: Db, i: ServiceItem, position?: number): void {
  prepared(db, `INSERT INTO items (code, name, department, queue, config, retired, position)
      VALUES (@code, @name, @department, @queue, @config, @retired, COALESCE(@position, (SELECT COUNT(*) FROM items)))
    ON CONFLICT(code) DO UPDATE SET name = excluded.name, department = excluded.department, queue = excluded.queue, config = excluded.config,
      retired = excluded.retired, position = CASE WHEN @position IS NULL THEN items.position ELSE excluded.position END`).run({
    code: i.code, name: i.name, department: i.department, queue: i.queue, config: JSON.stringify(i), retired: i.retired ? 1 : 0, position: position ?? null,
  });
}

export function upsertWindow(db: Db, w: WindowConfig): void {
  prepared(db, `INSERT INTO windows (number, name, department, config, retired) VALUES (@number, @name, @department, @config, @retired)
    ON CONFLICT(number) DO UPDATE SET name = excluded.name, department = excluded.department, config = excluded.config, retired = excluded.retired`).run({
    number: w.number, name: w.name, department: w.department ?? null, config: JSON.stringify(w), retired: w.retired ? 1 : 0,
  });
}

export function upsertNotice(db: Db, n: NoticeConfig): void {
  prepared(db, `INSERT INTO notices (code, text, targets, starts_at, ends_at) VALUES (@code, @text, @targets, @starts_at, @ends_at)
    ON CONFLICT(code) DO UPDATE SET text = excluded.text, targets = excluded.targets, starts_at = excluded.starts_at, ends_at = excluded.ends_at`).run({
    code: n.code, text: n.text, targets: JSON.stringify(n.targets), starts_at: n.startsAt ?? null, ends_at: n.endsAt ?? null,
  });
}

export function isHallConfigured(db: Db): boolean {
  return db.prepare("SELECT 1 FROM settings WHERE key = 'hall'").get() !== undefined;
}

/** Reads the live configuration back in the hall.yaml shape (password hashes, never plain passwords or tokens). */
export function readHallConfig(db: Db): HallConfig {
  const setting = (key: string) => JSON.parse((db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string }).value);
  const departments = (db.prepare('SELECT code, name, phone, name_en, retired FROM departments ORDER BY code').all() as {
    code: string; name: string; phone: string | null; name_en: string | null; retired: number;
  }[]).map((d) => ({ code: d.code, name: d.name, ...(d.phone ? { phone: d.phone } : {}), ...(d.name_en ? { nameEn: d.name_en } : {}), retired: d.retired === 1 }));
  const queues = (db.prepare('SELECT config, active FROM queues ORDER BY position, code').all() as { config: string; active: number }[]).map(
    (q) => Queue.parse({ ...JSON.parse(q.config), active: q.active === 1 }),
  );
  const items = (db.prepare('SELECT config, retired FROM items ORDER BY position, code').all() as { config: string; retired: number }[]).map(
    (i) => ServiceItem.parse({ ...JSON.parse(i.config), retired: i.retired === 1 }),
  );
  const windows = (db.prepare('SELECT config, retired FROM windows ORDER BY number').all() as { config: string; retired: number }[]).map(
    (w) => WindowConfig.parse({ ...JSON.parse(w.config), retired: w.retired === 1 }),
  );
  const staff = (db.prepare('SELECT badge, name, department, role, title, password_hash, retired FROM staff ORDER BY badge').all() as {
    badge: string; name: string; department: string | null; role: string; title: string | null; password_hash: string; retired: number;
  }[]).map((s) => ({
    badge: s.badge,
    name: s.name,
    ...(s.department ? { department: s.department } : {}),
    role: s.role,
    ...(s.title ? { title: s.title } : {}),
    passwordHash: s.password_hash,
    retired: s.retired === 1,
  }));
  const devices = (db.prepare('SELECT code, kind, name, window, scope FROM devices WHERE revoked = 0 ORDER BY code').all() as {
    code: string; kind: string; name: string; window: number | null; scope: string | null;
  }[]).map((d) => ({ code: d.code, kind: d.kind, name: d.name, ...(d.window !== null ? { window: d.window } : {}), ...(d.scope ? { scope: JSON.parse(d.scope) } : {}) }));
  const notices = (db.prepare('SELECT code, text, targets, starts_at, ends_at FROM notices WHERE retired = 0 ORDER BY code').all() as {
    code: string; text: string; targets: string; starts_at: string | null; ends_at: string | null;
  }[]).map((n) => ({
    code: n.code,
    text: n.text,
    targets: JSON.parse(n.targets),
    ...(n.starts_at ? { startsAt: n.starts_at } : {}),
    ...(n.ends_at ? { endsAt: n.ends_at } : {}),
  }));
  return HallConfig.parse({ hall: setting('hall'), rules: setting('rules'), departments, queues, items, windows, staff, devices, notices });
}
