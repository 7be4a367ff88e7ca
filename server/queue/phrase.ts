const DIGITS_ZH = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const DIGITS_EN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/** "A001" → "A零零一": digits are read one by one, as halls announce them, so 001 is never "一". */
export function spellTicketZh(number: string): string {
  return [...number].map((c) => (/\d/.test(c) ? DIGITS_ZH[Number(c)] : c)).join('');
}

export function spellTicketEn(number: string): string {
  return [...number].map((c) => (/\d/.test(c) ? DIGITS_EN[Number(c)] : c)).join(' ');
}

export interface Phrases {
  zh: string;
  en: string;
}

export function announcement(templateZh: string, templateEn: string, number: string, window: number): Phrases {
  const fill = (t: string, ticket: string) => t.replaceAll('{ticket}', ticket).replaceAll('{window}', String(window));
  return { zh: fill(templateZh, spellTicketZh(number)), en: fill(templateEn, spellTicketEn(number)) };
}
