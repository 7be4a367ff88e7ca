import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';
import type { ServerClock } from '../voice/server-clock.ts';

/** Date, weekday and time in the hall's timezone, by the server's clock (the PC's may be wrong). */
export function HallClock({ clock, timezone, compact = false }: { clock: ServerClock; timezone: string; compact?: boolean }) {
  const [now, setNow] = useState(() => clock.now() ?? Date.now());
  useEffect(() => {
    const id = setInterval(() => setNow(clock.now() ?? Date.now()), 500);
    return () => clearInterval(id);
  }, [clock]);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short', hourCycle: 'h23' })
      .formatToParts(new Date(now))
      .map((p) => [p.type, p.value]),
  );
  const weekday = ({ Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 } as Record<string, number>)[parts.weekday ?? ''] ?? 1;
  return (
    <div class={`hall-clock${compact ? ' compact' : ''}`}>
      <div class="hall-clock-time">{`${parts.hour}:${parts.minute}`}<span class="hall-clock-sec">{`:${parts.second}`}</span></div>
      <div class="hall-clock-date">
        {t('clock.date', { y: parts.year ?? '', m: parts.month ?? '', d: parts.day ?? '' })} {t(`weekday.${weekday}` as 'weekday.1')}
      </div>
    </div>
  );
}
