import iconv from 'iconv-lite';

/** Replaces {name} placeholders; unknown placeholders stay as written so mistakes are visible. */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

/** Width in half-width cells as LED controllers count it: GB2312 bytes (a Chinese character is two). */
export function displayWidth(text: string): number {
  return iconv.encode(text, 'gb2312').length;
}
