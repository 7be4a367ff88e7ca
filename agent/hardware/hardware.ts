import { EventEmitter } from 'node:events';
import { DEFAULT_KEY_ACTIONS, type KeyActionMap } from '../../drivers/caller/actions.ts';
import { CallerKeypad } from '../../drivers/caller/driver.ts';
import { bootKeyboardPresses, compileHidReportMap, KeyboardKeypad, type HidReportMatcher } from '../../drivers/caller/hid-keypad.ts';
import type { DeviceHealth } from '../../drivers/core/health.ts';
import { DeviceLink } from '../../drivers/core/link.ts';
import { Evaluator } from '../../drivers/evaluator/driver.ts';
import { DEFAULT_EVALUATION_LEVELS, type EvaluationLevelMap } from '../../drivers/evaluator/levels.ts';
import { IdCardReaderDriver, type CardReadEvent } from '../../drivers/idcard/driver.ts';
import { OnbonScreen, type OnbonAreaGeometry } from '../../drivers/led/onbon/driver.ts';
import { PlainLedScreen } from '../../drivers/led/plain/driver.ts';
import { StripLed } from '../../drivers/led/strip.ts';
import { fillTemplate } from '../../drivers/led/template.ts';
import type { LedScreen } from '../../drivers/led/types.ts';
import { WindowLed } from '../../drivers/led/window.ts';
import { PrinterDriver, type PrintHooks } from '../../drivers/printer/driver.ts';
import { renderSlip, renderTicket } from '../../drivers/printer/ticket-layout.ts';
import { Rs485Bus } from '../../drivers/rs485/bus.ts';
import { ScannerDriver } from '../../drivers/scanner/driver.ts';
import { transportFactory } from '../../drivers/transport/factory.ts';
import type { TransportFactory } from '../../drivers/transport/transport.ts';
import type { AgentDeviceInfo, DeviceOutput, PrintableTicketPayload } from '../../contract/socket.ts';
import type { DeviceEntry, DevicesFile, TransportBlock } from '../../contract/devices.ts';
import { transportOf } from '../config/transport-block.ts';
import { layoutOf, onbonOptionsOf, plainProtocolOf } from './device-options.ts';
import { messageOf } from '../message.ts';
import { Simulation } from './simulation.ts';
import type { HardwareEvents, HardwareLog, HardwareOptions, PrintOutcome } from './types.ts';

export type { CardRead, HardwareEvents, HardwareLog, HardwareOptions, PrintOutcome } from './types.ts';
export { messageOf };

/**
 * The devices of one machine, built from a devices file: drivers over their transports (or over
 * in-process simulators), normalised events out, device output in. Used unchanged by the hall
 * server (for the devices wired to it) and by the device agent on a kiosk PC, so it imports nothing
 * of the server: no engine, no database, no sockets.
 */

interface Built {
  entry: DeviceEntry;
  health: () => DeviceHealth;
  warning: () => string | undefined;
  stop: () => Promise<void> | void;
}

/** The warning a printer reports while its roll runs low (DLE EOT 4 near-end bits). */
export const PAPER_NEAR_END = 'paper near end (纸将用尽)';

const noLog: HardwareLog = () => undefined;

export class Hardware extends EventEmitter<HardwareEvents> {
  readonly simulation: Simulation | undefined;
  private readonly built = new Map<string, Built>();
  private readonly buses = new Map<string, Rs485Bus>();
  private readonly printers = new Map<string, { entry: DeviceEntry; driver: PrinterDriver }>();
  private readonly keypads = new Map<number, CallerKeypad[]>();
  private readonly windowLeds = new Map<number, { entry: DeviceEntry; screen: LedScreen }[]>();
  private readonly strips: { entry: DeviceEntry; strip: StripLed; screen: LedScreen }[] = [];
  private readonly starters: (() => void)[] = [];
  private readonly log: HardwareLog;
  private started = false;

