import type { HallEvent } from '../../contract/events.ts';
import type { Statements } from './bulk.ts';

/**
 * Device health: each device's current state (proj_device_health) and its faults by day
 * (proj_device_faults), from `device.fault` and `device.recovered`.
 */
interface Health {
  device: string;
  kind: string | null;
  place: string | null;
  state: 'fault' | 'ok';
  reason: string | null;
  since: string;
  faults: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export class DeviceProjector {
  private readonly health = new Map<string, Health>();
  private readonly faults: { day: string; device: string; at: string; reason: string | null; recovered_at: string | null }[] = [];
  private readonly recoveries: { device: string; at: string }[] = [];

  constructor(private readonly hall: string) {}

  apply(e: HallEvent): void {
    if (e.type !== 'device.fault' && e.type !== 'device.recovered') return;
    const device = str(e.data.device);
    if (!device) return;
    const prev = this.health.get(device);
    const fault = e.type === 'device.fault';
    this.health.set(device, {
      device,
      kind: str(e.data.kind) ?? prev?.kind ?? null,
      place: str(e.data.place) ?? prev?.place ?? null,
      state: fault ? 'fault' : 'ok',
      reason: fault ? str(e.data.reason) : null,
      since: e.at,
      faults: (prev?.faults ?? 0) + (fault ? 1 : 0),
    });
    if (fault) this.faults.push({ day: e.day, device, at: e.at, reason: str(e.data.reason), recovered_at: null });
    else {
      const open = [...this.faults].reverse().find((f) => f.device === device && !f.recovered_at);
      if (open) open.recovered_at = e.at;
      else this.recoveries.push({ device, at: e.at });
    }
  }

  flush(s: Statements): void {
    s.bulk(
      `INSERT INTO proj_device_health (hall, device, kind, place, state, reason, since, faults)
       SELECT $2, x.* FROM json_to_recordset($1::json)
         AS x(device text, kind text, place text, state text, reason text, since timestamptz, faults integer)
       ON CONFLICT (hall, device) DO UPDATE SET kind = COALESCE(excluded.kind, proj_device_health.kind), place = COALESCE(excluded.place, proj_device_health.place), state = excluded.state,
         reason = excluded.reason, since = excluded.since, faults = proj_device_health.faults + excluded.faults`,
      [...this.health.values()],
      [this.hall],
    );
    // Recoveries of faults raised in an earlier batch.
    for (const r of this.recoveries) {
      s.add(
        'UPDATE proj_device_faults SET recovered_at = $3 WHERE hall = $1 AND device = $2 AND recovered_at IS NULL AND at <= $3',
        [this.hall, r.device, r.at],
      );
    }
    s.bulk(
      `INSERT INTO proj_device_faults (hall, day, device, at, reason, recovered_at)
       SELECT $2, x.* FROM json_to_recordset($1::json) AS x(day date, device text, at timestamptz, reason text, recovered_at timestamptz)
       ON CONFLICT (hall, day, device, at) DO NOTHING`,
      this.faults,
      [this.hall],
    );
  }
}
