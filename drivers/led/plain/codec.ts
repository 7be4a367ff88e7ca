import iconv from 'iconv-lite';
import type { NativeEffect } from '../types.ts';

/**
 * Generic serial LED modules that take one line of text per frame:
 * prefix | [address] | [area] | [effect bytes] | text (GB2312) | suffix.
 * Vendors differ, so every part is configuration; the defaults are only a starting point.
 */
export interface PlainLedProtocol {
  /** Bytes before each frame, default none. */
  prefix: readonly number[];
  /** Bytes ending each frame, default 0D 0A; must not be empty (it delimits frames). */
  suffix: readonly number[];
  /** How the module address is sent: not at all, one binary byte, or zero-padded ASCII digits. */
  address: { kind: 'none' } | { kind: 'byte' } | { kind: 'ascii'; digits: number };
  /** Send the area number as one byte after the address. Default false. */
  areaByte: boolean;
  /** Bytes sent before the text for each effect; a missing entry sends nothing. */
  effects: Partial<Record<NativeEffect['kind'] | 'scrollLeft' | 'scrollRight' | 'scrollUp' | 'scrollDown', readonly number[]>>;
  /** Whole frame body for "brightness n": these bytes then the level as one byte. Undefined: unsupported. */
  brightnessPrefix?: readonly number[] | undefined;
  /** Text encoding for iconv-lite, default gb2312. */
  encoding: string;
}

export const DEFAULT_PLAIN_PROTOCOL: PlainLedProtocol = {
  prefix: [],
  suffix: [0x0d, 0x0a],
  address: { kind: 'none' },
  areaByte: false,
  effects: {},
  encoding: 'gb2312',
};

export function plainProtocol(overrides: Partial<PlainLedProtocol> = {}): PlainLedProtocol {
  const protocol = { ...DEFAULT_PLAIN_PROTOCOL, ...overrides };
  if (protocol.suffix.length === 0) throw new Error('plain LED protocol needs a non-empty suffix to delimit frames');
  if (!iconv.encodingExists(protocol.encoding)) throw new Error(`unknown text encoding ${protocol.encoding}`);
  return protocol;
}

export interface PlainLedMessage {
  address?: number | undefined;
  area?: number | undefined;
  effect?: NativeEffect | undefined;
  text: string;
}

function effectKey(effect: NativeEffect | undefined): keyof PlainLedProtocol['effects'] | undefined {
  if (!effect) return undefined;
  if (effect.kind !== 'scroll') return effect.kind;
  const d = effect.direction ?? 'left';
  return `scroll${d[0]?.toUpperCase()}${d.slice(1)}` as 'scrollLeft';
}

export function addressBytes(protocol: PlainLedProtocol, address: number | undefined): Buffer {
  const a = protocol.address;
  if (a.kind === 'none') return Buffer.alloc(0);
  if (address === undefined) throw new Error('this plain LED protocol needs a module address');
  if (a.kind === 'byte') return Buffer.from([address & 0xff]);
  return Buffer.from(String(address).padStart(a.digits, '0'), 'ascii');
}

export function encodePlainText(protocol: PlainLedProtocol, message: PlainLedMessage): Buffer {
  const key = effectKey(message.effect);
  const effectBytes = (key && (protocol.effects[key] ?? (key.startsWith('scroll') ? protocol.effects.scroll : undefined))) ?? [];
  return Buffer.concat([
    Buffer.from(protocol.prefix),
    addressBytes(protocol, message.address),
    Buffer.from(protocol.areaByte ? [(message.area ?? 0) & 0xff] : []),
    Buffer.from(effectBytes),
    iconv.encode(message.text, protocol.encoding),
    Buffer.from(protocol.suffix),
  ]);
}

export function encodePlainBrightness(protocol: PlainLedProtocol, address: number | undefined, level: number): Buffer {
  if (!protocol.brightnessPrefix) throw new Error('brightness is not configured for this plain LED protocol');
  return Buffer.concat([
    Buffer.from(protocol.prefix),
    addressBytes(protocol, address),
    Buffer.from(protocol.brightnessPrefix),
    Buffer.from([Math.max(0, Math.min(255, Math.round(level)))]),
    Buffer.from(protocol.suffix),
  ]);
}
