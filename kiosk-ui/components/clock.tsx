import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n/index.ts';

function parts(ms: number, timeZone: string) {
  const f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' });
  const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(p.weekday ?? 'Sun');
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, weekday };
}

/** Date, weekday and time in the hall's time zone, on the hall server's clock (offset given). */
export function Clock({ offset, timeZone }: { offset: number; timeZone: string }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const p = parts(now + offset, timeZone);
  return (
    <div class="clock">
      <span class="clock-time">{p.time}</span>
      <span class="clock-date">
        {p.date} {t(`common.weekday${p.weekday}` as 'common.weekday0')}
      </span>
    </div>
  );
}
