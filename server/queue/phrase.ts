const DIGITS_ZH = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const DIGITS_EN = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

export interface SpellOptions {
  /** A001 → A零零一 (default) rather than A一. */
  digitByDigit?: boolean;
  /** 一 read as 幺, as some halls do so it is not misheard as 七. */
  oneAsYao?: boolean;
}

/** Chinese reading of a whole number below 10 000, e.g. 105 → 一百零五; `leading` drops 一 before 十 (十五, not 一十五). */
function readBelow10k(n: number, leading = true): string {
  if (n === 0) return DIGITS_ZH[0]!;
  const units = ['', '十', '百', '千'];
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((d, i) => {
    const unit = units[digits.length - 1 - i]!;
    if (d === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += DIGITS_ZH[0];
    pendingZero = false;
    // 10–19 are read 十, 十一 … not 一十, unless they follow 万 (一万零一十).
    out += d === 1 && unit === '十' && out === '' && leading ? unit : `${DIGITS_ZH[d]}${unit}`;
  });
  return out;
}

/**
 * Chinese reading of a whole number, e.g. 105 → 一百零五, 10 010 → 一万零一十: a queue set to widen
 * past its width (numberOverflow: widen) may reach five digits.
 */
function readNumberZh(n: number): string {
  if (n < 10_000) return readBelow10k(n);
  const high = Math.floor(n / 10_000);
  const low = n % 10_000;
  const head = `${readNumberZh(high)}万`;
  if (low === 0) return head;
  return `${head}${low < 1000 ? DIGITS_ZH[0] : ''}${readBelow10k(low, false)}`;
}

/** "A001" → "A零零一": digits are read one by one by default, as halls announce them. */
export function spellTicketZh(number: string, options: SpellOptions = {}): string {
  const { digitByDigit = true, oneAsYao = false } = options;
  const spelled = digitByDigit
    ? [...number].map((c) => (/\d/.test(c) ? DIGITS_ZH[Number(c)] : c)).join('')
    : number.replace(/\d+/g, (m) => readNumberZh(Number(m)));
  return oneAsYao ? spelled.replaceAll('一', '幺') : spelled;
}

export function spellTicketEn(number: string): string {
  return [...number].map((c) => (/\d/.test(c) ? DIGITS_EN[Number(c)] : c)).join(' ');
}

export interface Phrases {
  zh: string;
  en: string;
}

export function announcement(templateZh: string, templateEn: string, number: string, window: number, options: SpellOptions = {}): Phrases {
  const fill = (t: string, ticket: string) => t.replaceAll('{ticket}', ticket).replaceAll('{window}', String(window));
  return { zh: fill(templateZh, spellTicketZh(number, options)), en: fill(templateEn, spellTicketEn(number)) };
}
