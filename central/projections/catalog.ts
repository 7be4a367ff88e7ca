import { configCode, withoutSecrets, type ConfigEntity } from '../../contract/config-events.ts';
import type { HallEvent } from '../../contract/events.ts';
import type { Sql, Statements } from './bulk.ts';

/**
 * The centre's copy of a hall's configuration (proj_catalog): departments, queues, items, windows,
 * staff, devices, notices, hall info and rules, from `config.seeded` and `config.changed`. Secrets are
 * stripped again here (the hall already strips them), so no password, token or webhook secret is kept
 * even if a hall sent one. Also answers the ticket projector's "which department?" as of each event.
 */
interface Entry {
  entity: string;
  code: string;
  value: Record<string, unknown>;
  retired: boolean;
  seq: number;
}

const LIST_ENTITIES = ['departments', 'queues', 'items', 'windows', 'staff', 'devices', 'notices'] as const;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export class CatalogProjector {
  private readonly changed = new Map<string, Entry>();
  private seededAt: number | null = null;
  /** item code → department, window number → department: as of the event being applied. */
  private readonly itemDept = new Map<string, string | null>();
  private readonly windowDept = new Map<string, string | null>();

  private constructor(private readonly hall: string) {}

  /** What the projector reads before a batch: the departments of items and windows. */
  static readSql(hall: string): Sql {
    return { text: `SELECT entity, code, value->>'department' AS department FROM proj_catalog WHERE hall = $1 AND entity IN ('items', 'windows')`, values: [hall] };
  }

  static fromRows(hall: string, rows: readonly { entity: string; code: string; department: string | null }[]): CatalogProjector {
    const p = new CatalogProjector(hall);
    for (const r of rows) (r.entity === 'items' ? p.itemDept : p.windowDept).set(r.code, r.department);
    return p;
  }

  departmentOf(item: string | null, window: number | null): string | null {
    return (item !== null ? this.itemDept.get(item) : undefined) ?? (window !== null ? this.windowDept.get(String(window)) : undefined) ?? null;
  }

  apply(e: HallEvent): void {
    if (e.type === 'config.seeded' && isRecord(e.data.config)) {
      const cfg = e.data.config;
      this.seededAt = e.seq;
      this.itemDept.clear();
      this.windowDept.clear();
      if (isRecord(cfg.hall)) this.put('hall', 'hall', cfg.hall, e.seq);
      if (isRecord(cfg.rules)) this.put('rules', 'rules', cfg.rules, e.seq);
      for (const entity of LIST_ENTITIES) {
        const list = cfg[entity];
        if (!Array.isArray(list)) continue;
        for (const v of list) if (isRecord(v)) this.put(entity, configCode(entity, v), v, e.seq);
      }
    } else if (e.type === 'config.changed' && typeof e.data.entity === 'string' && typeof e.data.code === 'string') {
      const value = isRecord(e.data.value) ? e.data.value : {};
      this.put(e.data.entity as ConfigEntity, e.data.code, value, e.seq, e.data.op === 'retire');
    }
  }

  private put(entity: ConfigEntity, code: string, raw: Record<string, unknown>, seq: number, retire = false): void {
    const value = withoutSecrets(entity, raw) as Record<string, unknown>;
    const retired = retire || value.retired === true;
    this.changed.set(`${entity}\u0000${code}`, { entity, code, value, retired, seq });
    const dept = typeof value.department === 'string' ? value.department : null;
    if (entity === 'items') this.itemDept.set(code, dept);
    if (entity === 'windows') this.windowDept.set(code, dept);
  }

  flush(s: Statements): void {
    // A seed (or a hall:import) replaces the configuration: what it does not name is retired.
    if (this.seededAt !== null) s.add('UPDATE proj_catalog SET retired = true WHERE hall = $1 AND seq < $2', [this.hall, this.seededAt]);
    s.bulk(
      `INSERT INTO proj_catalog (hall, entity, code, value, retired, seq)
       SELECT $2, x.entity, x.code, x.value, x.retired, x.seq FROM json_to_recordset($1::json) AS x(entity text, code text, value jsonb, retired boolean, seq bigint)
       ON CONFLICT (hall, entity, code) DO UPDATE SET value = excluded.value, retired = excluded.retired, seq = excluded.seq`,
      [...this.changed.values()],
      [this.hall],
    );
  }
}
