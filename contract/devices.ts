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
});

const Level = z.enum(['very_satisfied', 'satisfied', 'basic', 'dissatisfied', 'very_dissatisfied']);
const Action = z.enum(['call', 'recall', 'evaluate', 'pause', 'transfer', 'no_show', 'suspend', 'call_back']);

const Device = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." and "-" only'),
  kind: z.enum(['idcard', 'printer', 'caller', 'evaluator', 'led-window', 'led-strip']),
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
  /** Caller keypad: key code → action overrides (e.g. { "0C": call }), plus the USB keypad report rules. */
  keys: z.record(z.string().regex(/^[0-9A-Fa-f]{2}$/), Action).optional(),
  hidReports: z.array(z.strictObject({ pattern: z.string().min(2).max(200), action: Action, exact: z.boolean().optional() })).optional(),
  /** Evaluator: value → level map (null: no rating), for evaluators with their own key layout. */
  levels: z.record(z.string().regex(/^\d+$/), Level.nullable()).optional(),
  led: LedOptions.optional(),
});

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
      if ((d.kind === 'idcard' || d.kind === 'printer') && !d.kiosk) issue('kiosk', `a ${d.kind} belongs to a kiosk: give its code (e.g. K1)`);
      if ((d.kind === 'caller' || d.kind === 'evaluator' || d.kind === 'led-window') && d.window === undefined) issue('window', `a ${d.kind} belongs to a window: give its number`);
      if (d.kind === 'led-strip' && !d.strip) issue('strip', 'a strip LED needs a strip name (e.g. hall)');
      // One reader and one printer per kiosk, one keypad/evaluator/window LED per window: the manager routes by owner.
      const owner = d.kind === 'idcard' || d.kind === 'printer' ? `${d.kind}@${d.kiosk}` : d.kind === 'led-strip' ? `${d.id}` : `${d.kind}@${d.window}`;
      const previous = owners.get(owner);
      if (previous && d.kind !== 'led-window') issue('id', `${previous} already is the ${d.kind} of ${d.kiosk ?? `window ${d.window}`}`);
      owners.set(owner, d.id);
    });
  });
export type DevicesFile = z.infer<typeof DevicesFile>;
export type DeviceEntry = DevicesFile['devices'][number];
export type BusEntry = DevicesFile['buses'][number];
