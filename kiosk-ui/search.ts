import type { ItemInfo } from './hall-data.ts';

/**
 * Items whose Chinese name contains the query, or whose pinyin initials start with (or contain) the
 * letters typed: "bdc" finds 不动产登记. Name matches come first.
 */
export function searchItems(items: readonly ItemInfo[], query: string): ItemInfo[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const byName: ItemInfo[] = [];
  const byInitials: ItemInfo[] = [];
  const letters = /^[a-z0-9]+$/.test(q);
  for (const item of items) {
    if (item.name.toLowerCase().includes(q)) byName.push(item);
    else if (letters && (item.pinyinInitials ?? '').includes(q)) byInitials.push(item);
  }
  const starts = (i: ItemInfo) => ((i.pinyinInitials ?? '').startsWith(q) ? 0 : 1);
  byInitials.sort((a, b) => starts(a) - starts(b));
  return [...byName, ...byInitials];
}