  constructor(readonly config: DevicesFile, private readonly options: HardwareOptions = {}) {
    super();
    this.log = options.log ?? noLog;
    const forced = options.simulated === true || config.simulated;
    const anySimulated =
      forced ||
      config.buses.some((b) => 'simulated' in b.transport) ||
      config.devices.some((d) => d.transport !== undefined && 'simulated' in d.transport);
    this.simulation = anySimulated ? new Simulation() : undefined;
    for (const bus of config.buses) this.buses.set(bus.name, this.makeBus(`bus:${bus.name}`, bus.transport, bus.interFrameGapMs));
    for (const entry of config.devices) this.build(entry);
  }

  /** What this machine drives, as the agent registers it and the registry lists it. */
  devices(): AgentDeviceInfo[] {
    return [...this.built.values()].map(({ entry }) => ({
      id: entry.id,
      kind: entry.kind,
      ...(entry.kiosk !== undefined ? { kiosk: entry.kiosk } : {}),
      ...(entry.window !== undefined ? { window: entry.window } : {}),
      ...(entry.strip !== undefined ? { strip: entry.strip } : {}),
    }));
  }

  health(device: string): DeviceHealth | undefined {
    return this.built.get(device)?.health();
  }

  /** A device's warning (e.g. paper near end) while it still works; undefined when there is none. */
  warning(device: string): string | undefined {
    return this.built.get(device)?.warning();
  }

  hasPrinter(kiosk: string): boolean {
    return this.printers.has(kiosk);
  }

