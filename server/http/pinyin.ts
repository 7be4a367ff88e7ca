import { pinyin } from 'pinyin-pro';

const cache = new Map<string, string>();

/**
 * Pinyin initials of an item name (不动产登记 → bdcdj), so a kiosk can search by initials without
 * shipping a dictionary to the browser. Letters and digits in the name are kept as they are.
 */
export function pinyinInitials(name: string): string {
  let hit = cache.get(name);
  if (hit === undefined) {
    hit = pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
      .join('')
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    if (cache.size > 5000) cache.clear();
    cache.set(name, hit);
  }
  return hit;
}
