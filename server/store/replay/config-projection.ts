import { randomBytes } from 'node:crypto';
import { Department, HallInfo, NoticeConfig, Queue, Rules, ServiceItem, WindowConfig, type HallConfig } from '../../../contract/config.ts';
import { ConfigChangedData, ConfigSeededData, DeviceEntity, StaffEntity, WebhookEntity } from '../../../contract/config-events.ts';
import type { HallEvent } from '../../../contract/events.ts';
import type { Db } from '../db.ts';
import { upsertDepartment, upsertItem, upsertNotice, upsertQueue, upsertWindow, writeHallConfig } from '../hall-config-store.ts';
import { writeSetting } from '../settings-store.ts';

/**
 * The password hash a replayed staff member gets: not a hash the password check can ever match, so a
 * rebuilt hall has no working staff password until an admin resets one.
 */
export const REPLAYED_PASSWORD_HASH = '!replayed';

/** `config.seeded`: the whole configuration, written the way seeding and `hall:import` write it. */
export function applyConfigSeeded(db: Db, e: HallEvent): void {
  const { config } = ConfigSeededData.parse(e.data);
  const cfg: HallConfig = {
    ...config,
    staff: config.staff.map((s) => ({ ...s, passwordHash: REPLAYED_PASSWORD_HASH })),
    devices: config.devices,
  };
  writeHallConfig(db, cfg, new Date(e.at));
}

/** `settings.changed`: a JSON setting (alert thresholds, 差评 deadlines, webhook retries) and its new value. */
export function applySettingChanged(db: Db, e: HallEvent): void {
  const { key, value } = e.data as { key?: unknown; value?: unknown };
  if (typeof key !== 'string' || ['business_day', 'hall', 'rules'].includes(key)) return;
  writeSetting(db, key, value);
}

/** `config.changed`: one entity upserted from its value after the change, or retired by its code. */
export function applyConfigChanged(db: Db, e: HallEvent): void {
  const change = ConfigChangedData.parse(e.data);
  const { entity, code, op } = change;
  const value = change.value ?? null;
  switch (entity) {
    case 'hall':
      if (value !== null) writeSetting(db, 'hall', HallInfo.parse(value));
      return;
    case 'rules':
      if (value !== null) writeSetting(db, 'rules', Rules.parse(value));
      return;
    case 'departments': {
      if (value !== null) {
        upsertDepartment(db, Department.parse(value));
      }
      if (op === 'retire') db.prepare('UPDATE departments SET retired = 1 WHERE code = ?').run(code);
      return;
    }
    case 'queues': {
      if (value !== null) {
        upsertQueue(db, Queue.parse(value));
      } else if (op === 'retire') {
        retireInConfig(db, 'queues', 'code', code, 'active', false);
      }
      return;
    }
    case 'items': {
      if (value !== null) {
        upsertItem(db, ServiceItem.parse(value));
      } else if (op === 'retire') {
        retireInConfig(db, 'items', 'code', code, 'retired', true);
      }
      return;
    }
    case 'windows': {
      if (value !== null) {
        upsertWindow(db, WindowConfig.parse(value));
      } else if (op === 'retire') {
        retireInConfig(db, 'windows', 'number', Number(code), 'retired', true);
      }
      return;
    }
    case 'staff': {
      if (value !== null) {
        const s = StaffEntity.parse(value);
        db.prepare(`INSERT INTO staff (badge, name, department, role, title, password_hash, retired)
            VALUES (@badge, @name, @department, @role, @title, @password_hash, @retired)
          ON CONFLICT(badge) DO UPDATE SET name = excluded.name, department = excluded.department, role = excluded.role, title = excluded.title,
            retired = excluded.retired`).run({
          badge: s.badge, name: s.name, department: s.department ?? null, role: s.role, title: s.title ?? null,
          password_hash: REPLAYED_PASSWORD_HASH, retired: s.retired ? 1 : 0,
        });
      }
      if (op === 'retire' && value === null) db.prepare('UPDATE staff SET retired = 1 WHERE badge = ?').run(code);
      return;
    }
    case 'devices': {
      if (value !== null) {
        const d = DeviceEntity.parse(value);
        db.prepare(`INSERT INTO devices (code, kind, name, window, scope, created_at) VALUES (@code, @kind, @name, @window, @scope, @created_at)
          ON CONFLICT(code) DO UPDATE SET kind = excluded.kind, name = excluded.name, window = excluded.window, scope = excluded.scope`).run({
          code: d.code, kind: d.kind, name: d.name, window: d.window ?? null, scope: d.scope ? JSON.stringify(d.scope) : null, created_at: e.at,
        });
      }
      if (op === 'retire') db.prepare('UPDATE devices SET revoked = 1, token_hash = NULL WHERE code = ?').run(code);
      return;
    }
    case 'notices': {
      if (value !== null) {
        upsertNotice(db, NoticeConfig.parse(value));
      }
      if (op === 'retire') db.prepare('UPDATE notices SET retired = 1 WHERE code = ?').run(code);
      return;
    }
    case 'webhooks': {
      if (value !== null) {
        const w = WebhookEntity.parse(value);
        // The secret never travels: a rebuilt hall signs with a random key nobody holds until an admin sets one.
        db.prepare(`INSERT INTO webhooks (id, url, events, secret, description, active, created_at, updated_at)
            VALUES (@id, @url, @events, @secret, @description, @active, @created_at, @updated_at)
          ON CONFLICT(id) DO UPDATE SET url = excluded.url, events = excluded.events, description = excluded.description, active = excluded.active,
            updated_at = excluded.updated_at`).run({
          id: w.id, url: w.url, events: JSON.stringify(w.events), secret: randomBytes(32).toString('hex'), description: w.description,
          active: w.active ? 1 : 0, created_at: w.createdAt, updated_at: w.updatedAt,
        });
      }
      // A webhook owes nothing of the past: its first event is the one announcing it.
      if (op === 'create') db.prepare('UPDATE webhooks SET from_seq = ? WHERE id = ?').run(e.seq - 1, Number(code));
      if (op === 'retire') {
        db.prepare('UPDATE webhooks SET retired = 1, active = 0 WHERE id = ?').run(Number(code));
        if (value === null) db.prepare('UPDATE webhooks SET updated_at = ? WHERE id = ?').run(e.at, Number(code));
      }
      return;
    }
  }
}

/** A retirement announced by code only: the flag column and the same flag inside the JSON config. */
function retireInConfig(db: Db, table: 'queues' | 'items' | 'windows', key: string, code: string | number, flag: 'active' | 'retired', to: boolean): void {
  const row = db.prepare(`SELECT config FROM ${table} WHERE ${key} = ?`).get(code) as { config: string } | undefined;
  if (!row) return;
  const config = { ...(JSON.parse(row.config) as Record<string, unknown>), [flag]: to };
  db.prepare(`UPDATE ${table} SET ${flag} = ?, config = ? WHERE ${key} = ?`).run(to ? 1 : 0, JSON.stringify(config), code);
}