  /** The device id of a kiosk's printer. */
  printerId(kiosk: string): string | undefined {
    return this.printers.get(kiosk)?.entry.id;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const bus of this.buses.values()) bus.start();
    for (const start of this.starters) start();
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const b of this.built.values()) await b.stop();
    for (const bus of this.buses.values()) await bus.stop();
    this.simulation?.close();
  }

  /** Prints one ticket on a kiosk's printer; never throws. `hooks.beforeWrite` runs just before the bytes go out. */
  async print(kiosk: string, jobId: string, ticket: PrintableTicketPayload, hooks: PrintHooks = {}): Promise<PrintOutcome> {
    const p = this.printers.get(kiosk);
    if (!p) return { printed: false, reason: `no printer at kiosk ${kiosk}` };
    let bytes: Uint8Array;
    try {
      bytes = renderTicket(ticket, layoutOf(p.entry));
    } catch (error) {
      return { printed: false, reason: `cannot lay out the ticket: ${messageOf(error)}` };
    }
    const result = await p.driver.print(bytes, jobId, hooks);
    return result.result === 'printed' ? { printed: true } : { printed: false, reason: result.reason };
  }

  /** Prints a 一次性告知 slip (title and lines) on a kiosk's printer; never throws. */
  async printSlip(kiosk: string, jobId: string, title: string, lines: readonly string[]): Promise<PrintOutcome> {
    const p = this.printers.get(kiosk);
    if (!p) return { printed: false, reason: `no printer at kiosk ${kiosk}` };
    let bytes: Uint8Array;
    try {
      bytes = renderSlip(lines, title, layoutOf(p.entry));
    } catch (error) {
      return { printed: false, reason: `cannot lay out the slip: ${messageOf(error)}` };
    }
    const result = await p.driver.print(bytes, jobId);
    return result.result === 'printed' ? { printed: true } : { printed: false, reason: result.reason };
  }

  /** Beeps the keypad of a window (a refused key). */
  async beep(window: number): Promise<void> {
    for (const k of this.keypads.get(window) ?? []) await this.quietly(k.beep(), `beep caller at window ${window}`);
  }

  /** Shows an output on the devices it concerns; never throws (a failing device reports its health). */
  async apply(output: DeviceOutput): Promise<void> {
    switch (output.type) {
      case 'window-call': {
        for (const { entry, screen } of this.windowLeds.get(output.window) ?? []) {
          const led = this.windowLed(entry, screen, output.windowName);
          if (output.steady) {
            const template = entry.led?.template ?? '{ticket} {window}';
            await this.quietly(screen.showText(0, fillTemplate(template, { ticket: output.number, window: this.windowText(entry, output.windowName) })), `window LED ${entry.id}`);
          } else await this.quietly(led.showCall(output.number), `window LED ${entry.id}`);
        }
        for (const k of this.keypads.get(output.window) ?? []) await this.quietly(k.showTicket(output.number), `caller at window ${output.window}`);
        return;
      }
      case 'window-idle':
        for (const { entry, screen } of this.windowLeds.get(output.window) ?? []) {
          await this.quietly(this.windowLed(entry, screen, output.windowName).showIdle(), `window LED ${entry.id}`);
        }
        return;
      case 'caller-waiting':
        for (const k of this.keypads.get(output.window) ?? []) await this.quietly(k.showWaiting(Math.min(999, output.count)), `caller at window ${output.window}`);
        return;
      case 'caller-evaluation':
        for (const k of this.keypads.get(output.window) ?? []) await this.quietly(k.startEvaluation(), `caller at window ${output.window}`);
        return;
      case 'strip':
        for (const s of this.strips) await this.quietly(s.strip.update(output.calls, output.notices), `strip LED ${s.entry.id}`);
        return;
    }
  }

  private windowText(entry: DeviceEntry, windowName: string): string {
    return entry.led?.text ?? windowName;
  }

  private windowLed(entry: DeviceEntry, screen: LedScreen, windowName: string): WindowLed {
    return new WindowLed(screen, {
      windowText: this.windowText(entry, windowName),
      ...(entry.led?.template !== undefined ? { template: entry.led.template } : {}),
      ...(entry.led?.flashSeconds !== undefined ? { flashSeconds: entry.led.flashSeconds } : {}),
    });
  }

  private async quietly(p: Promise<unknown>, what: string): Promise<void> {
    try {
      await p;
    } catch (error) {
      this.log('warn', `device output failed: ${what}`, { reason: messageOf(error) });
    }
  }

  private factory(portName: string, block: TransportBlock): TransportFactory {
    const spec = transportOf(block, this.options.simulated === true || this.config.simulated);
    if (spec === 'simulated') {
      const sim = this.simulation!;
      sim.port(portName);
      return transportFactory({ type: 'memory', name: portName }, { memoryHub: sim.hub });
    }
    return transportFactory(spec, this.options.serialBinding ? { serialBinding: this.options.serialBinding } : {});
  }

  private isSimulated(block: TransportBlock): boolean {
    return this.options.simulated === true || this.config.simulated || 'simulated' in block;
  }

  private makeBus(portName: string, block: TransportBlock, interFrameGapMs?: number): Rs485Bus {
    return new Rs485Bus({
      transport: this.factory(portName, block),
      ...(interFrameGapMs !== undefined ? { interFrameGapMs } : {}),
      log: (level, message) => {
        if (level === 'warn') this.log('warn', message, { port: portName });
      },
    });
  }

  /** The bus a bus device sits on: a named shared one, or a private one over its own transport. */
  private busFor(entry: DeviceEntry): { bus: Rs485Bus; portName: string; simulated: boolean } {
    if (entry.bus) {
      const busEntry = this.config.buses.find((b) => b.name === entry.bus)!;
      return { bus: this.buses.get(entry.bus)!, portName: `bus:${entry.bus}`, simulated: this.isSimulated(busEntry.transport) };
    }
    const portName = entry.id;
    const bus = this.makeBus(portName, entry.transport!);
    this.buses.set(`device:${entry.id}`, bus);
    return { bus, portName, simulated: this.isSimulated(entry.transport!) };
  }

  private register(
    entry: DeviceEntry,
    health: () => DeviceHealth,
    onHealth: (listener: (h: DeviceHealth) => void) => void,
    stop: () => Promise<void> | void,
    warning: () => string | undefined = () => undefined,
  ): void {
    this.built.set(entry.id, { entry, health, stop, warning });
    onHealth((h) => this.emit('health', { device: entry.id, kind: entry.kind, health: h, ...this.warningField(warning()) }));
  }

  private warningField(warning: string | undefined): { warning?: string } {
    return warning !== undefined ? { warning } : {};
  }

  private build(entry: DeviceEntry): void {
    const sim = this.simulation;
    switch (entry.kind) {
      case 'idcard': {
        const driver = new IdCardReaderDriver(this.factory(entry.id, entry.transport!), { pollIntervalMs: this.options.idcardPollMs ?? 300 });
        if (this.isSimulated(entry.transport!)) sim!.addIdCard(entry.id, entry.id);
        driver.on('card', (read: CardReadEvent) => this.onCard(entry, read));
        driver.on('cardError', (e) => this.log('info', 'card could not be read', { device: entry.id, reason: e.reason }));
        this.register(entry, () => driver.health, (l) => driver.on('health', l), () => driver.stop());
        this.starters.push(() => driver.start());
        return;
      }
      case 'printer': {
        const driver = new PrinterDriver(this.factory(entry.id, entry.transport!), {
          pollIntervalMs: this.options.printerPollMs ?? 5000,
          ...(entry.statusSupported !== undefined ? { statusSupported: entry.statusSupported } : {}),
          ...(entry.statusTimeoutMs !== undefined ? { statusTimeoutMs: entry.statusTimeoutMs } : {}),
        });
        if (this.isSimulated(entry.transport!)) sim!.addPrinter(entry.id, entry.id);
        this.printers.set(entry.kiosk!, { entry, driver });
        // Paper near end is a warning, not a fault: the printer keeps printing, someone should bring a roll.
        const warning = () => (driver.paperNearEnd ? PAPER_NEAR_END : undefined);
        this.register(entry, () => driver.health, (l) => driver.on('health', l), () => driver.stop(), warning);
        driver.on('paper-near-end', () => this.emit('health', { device: entry.id, kind: entry.kind, health: driver.health, ...this.warningField(warning()) }));
        this.starters.push(() => driver.start());
        return;
      }
      case 'caller': {
        const transport = entry.transport;
        const hid = transport && 'type' in transport && transport.type === 'hid' && !this.isSimulated(transport);
        if (hid) return this.buildHidCaller(entry);
        const { bus, portName, simulated } = this.busFor(entry);
        const address = entry.address ?? entry.window!;
        const keypad = new CallerKeypad(bus, { address, actions: this.keyMap(entry) });
        if (simulated) sim!.addKeypad(entry.id, portName, address);
        keypad.on('key', (k) => this.emit('key', { device: entry.id, window: entry.window!, action: k.action, key: k.key.toString(16).toUpperCase().padStart(2, '0') }));
        this.keypads.set(entry.window!, [...(this.keypads.get(entry.window!) ?? []), keypad]);
        this.register(entry, () => keypad.health, (l) => keypad.on('health', l), () => keypad.close());
        return;
      }
      case 'evaluator': {
        const { bus, portName, simulated } = this.busFor(entry);
        const address = entry.address ?? entry.window!;
        const levels: EvaluationLevelMap = entry.levels ? { byValue: entry.levels, otherwise: DEFAULT_EVALUATION_LEVELS.otherwise } : DEFAULT_EVALUATION_LEVELS;
        const evaluator = new Evaluator(bus, { address, levels });
        if (simulated) sim!.addEvaluator(entry.id, portName, address);
        evaluator.on('evaluation', (e) => this.emit('evaluation', { device: entry.id, window: entry.window!, level: e.level, value: e.value }));
        this.register(entry, () => evaluator.health, (l) => evaluator.on('health', l), () => evaluator.close());
        return;
      }
      case 'scanner': {
        const simulated = this.isSimulated(entry.transport!);
        const o = entry.scanner ?? {};
        // A simulated scanner speaks virtual-COM framing whatever the real one is set to: the simulator plays bytes.
        const driver = new ScannerDriver(this.factory(entry.id, entry.transport!), {
          interface: simulated ? 'serial' : (o.interface ?? ('type' in entry.transport! && entry.transport.type === 'hid' ? 'hid' : 'serial')),
          ...(o.terminator !== undefined && !simulated ? { terminator: o.terminator } : {}),
          ...(o.idleMs !== undefined ? { idleMs: o.idleMs } : {}),
          ...(o.stripAim !== undefined ? { stripAim: o.stripAim } : {}),
          ...(o.repeatWindowMs !== undefined ? { repeatWindowMs: o.repeatWindowMs } : {}),
        });
        if (simulated) sim!.addScanner(entry.id, entry.id);
        driver.on('scan', (s) => this.emit('scan', { device: entry.id, kiosk: entry.kiosk!, code: s.code }));
        driver.on('dropped', (d) => this.log('info', 'scanner input dropped', { device: entry.id, reason: d.reason, length: d.length }));
        this.register(entry, () => driver.health, (l) => driver.on('health', l), () => driver.stop());
        this.starters.push(() => driver.start());
        return;
      }
      case 'led-window':
      case 'led-strip': {
        const { bus, portName, simulated } = this.busFor(entry);
        const protocol = entry.protocol ?? 'onbon';
        const plain = protocol === 'plain' ? plainProtocolOf(entry) : undefined;
        const screen = plain
          ? new PlainLedScreen(bus, { protocol: plain, ...(entry.address !== undefined ? { address: entry.address } : {}) })
          : new OnbonScreen(bus, onbonOptionsOf(entry, this.areas(entry)));
        if (simulated) sim!.addLed(entry.id, portName, protocol, entry.address, plain);
        if (entry.kind === 'led-window') this.windowLeds.set(entry.window!, [...(this.windowLeds.get(entry.window!) ?? []), { entry, screen }]);
        else {
          const led = entry.led ?? {};
          this.strips.push({
            entry,
            screen,
            strip: new StripLed(screen, {
              ...(led.maxCalls !== undefined ? { maxCalls: led.maxCalls } : {}),
              ...(led.callTemplate !== undefined ? { callTemplate: led.callTemplate } : {}),
              ...(led.speed !== undefined ? { speed: led.speed } : {}),
            }),
          });
        }
        this.register(entry, () => screen.health, (l) => (screen as OnbonScreen | PlainLedScreen).on('health', l), () => screen.close());
        return;
      }
    }
  }

  private buildHidCaller(entry: DeviceEntry): void {
    const link = new DeviceLink(this.factory(entry.id, entry.transport!));
    const matcher: HidReportMatcher | undefined = entry.hidReports ? compileHidReportMap(entry.hidReports) : undefined;
    const keyboard = new KeyboardKeypad();
    let previous: Uint8Array | undefined;
    link.on('data', (report) => {
      if (matcher) {
        const hit = matcher(report);
        if (hit) this.emit('key', { device: entry.id, window: entry.window!, action: hit.action, key: hit.key });
        return;
      }
      for (const key of bootKeyboardPresses(previous, report)) {
        const event = keyboard.press(key);
        if (event) this.emit('key', { device: entry.id, window: entry.window!, action: event.action, key: event.key });
      }
      previous = Uint8Array.from(report);
    });
    this.register(entry, () => link.health, (l) => link.on('health', l), () => link.stop());
    this.starters.push(() => link.start());
  }

  private keyMap(entry: DeviceEntry): KeyActionMap {
    if (!entry.keys) return DEFAULT_KEY_ACTIONS;
    return { ...DEFAULT_KEY_ACTIONS, keys: { ...DEFAULT_KEY_ACTIONS.keys, ...entry.keys } };
  }

  private areas(entry: DeviceEntry): Record<number, OnbonAreaGeometry> {
    const led = entry.led ?? {};
    if (led.areas) return Object.fromEntries(Object.entries(led.areas).map(([k, v]) => [Number(k), v]));
    return { 0: { x: 0, y: 0, width: led.width ?? 128, height: led.height ?? 32 } };
  }

  private onCard(entry: DeviceEntry, read: CardReadEvent): void {
    const card = read.card;
    if (!('idNumber' in card)) {
      this.log('info', 'card without an 18-character ID number ignored', { device: entry.id, cardType: card.cardType });
      return;
    }
    const name = 'name' in card ? card.name : 'chineseName' in card ? card.chineseName : undefined;
    this.emit('card', { device: entry.id, kiosk: entry.kiosk!, idNumber: card.idNumber, ...(name ? { name } : {}) });
  }
}
