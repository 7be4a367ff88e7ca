/**
 * 张三 → 张*, 张三丰 → 张*丰, 欧阳娜娜 → 欧**娜: what a supervisor's console shows of a staff member's
 * name (the hall's own rule; central/ imports no hall code, so it is restated here).
 */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length === 0) return '';
  if (chars.length === 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
