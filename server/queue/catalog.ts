import { HallInfo, Queue, Rules, ServiceItem, WindowConfig, Department } from '../../contract/config.ts';
import type { Db } from '../store/db.ts';

/**
 * The hall's configuration as the engine reads it, loaded from the database once and reloaded after
 * any admin change, so hot paths (issue, call) never parse JSON.
 */
export interface Catalog {
  hall: HallInfo;
  rules: Rules;
  departments: Map<string, Department>;
  queues: Map<string, Queue & { position: number }>;
  items: Map<string, ServiceItem>;
  windows: Map<number, WindowConfig>;
  /** Open-window capacity lookups: queue code → window numbers serving it. */
  windowsByQueue: Map<string, number[]>;
}

export function loadCatalog(db: Db): Catalog {
  const setting = (key: string): unknown => {
    const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  };
  const hallRaw = setting('hall');
  if (!hallRaw) throw new Error('the hall is not configured yet (no hall settings in the database)');
  const hall = HallInfo.parse(hallRaw);
  const rules = Rules.parse(setting('rules') ?? {});

  const departments = new Map<string, Department>();
  for (const r of db.prepare('SELECT code, name, phone, name_en, retired FROM departments').all() as {
    code: string; name: string; phone: string | null; name_en: string | null; retired: number;
  }[]) {
    departments.set(r.code, Department.parse({ code: r.code, name: r.name, phone: r.phone ?? undefined, nameEn: r.name_en ?? undefined, retired: r.retired === 1 }));
  }

  const queues = new Map<string, Queue & { position: number }>();
  for (const r of db.prepare('SELECT code, config, active, position FROM queues ORDER BY position, code').all() as {
    code: string; config: string; active: number; position: number;
  }[]) {
    queues.set(r.code, { ...Queue.parse({ ...JSON.parse(r.config), active: r.active === 1 }), position: r.position });
  }

  const items = new Map<string, ServiceItem>();
  for (const r of db.prepare('SELECT config, retired FROM items ORDER BY position, code').all() as {
    config: string; retired: number;
  }[]) {
    const item = ServiceItem.parse({ ...JSON.parse(r.config), retired: r.retired === 1 });
    items.set(item.code, item);
  }

  const windows = new Map<number, WindowConfig>();
  const windowsByQueue = new Map<string, number[]>();
  for (const r of db.prepare('SELECT config, retired FROM windows ORDER BY number').all() as {
    config: string; retired: number;
  }[]) {
    const w = WindowConfig.parse({ ...JSON.parse(r.config), retired: r.retired === 1 });
    windows.set(w.number, w);
    if (w.retired) continue;
    for (const q of w.queues) windowsByQueue.set(q, [...(windowsByQueue.get(q) ?? []), w.number]);
  }
  return { hall, rules, departments, queues, items, windows, windowsByQueue };
}
