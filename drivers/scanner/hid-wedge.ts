/**
 * USB HID keyboard mode ("keyboard wedge"): the scanner types the code as boot-keyboard reports of
 * 8 bytes (modifiers, reserved, six key usages). A key counts when it appears in a report that did
 * not hold it before, so "11" arrives as press, release, press. The shift state comes from the
 * modifier byte of the report that pressed the key. US layout, which is what scanners emit (protocols.md §6).
 */

const LEFT_SHIFT = 0x02;
const RIGHT_SHIFT = 0x20;

/** Usage → [unshifted, shifted] for the keys a scanner types. */
const KEYS: Readonly<Record<number, readonly [string, string]>> = (() => {
  const keys: Record<number, readonly [string, string]> = {};
  for (let i = 0; i < 26; i++) {
    const c = String.fromCharCode(0x61 + i);
    keys[0x04 + i] = [c, c.toUpperCase()];
  }
  const digits = '1234567890';
  const shifted = '!@#$%^&*()';
  for (let i = 0; i < 10; i++) keys[0x1e + i] = [digits[i]!, shifted[i]!];
  const rest: [number, string, string][] = [
    [0x2c, ' ', ' '],
    [0x2d, '-', '_'],
    [0x2e, '=', '+'],
    [0x2f, '[', '{'],
    [0x30, ']', '}'],
    [0x31, '\\', '|'],
    [0x33, ';', ':'],
    [0x34, "'", '"'],
    [0x35, '`', '~'],
    [0x36, ',', '<'],
    [0x37, '.', '>'],
    [0x38, '/', '?'],
    [0x54, '/', '/'],
    [0x55, '*', '*'],
    [0x56, '-', '-'],
    [0x57, '+', '+'],
    [0x63, '.', '.'],
  ];
  for (const [u, a, b] of rest) keys[u] = [a, b];
  for (let i = 0; i < 9; i++) keys[0x59 + i] = [String(i + 1), String(i + 1)];
  keys[0x62] = ['0', '0'];
  return keys;
})();

/** Usages that end a code: Enter, keypad Enter, Tab. */
const ENTER = new Set([0x28, 0x58]);
const TAB = 0x2b;

export type WedgeKey = { kind: 'char'; char: string } | { kind: 'enter' } | { kind: 'tab' } | { kind: 'other'; usage: number };

/** Keys newly pressed in `report` (compared with the report before it), as characters. */
export function wedgeKeys(previous: Uint8Array | undefined, report: Uint8Array, capsLock = false): WedgeKey[] {
  if (report.length < 3) return [];
  const held = new Set(previous && previous.length >= 3 ? Array.from(previous.subarray(2, 8)) : []);
  const shift = ((report[0] ?? 0) & (LEFT_SHIFT | RIGHT_SHIFT)) !== 0;
  const out: WedgeKey[] = [];
  for (const usage of report.subarray(2, 8)) {
    // 0x00 none, 0x01–0x03 error rollover / POST fail / undefined.
    if (usage <= 0x03 || held.has(usage)) continue;
    if (ENTER.has(usage)) out.push({ kind: 'enter' });
    else if (usage === TAB) out.push({ kind: 'tab' });
    else {
      const pair = KEYS[usage];
      if (!pair) {
        out.push({ kind: 'other', usage });
        continue;
      }
      const letter = usage >= 0x04 && usage <= 0x1d;
      const upper = letter ? shift !== capsLock : shift;
      out.push({ kind: 'char', char: upper ? pair[1] : pair[0] });
    }
  }
  return out;
}

/** The reports a keyboard-mode scanner sends for a text (press, release per character), for simulators and tests. */
export function wedgeReports(text: string, end: 'enter' | 'tab' | 'none' = 'enter'): Uint8Array[] {
  const reverse = new Map<string, { usage: number; shift: boolean }>();
  for (const [u, [a, b]] of Object.entries(KEYS)) {
    const usage = Number(u);
    if (usage >= 0x54) continue; // prefer the main block over the keypad, as scanners do
    if (!reverse.has(a)) reverse.set(a, { usage, shift: false });
    if (!reverse.has(b)) reverse.set(b, { usage, shift: true });
  }
  const reports: Uint8Array[] = [];
  const press = (usage: number, shift: boolean) => {
    const r = new Uint8Array(8);
    r[0] = shift ? LEFT_SHIFT : 0;
    r[2] = usage;
    reports.push(r, new Uint8Array(8));
  };
  for (const ch of text) {
    const key = reverse.get(ch);
    if (!key) throw new RangeError(`a keyboard-mode scanner cannot type ${JSON.stringify(ch)}`);
    press(key.usage, key.shift);
  }
  if (end === 'enter') press(0x28, false);
  if (end === 'tab') press(TAB, false);
  return reports;
}

