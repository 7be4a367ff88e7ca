import { locale } from './i18n/index.ts';

/**
 * English mode shows the catalogue's English texts (the optional `…En` fields of departments, items,
 * queues and materials) and falls back to the Chinese text where the hall wrote none. Read by name so
 * a catalogue without English texts needs nothing.
 */
export function localText<T extends object>(entity: T, field: keyof T & string): string {
  const zh = entity[field];
  const base = typeof zh === 'string' ? zh : '';
  if (locale.value !== 'en') return base;
  const en = (entity as Record<string, unknown>)[`${field}En`];
  return typeof en === 'string' && en.trim() !== '' ? en : base;
}

/** The name to show for a department, item or queue in the current language. */
export function nameOf(entity: { name: string }): string {
  return localText(entity, 'name');
}

/** A masked form for the confirm screen of what was typed: the last four characters of the number. */
export function maskTypedId(idNumber: string): string {
  return '*'.repeat(Math.max(0, idNumber.length - 4)) + idNumber.slice(-4);
}

/** 张*丰, 李*, * — the hall's rule for names on a screen others may see. */
export function maskTypedName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return chars.length ? '*' : '';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}
