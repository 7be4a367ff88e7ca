import type { Period } from '../../contract/config.ts';

export interface GridSlot {
  start: string;
  end: string;
}

const toMinutes = (hhmm: string) => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  return h * 60 + m;
};
const toHhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * The appointment slots of a day: each regular period cut into slots of `slotMinutes` from its start;
 * a remainder shorter than a slot is not bookable. 08:30–12:00 by 30 → 08:30, 09:00 … 11:30.
 * This grid is the only set of starts a booking may use (an off-grid start would make a slot of its own).
 */
export function slotGrid(periods: readonly Period[], slotMinutes: number): GridSlot[] {
  const slots: GridSlot[] = [];
  for (const p of periods) {
    const end = toMinutes(p.end);
    for (let t = toMinutes(p.start); t + slotMinutes <= end; t += slotMinutes) slots.push({ start: toHhmm(t), end: toHhmm(t + slotMinutes) });
  }
  return slots.sort((a, b) => a.start.localeCompare(b.start));
}
