/**
 * Times are stored as UTC ISO strings and shown in the hall's own timezone, whatever the desk PC's
 * clock zone is, so a supervisor in another office reads the same times the hall does.
 */
let zone = 'Asia/Shanghai';

export function setHallZone(tz: string): void {
  zone = tz;
}

export function hallZone(): string {
  return zone;
}

function parts(date: Date): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(date))
    out[p.type] = p.value;
  return out;
}

/** 2026-11-30 10:05 */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** 10:05:09 */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = parts(d);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** The hall's calendar date of an instant, as YYYY-MM-DD. */
export function hallDate(at: Date): string {
  const p = parts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A datetime-local value read as hall time ("2026-11-30T09:00") → UTC ISO; '' stays ''. */
export function hallLocalToIso(local: string): string {
  if (!local) return '';
  const m = local.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/);
  if (!m) return local;
  const asUtc = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!);
  // The zone's offset at that moment: format the UTC guess in the zone and see how far it moved.
  const p = parts(new Date(asUtc));
  const shown = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!);
  return new Date(asUtc - (shown - asUtc)).toISOString();
}

/** UTC ISO → a datetime-local value in hall time. */
export function isoToHallLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}
