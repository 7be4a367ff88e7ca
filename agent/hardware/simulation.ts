import { IdCardReaderSimulator } from '../../drivers/idcard/simulator.ts';
import { KeypadSimulator } from '../../drivers/caller/simulator.ts';
import { EvaluatorSimulator } from '../../drivers/evaluator/simulator.ts';
import { OnbonScreenSimulator } from '../../drivers/led/onbon/simulator.ts';
import type { PlainLedProtocol } from '../../drivers/led/plain/codec.ts';
import { PlainLedSimulator } from '../../drivers/led/plain/simulator.ts';
import { PrinterSimulator } from '../../drivers/printer/simulator.ts';
import { SimulatedFf68Bus } from '../../drivers/rs485/sim-bus.ts';
import { SerialScannerSimulator } from '../../drivers/scanner/simulator.ts';
import { MemoryHub } from '../../drivers/transport/memory-hub.ts';
import { SimPort } from './sim-port.ts';

export { SimPort };

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
  readonly scanners = new Map<string, SerialScannerSimulator>();

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

  addScanner(id: string, portName: string): void {
    this.scanners.set(id, new SerialScannerSimulator(this.port(portName), 'CR'));
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

  /** An LED's simulator; a plain one parses the same frame as its driver sends (`plain`). */
  addLed(id: string, portName: string, protocol: 'onbon' | 'plain', address: number | undefined, plain?: Partial<PlainLedProtocol>): void {
    const port = this.port(portName);
    this.leds.set(
      id,
      protocol === 'onbon'
        ? new OnbonScreenSimulator(port, { screenAddress: address ?? 1 })
        : new PlainLedSimulator(port, { ...(address === undefined ? {} : { address }), ...(plain ? { protocol: plain } : {}) }),
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
