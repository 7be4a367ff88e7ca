import { fromHex } from '../rs485/hex.ts';
import type { CallerAction } from './actions.ts';

/**
 * USB callers that are not on the RS-485 bus: keypads that act as a keyboard (key names or key
 * codes as strings, from a browser or an input device) and keypads read as raw HID reports.
 * Pure mapping functions; reading the device is the transport's job.
 */

export interface HidKeypadEvent {
  /** The key name or code as delivered, or the matched report pattern. */
  key: string;
  /** Digits typed before a confirm key, "" otherwise. */
  digits: string;
  action: CallerAction | null;
}

export interface KeyboardKeypadMap {
  /** KeyboardEvent.key, KeyboardEvent.code or a decimal keyCode as a string → action. */
  keys: Readonly<Record<string, CallerAction>>;
  /** Keys that end a digit sequence and look it up in combos. */
  confirmKeys: readonly string[];
  combos: Readonly<Record<string, CallerAction>>;
  /** Keys that throw away typed digits. */
  cancelKeys: readonly string[];
  /** Digits kept while typing; older ones fall off. Default 3. */
  maxDigits?: number;
}

/** A starting point only: keyboard-style callers differ per vendor, halls set their own map. */
export const DEFAULT_KEYBOARD_KEYPAD_MAP: KeyboardKeypadMap = {
  keys: { F1: 'call', F2: 'recall', F3: 'evaluate', F4: 'pause', F5: 'transfer' },
  confirmKeys: ['Enter', 'NumpadEnter', '13'],
  combos: { '06': 'no_show', '00': 'suspend', '03': 'call_back', '6': 'no_show', '0': 'suspend', '3': 'call_back' },
  cancelKeys: ['Escape', 'Backspace', '27', '8'],
};

/** The digit a key stands for: "7", "Digit7", "Numpad7", keyCode "55" or "103"; otherwise null. */
export function digitOfKey(key: string): string | null {
  const named = /^(?:Digit|Numpad)?([0-9])$/.exec(key);
  if (named) return named[1] ?? null;
  if (/^\d{2,3}$/.test(key)) {
    const code = Number(key);
    if (code >= 48 && code <= 57) return String(code - 48);
    if (code >= 96 && code <= 105) return String(code - 96);
  }
  return null;
}

export interface KeyboardKeypadState {
  digits: string;
}

/** One key press: the next state and, when the key completes something, the event. */
export function reduceKeyboardKey(
  state: KeyboardKeypadState,
  key: string,
  map: KeyboardKeypadMap = DEFAULT_KEYBOARD_KEYPAD_MAP,
): { state: KeyboardKeypadState; event?: HidKeypadEvent } {
  if (Object.hasOwn(map.keys, key)) {
    return { state: { digits: '' }, event: { key, digits: state.digits, action: map.keys[key] ?? null } };
  }
  const digit = digitOfKey(key);
  if (digit !== null) {
    return { state: { digits: (state.digits + digit).slice(-(map.maxDigits ?? 3)) } };
  }
  if (map.confirmKeys.includes(key)) {
    const action = Object.hasOwn(map.combos, state.digits) ? (map.combos[state.digits] ?? null) : null;
    return { state: { digits: '' }, event: { key, digits: state.digits, action } };
  }
  if (map.cancelKeys.includes(key)) return { state: { digits: '' } };
  return { state };
}

/** Stateful wrapper for one keyboard-style keypad. */
export class KeyboardKeypad {
  private state: KeyboardKeypadState = { digits: '' };

  constructor(private readonly map: KeyboardKeypadMap = DEFAULT_KEYBOARD_KEYPAD_MAP) {}

  press(key: string): HidKeypadEvent | undefined {
    const next = reduceKeyboardKey(this.state, key, this.map);
    this.state = next.state;
    return next.event;
  }
}

/**
 * Raw HID report patterns: hex bytes with "??" wildcards, e.g. "02 ?? 05". A pattern matches a
 * report that starts with it (or equals it in length when exact).
 */
export interface HidReportRule {
  pattern: string;
  action: CallerAction;
  exact?: boolean;
}

interface CompiledRule {
  rule: HidReportRule;
  bytes: (number | null)[];
}

export type HidReportMatcher = (report: Uint8Array) => HidKeypadEvent | null;

/** Compiles the rules once (bad patterns throw here, at configuration time); first match wins. */
export function compileHidReportMap(rules: readonly HidReportRule[]): HidReportMatcher {
  const compiled: CompiledRule[] = rules.map((rule) => ({
    rule,
    bytes: rule.pattern.trim().split(/\s+/).map((token) => (token === '??' ? null : (fromHex(token)[0] ?? 0))),
  }));
  return (report) => {
    for (const { rule, bytes } of compiled) {
      if (report.length < bytes.length || (rule.exact && report.length !== bytes.length)) continue;
      if (bytes.every((b, i) => b === null || report[i] === b)) {
        return { key: rule.pattern, digits: '', action: rule.action };
      }
    }
    return null;
  };
}

/** HID usage IDs (keyboard page) of the keys keyboard-style callers use, named as KeyboardEvent.code. */
const USAGE_NAMES: Readonly<Record<number, string>> = (() => {
  const names: Record<number, string> = { 0x28: 'Enter', 0x29: 'Escape', 0x2a: 'Backspace', 0x58: 'NumpadEnter' };
  for (let i = 0; i < 9; i++) names[0x1e + i] = `Digit${i + 1}`;
  names[0x27] = 'Digit0';
  for (let i = 0; i < 12; i++) names[0x3a + i] = `F${i + 1}`;
  for (let i = 0; i < 9; i++) names[0x59 + i] = `Numpad${i + 1}`;
  names[0x62] = 'Numpad0';
  return names;
})();

export function usageName(usage: number): string {
  return USAGE_NAMES[usage] ?? `Usage${usage.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * Keys newly pressed between two 8-byte boot-keyboard reports (modifiers, reserved, six key slots),
 * named like KeyboardEvent.code so they feed reduceKeyboardKey.
 */
export function bootKeyboardPresses(previous: Uint8Array | undefined, report: Uint8Array): string[] {
  const held = new Set(previous ? Array.from(previous.subarray(2, 8)) : []);
  const pressed: string[] = [];
  for (const usage of report.subarray(2, 8)) {
    if (usage > 0x03 && !held.has(usage)) pressed.push(usageName(usage));
  }
  return pressed;
}
