/**
 * Synthetic resident ID numbers (GB 11643 layout, valid check digit) for the simulator's citizens at
 * queues that require one. They name nobody: the hall keeps only their keyed hash and masked form.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function syntheticIdNumber(random: () => number, area = '530830'): string {
  const year = 1950 + Math.floor(random() * 55);
  const month = 1 + Math.floor(random() * 12);
  const day = 1 + Math.floor(random() * 28);
  const order = String(Math.floor(random() * 1000)).padStart(3, '0');
  const body = `${area}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${order}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i]!;
  return body + CHECK[sum % 11]!;
}
