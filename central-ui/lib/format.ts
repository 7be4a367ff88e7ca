/** Times are shown in China Standard Time, the zone every hall of the platform runs in. */
const ZONE = 'Asia/Shanghai';

const timeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
const dateTimeFmt = new Intl.DateTimeFormat('zh-CN', { timeZone: ZONE, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
const dayFmt = new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

export const clockTime = (iso: string): string => timeFmt.format(new Date(iso));
export const shortDateTime = (iso: string): string => dateTimeFmt.format(new Date(iso));
/** YYYY-MM-DD of an instant in China Standard Time. */
export const chinaDay = (d: Date): string => dayFmt.format(d);

export const minutes = (v: number | null): string => (v === null ? '—' : v.toFixed(1));
export const percent = (v: number | null): string => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
