import { z } from 'zod';

/**
 * The devices file (config/devices.yaml): the hardware of one machine. Ports and addresses belong to
 * the machine, not to the hall database (DESIGN.md §5), so the hall server and the device agent on a
 * kiosk PC each read a file of this shape. This schema checks the structure and the ownership rules;
 * the loader (agent/config/devices-file.ts) also checks each transport block against the drivers.
 */

/** `simulated: true` wires the device to an in-process simulator (demo mode); otherwise a drivers/transport spec. */
export const TransportBlock = z.union([
  z.strictObject({ simulated: z.literal(true) }),
  z.looseObject({ type: z.string() }),
]);
export type TransportBlock = z.infer<typeof TransportBlock>;

const Bus = z.strictObject({
  name: z.string().min(1).max(32),
  transport: TransportBlock,
  /** Quiet time between frames on the half-duplex wire, default 20 ms. */
  interFrameGapMs: z.number().int().min(0).max(1000).optional(),
});

const OnbonArea = z.strictObject({
  x: z.number().int().min(0),
  y: z.number().int().min(0),
  width: z.number().int().min(8),
  height: z.number().int().min(8),
});

/**
 * Bytes of a frame, written either as a YAML string (each character one byte, so escapes such as
 * "\x02" or "\r\n" work, and plain ASCII like "!#" too) or as a list of numbers ([0x02] or [2]).
 */
export const FrameBytes = z.union([
  z.string().max(32).refine((s) => [...s].every((c) => c.charCodeAt(0) <= 0xff), 'each character must be one byte (\\x00–\\xFF); write other bytes as a list of numbers'),
  z.array(z.number().int().min(0).max(255)).max(32),
]);
export type FrameBytes = z.infer<typeof FrameBytes>;

/** The bytes of a FrameBytes value. */
export function frameBytes(value: FrameBytes): number[] {
  return typeof value === 'string' ? [...value].map((c) => c.charCodeAt(0)) : [...value];
}

const PlainEffect = z.enum(['static', 'typeOut', 'scroll', 'scrollLeft', 'scrollRight', 'scrollUp', 'scrollDown']);

const LedOptions = z.strictObject({
  /** Screen size in pixels, used for the default single area. Default 128 × 32. */
  width: z.number().int().min(8).max(4096).optional(),
  height: z.number().int().min(8).max(1024).optional(),
  /** Onbon dynamic areas by number; default one area covering the screen. */
  areas: z.record(z.string().regex(/^\d+$/), OnbonArea).optional(),
  /** Window LED: text next to the number (default: the window's name from the hall), template, flash time. */
  text: z.string().max(60).optional(),
  template: z.string().max(60).optional(),
  flashSeconds: z.number().min(0).max(120).optional(),
  /** Strip LED: calls shown, call template, scroll speed 0 (fast) … 18. */
  maxCalls: z.number().int().min(0).max(20).optional(),
  callTemplate: z.string().max(60).optional(),
  speed: z.number().int().min(0).max(18).optional(),
  /**
   * Plain LEDs: the frame is prefix | address | [area byte] | [effect bytes] | GB2312 text | suffix.
   * Defaults: no prefix, suffix "\r\n"; the address is sent when one is given, as ASCII digits
   * (`addressing: ascii`, `addressDigits` wide, default 2) or as one byte (`addressing: byte`).
   */
  prefix: FrameBytes.optional(),
  suffix: FrameBytes.optional(),
  addressing: z.enum(['none', 'byte', 'ascii']).optional(),
  addressDigits: z.number().int().min(1).max(5).optional(),
  areaByte: z.boolean().optional(),
  effects: z.partialRecord(PlainEffect, FrameBytes).optional(),
  /**
   * Onbon: `oneWay: true` for controllers that never reply (frames are sent, no reply is awaited and
   * none is missed); the reply wait otherwise (default 1000 ms); and the retry back-off of a screen in
   * fault, which is sent its current text again until it answers (default 1 s doubling to 60 s).
   */
  oneWay: z.boolean().optional(),
  replyTimeoutMs: z.number().int().min(50).max(30_000).optional(),
  retry: z.strictObject({ initialMs: z.number().int().min(100).max(600_000), maxMs: z.number().int().min(100).max(3_600_000) }).optional(),
});

const PLAIN_ONLY = ['prefix', 'suffix', 'addressing', 'addressDigits', 'areaByte', 'effects'] as const;
const ONBON_ONLY = ['oneWay', 'replyTimeoutMs', 'retry', 'areas'] as const;
const PRINTER_ONLY = ['paperWidth', 'statusSupported', 'statusTimeoutMs', 'cut', 'qrSize', 'chineseSize'] as const;

/** The scanner's interface mode and framing; every default is the common factory setting. */
const ScannerOptions = z.strictObject({
  /** serial: USB virtual COM / RS-232 (give a serial transport); hid: USB keyboard mode (give a hid transport). */
  interface: z.enum(['serial', 'hid']).optional(),
  /** The suffix after each code (default CR). */
  terminator: z.enum(['CR', 'CRLF', 'LF', 'TAB', 'none']).optional(),
  /** With terminator none: the pause that ends a code, ms (default 80). */
  idleMs: z.number().int().min(10).max(2000).optional(),
  /** Strip an AIM symbology identifier such as ]Q1 (default true). */
  stripAim: z.boolean().optional(),
  /** The same code again within this many ms is one scan (default 2000). */
  repeatWindowMs: z.number().int().min(0).max(60_000).optional(),
});

