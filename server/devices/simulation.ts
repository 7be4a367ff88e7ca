import { IdCardReaderSimulator } from '../../drivers/idcard/simulator.ts';
import { KeypadSimulator } from '../../drivers/caller/simulator.ts';
import { EvaluatorSimulator } from '../../drivers/evaluator/simulator.ts';
import { OnbonScreenSimulator } from '../../drivers/led/onbon/simulator.ts';
import { PlainLedSimulator } from '../../drivers/led/plain/simulator.ts';
import { PrinterSimulator } from '../../drivers/printer/simulator.ts';
import { SimulatedFf68Bus } from '../../drivers/rs485/sim-bus.ts';
import { MemoryHub } from '../../drivers/transport/memory-hub.ts';
import type { Transport } from '../../drivers/transport/transport.ts';

/**
 * The device end of a simulated port that outlives connections: every time the driver (re)connects
 * through the MemoryHub, the new device end is plugged in here, so a simulator keeps its state (the
 * paper, the tickets printed, the card on the reader) across reconnects, like a real device does.
 */
export class SimPort implements Transport {
  private current: Transport | undefined;
  private offs: (() => void)[] = [];
  private readonly dataListeners = new Set<(chunk: Buffer) => void>();
  private readonly closeListeners = new Set<(error?: Error) => void>();

  constructor(readonly description: string) {}

  get isOpen(): boolean {
    return this.current?.isOpen ?? false;
  }

  plug(device: Transport): void {
    for (const off of this.offs) off();
    this.current = device;
    this.offs = [
      device.onData((chunk) => this.dataListeners.forEach((l) => l(chunk))),
      device.onClose((error) => this.closeListeners.forEach((l) => l(error))),
    ];
  }

  /** Drops the current connection: both ends see the link close. */
  drop(): void {
    const device = this.current as (Transport & { drop?: (error?: Error) => void }) | undefined;
    if (device?.drop) device.drop(new Error('cable pulled'));
    else void device?.close();
  }

  async open(): Promise<void> {
    /* The hub opens each connection's device end. */
  }

  async close(): Promise<void> {
    await this.current?.close();
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.current?.isOpen) return; // nobody listening: bytes fall on the floor, as on a real wire
    await this.current.write(data);
  }

  onData(listener: (chunk: Buffer) => void): () => void {
    this.dataListeners.add(listener);
    return () => this.dataListeners.delete(listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }
}

export type LedSimulator = OnbonScreenSimulator | PlainLedSimulator;

/**
 * Demo mode and tests: one simulator per simulated device (or per simulated bus), each served on the
 * MemoryHub under the port's name, so the real drivers run against the simulator's bytes.
 */
export class Simulation {
  readonly hub = new MemoryHub();
  readonly ports = new Map<string, SimPort>();
  readonly idcards = new Map<string, IdCardReaderSimulator>();
  readonly printers = new Map<string, PrinterSimulator>();
  readonly buses = new Map<string, SimulatedFf68Bus>();
  readonly keypads = new Map<string, KeypadSimulator>();
  readonly evaluators = new Map<string, EvaluatorSimulator>();
  readonly leds = new Map<string, LedSimulator>();

  private readonly unserve = new Map<string, () => void>();

  /** A named simulated port; the hub connects drivers to it. */
  port(name: string): SimPort {
    let port = this.ports.get(name);
    if (!port) {
      port = new SimPort(`simulated:${name}`);
      this.ports.set(name, port);
      this.plugIn(name);
    }
    return port;
  }

  addIdCard(id: string, portName: string): void {
    this.idcards.set(id, new IdCardReaderSimulator(this.port(portName)));
  }

  addPrinter(id: string, portName: string): void {
    const sim = new PrinterSimulator(this.port(portName));
    void sim.start();
    this.printers.set(id, sim);
  }

  bus(portName: string): SimulatedFf68Bus {
    let bus = this.buses.get(portName);
    if (!bus) {
      bus = new SimulatedFf68Bus(this.port(portName));
      this.buses.set(portName, bus);
    }
    return bus;
  }

  addKeypad(id: string, portName: string, address: number): void {
    this.keypads.set(id, new KeypadSimulator(this.bus(portName), { address }));
  }

  addEvaluator(id: string, portName: string, address: number): void {
    this.evaluators.set(id, new EvaluatorSimulator(this.bus(portName), { address }));
  }

  addLed(id: string, portName: string, protocol: 'onbon' | 'plain', address: number | undefined): void {
    const port = this.port(portName);
    this.leds.set(
      id,
      protocol === 'onbon' ? new OnbonScreenSimulator(port, { screenAddress: address ?? 1 }) : new PlainLedSimulator(port, address === undefined ? {} : { address }),
    );
  }

  /** Pulls a device's (or a bus's) cable: the link drops and reconnecting fails until plugIn(). */
  unplug(portName: string): void {
    this.unserve.get(portName)?.();
    this.unserve.delete(portName);
    this.ports.get(portName)?.drop();
  }

  plugIn(portName: string): void {
    const port = this.ports.get(portName);
    if (!port || this.unserve.has(portName)) return;
    this.unserve.set(portName, this.hub.serve(portName, (device) => port.plug(device)));
  }

  close(): void {
    for (const k of this.keypads.values()) k.close();
  }
}
