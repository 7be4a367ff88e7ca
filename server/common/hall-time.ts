/** Local-time arithmetic in the hall's timezone, with Intl only (no date library needed). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalParts {
  date: string; // YYYY-MM-DD
  time: string; // HH:MM
  seconds: number; // seconds since local midnight
  weekday: number; // 1 = Monday … 7 = Sunday
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/**
 * Offsets change only on whole minutes in every real time zone, so a minute's local date, time and
 * weekday are computed once (Intl is slow) and the seconds are added arithmetically.
 */
const minuteCache = new Map<string, { minute: number; parts: LocalParts }>();

export function localParts(at: Date, timeZone: string): LocalParts {
  const ms = at.getTime();
  const minute = Math.floor(ms / 60_000);
  const hit = minuteCache.get(timeZone);
  if (hit?.minute === minute) return { ...hit.parts, seconds: hit.parts.seconds + Math.floor((ms - minute * 60_000) / 1000) };
  const parts = computeLocalParts(new Date(minute * 60_000), timeZone);
  minuteCache.set(timeZone, { minute, parts });
  return { ...parts, seconds: parts.seconds + Math.floor((ms - minute * 60_000) / 1000) };
}

function computeLocalParts(at: Date, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(at)) parts[p.type] = p.value;
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const second = Number(parts.second);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    seconds: hour * 3600 + minute * 60 + second,
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 1,
  };
}

export function businessDay(at: Date, timeZone: string): string {
  return localParts(at, timeZone).date;
}

/** Milliseconds until the next local midnight (at least 1 s, so a timer never spins). */
export function msUntilLocalMidnight(at: Date, timeZone: string): number {
  const { seconds } = localParts(at, timeZone);
  const ms = (86_400 - seconds) * 1000 - at.getMilliseconds();
  return Math.max(1000, ms);
}

/** Converts a local date + HH:MM in the hall's zone to an instant. */
export function localToInstant(date: string, time: string, timeZone: string): Date {
  // Guess as if UTC, then correct by the zone's offset at that instant (twice, for DST edges).
  let guess = new Date(`${date}T${time}:00Z`).getTime();
  for (let i = 0; i < 2; i++) {
    const p = localParts(new Date(guess), timeZone);
    const shown = new Date(`${p.date}T${p.time}:00Z`).getTime();
    guess += new Date(`${date}T${time}:00Z`).getTime() - shown;
  }
  return new Date(guess);
}