const Level = z.enum(['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied']);
const Action = z.enum(['call', 'recall', 'evaluate', 'pause', 'transfer', 'no_show', 'suspend', 'call_back']);

const Device = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." and "-" only'),
  kind: z.enum(['idcard', 'printer', 'caller', 'evaluator', 'led-window', 'led-strip', 'scanner']),
  /** LED screens: onbon (BX-5K/6K) or plain (line-protocol modules). Default onbon. */
  protocol: z.enum(['onbon', 'plain']).optional(),
  /** Its own port; devices sharing an RS-485 line name a bus instead. */
  transport: TransportBlock.optional(),
  bus: z.string().min(1).max(32).optional(),
  /** FF68 address (callers, evaluators), screen address (Onbon) or module address (plain). */
  address: z.number().int().min(0).max(0xffff).optional(),
  /** What it belongs to: a kiosk code, a window number, or a strip name. */
  kiosk: z.string().min(1).max(32).optional(),
  window: z.number().int().min(1).max(9999).optional(),
  strip: z.string().min(1).max(32).optional(),
  /** Printer: paper width in mm and whether it answers DLE EOT. */
  paperWidth: z.union([z.literal(58), z.literal(80)]).optional(),
  statusSupported: z.boolean().optional(),
  /** Printer: how long each DLE EOT reply is awaited (default 1000 ms). */
  statusTimeoutMs: z.number().int().min(100).max(60_000).optional(),
  /** Printer: cut at the end of a ticket: full, partial (default; many 58 mm printers cut only partially) or none (tear-off). */
  cut: z.enum(['full', 'partial', 'none']).optional(),
  /** Printer: QR module size in dots, 1–16 (default 6). */
  qrSize: z.number().int().min(1).max(16).optional(),
  /**
   * Printer: how enlarged Chinese text is sized: `gs` (GS ! only), `fs` (FS ! for Chinese characters,
   * for printers that ignore GS ! on them) or `both` (default: GS ! then FS !).
   */
  chineseSize: z.enum(['gs', 'fs', 'both']).optional(),
  /** Caller keypad: key code → action overrides (e.g. { "0C": call }), plus the USB keypad report rules. */
  keys: z.record(z.string().regex(/^[0-9A-Fa-f]{2}$/), Action).optional(),
  hidReports: z.array(z.strictObject({ pattern: z.string().min(2).max(200), action: Action, exact: z.boolean().optional() })).optional(),
  /** Evaluator: value → level map (null: no rating), for evaluators with their own key layout. */
  levels: z.record(z.string().regex(/^\d+$/), Level.nullable()).optional(),
  led: LedOptions.optional(),
  /** QR / barcode scanner (protocols.md §6): how it was set up with its configuration barcodes. */
  scanner: ScannerOptions.optional(),
});

type DeviceEntryShape = z.infer<typeof Device>;

/** How a plain LED sends its address: as configured, else ASCII digits when it has one, else not at all. */
export function plainAddressing(d: Pick<DeviceEntryShape, 'address' | 'led'>): 'none' | 'byte' | 'ascii' {
  return d.led?.addressing ?? (d.address !== undefined ? 'ascii' : 'none');
}

export const DevicesFile = z
  .strictObject({
    /** Treat every transport as simulated (a demo on a machine whose file lists real ports). */
    simulated: z.boolean().default(false),
    buses: z.array(Bus).default([]),
    devices: z.array(Device).default([]),
  })
  .superRefine((cfg, ctx) => {
    const buses = new Set<string>();
    cfg.buses.forEach((b, i) => {
      if (buses.has(b.name)) ctx.addIssue({ code: 'custom', path: ['buses', i, 'name'], message: `duplicate bus ${b.name}` });
      buses.add(b.name);
    });
    const ids = new Set<string>();
    const owners = new Map<string, string>();
    const plainOnLine = new Map<string, DeviceEntryShape[]>();
    cfg.devices.forEach((d, i) => {
      const at = (key: string) => ['devices', i, key];
      if (ids.has(d.id)) ctx.addIssue({ code: 'custom', path: at('id'), message: `duplicate device id ${d.id}` });
      ids.add(d.id);
      const issue = (key: string, message: string) => ctx.addIssue({ code: 'custom', path: at(key), message });
      const onBus = d.kind === 'caller' || d.kind === 'evaluator' || d.kind.startsWith('led-');
      if (d.transport && d.bus) issue('bus', 'give a transport or a bus, not both');
      if (!d.transport && !d.bus) issue('transport', onBus ? 'give a transport or the name of a bus' : 'a transport is required');
      if (d.bus && !onBus) issue('bus', `a ${d.kind} has a port of its own; buses are for callers, evaluators and LED screens`);
      if (d.bus && !buses.has(d.bus)) issue('bus', `unknown bus ${d.bus} (declare it under buses)`);
      const hidCaller = d.kind === 'caller' && d.transport && 'type' in d.transport && d.transport.type === 'hid';
      if ((d.kind === 'caller' || d.kind === 'evaluator') && !hidCaller && d.address === undefined) issue('address', `${d.kind === 'evaluator' ? 'an' : 'a'} ${d.kind} on RS-485 needs its address`);
      if ((d.kind === 'idcard' || d.kind === 'printer' || d.kind === 'scanner') && !d.kiosk) issue('kiosk', `a ${d.kind} belongs to a kiosk: give its code (e.g. K1)`);
      if (d.scanner && d.kind !== 'scanner') issue('scanner', `scanner options belong to a scanner, not to a ${d.kind}`);
      if ((d.kind === 'caller' || d.kind === 'evaluator' || d.kind === 'led-window') && d.window === undefined) issue('window', `a ${d.kind} belongs to a window: give its number`);
      if (d.kind === 'led-strip' && !d.strip) issue('strip', 'a strip LED needs a strip name (e.g. hall)');
      const plain = d.kind.startsWith('led-') && d.protocol === 'plain';
      const onbon = d.kind.startsWith('led-') && !plain;
      for (const key of PLAIN_ONLY) if (d.led?.[key] !== undefined && !plain) ctx.addIssue({ code: 'custom', path: [...at('led'), key], message: `${key} is framing of a plain LED (protocol: plain), not of a ${onbon ? 'Onbon screen' : d.kind}` });
      for (const key of ONBON_ONLY) if (d.led?.[key] !== undefined && !onbon) ctx.addIssue({ code: 'custom', path: [...at('led'), key], message: `${key} is an option of an Onbon screen, not of a ${plain ? 'plain LED' : d.kind}` });
      for (const key of PRINTER_ONLY) if (d[key] !== undefined && d.kind !== 'printer') issue(key, `${key} is a printer option, not one of a ${d.kind}`);
      if (d.led?.retry && d.led.retry.maxMs < d.led.retry.initialMs) ctx.addIssue({ code: 'custom', path: [...at('led'), 'retry', 'maxMs'], message: 'maxMs must be at least initialMs' });
      if (plain) {
        const addressing = plainAddressing(d);
        if (addressing !== 'none' && d.address === undefined) issue('address', `a plain LED with addressing ${addressing} needs its address`);
        if (addressing === 'byte' && d.address !== undefined && d.address > 0xff) issue('address', 'a one-byte address is 0–255');
        const digits = d.led?.addressDigits ?? 2;
        if (addressing === 'ascii' && d.address !== undefined && String(d.address).length > digits) issue('address', `address ${d.address} does not fit in ${digits} ASCII digit(s); raise led.addressDigits`);
        if (d.led?.suffix !== undefined && frameBytes(d.led.suffix).length === 0) ctx.addIssue({ code: 'custom', path: [...at('led'), 'suffix'], message: 'the suffix ends each frame and must not be empty' });
        const line = d.bus ? `bus:${d.bus}` : undefined;
        if (line) {
          const others = plainOnLine.get(line) ?? [];
          for (const o of others) {
            if (addressing === 'none' || plainAddressing(o) === 'none') issue('address', `${o.id} and ${d.id} are plain LEDs on bus ${d.bus}: give each an address (led.addressing not none) so each frame reaches one screen`);
            else if (o.address === d.address) issue('address', `${o.id} already has address ${d.address} on bus ${d.bus}`);
          }
          plainOnLine.set(line, [...others, d]);
        }
      }
      // One reader and one printer per kiosk, one keypad/evaluator/window LED per window: the manager routes by owner.
      const owner = d.kind === 'idcard' || d.kind === 'printer' || d.kind === 'scanner' ? `${d.kind}@${d.kiosk}` : d.kind === 'led-strip' ? `${d.id}` : `${d.kind}@${d.window}`;
      const previous = owners.get(owner);
      if (previous && d.kind !== 'led-window') issue('id', `${previous} already is the ${d.kind} of ${d.kiosk ?? `window ${d.window}`}`);
      owners.set(owner, d.id);
    });
    // Without a prefix a plain LED finds its frames only between suffixes; on a line that also carries
    // FF68 or Onbon frames (binary, which may hold the suffix bytes) its frames would start with their tail.
    cfg.devices.forEach((d, i) => {
      if (!d.bus || !d.kind.startsWith('led-') || d.protocol !== 'plain' || (d.led?.prefix !== undefined && frameBytes(d.led.prefix).length > 0)) return;
      const other = cfg.devices.find((o) => o.bus === d.bus && !(o.kind.startsWith('led-') && o.protocol === 'plain'));
      if (other) ctx.addIssue({ code: 'custom', path: ['devices', i, 'led', 'prefix'], message: `a plain LED sharing bus ${d.bus} with ${other.id} needs a frame prefix (e.g. prefix: "\\x02") so it can find its frames` });
    });
  });
export type DevicesFile = z.infer<typeof DevicesFile>;
export type DeviceEntry = DevicesFile['devices'][number];
export type BusEntry = DevicesFile['buses'][number];
