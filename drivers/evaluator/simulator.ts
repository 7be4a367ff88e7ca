import { encodeFf68, evaluatorAck, FUNC_EVALUATION, type Ff68Frame } from '../rs485/ff68-codec.ts';
import type { SimulatedFf68Bus, SimulatedFf68Device } from '../rs485/sim-bus.ts';

export interface EvaluatorPress {
  value: number;
  acked: boolean;
}

export interface EvaluatorSimulatorOptions {
  address: number;
  /** How long press() waits for the host's ACK. Default 2000 ms. */
  ackTimeoutMs?: number;
}

/** An evaluator on a simulated bus: sends FUNC 0x11 results and records whether the host acknowledged them. */
export class EvaluatorSimulator implements SimulatedFf68Device {
  readonly address: number;
  readonly presses: EvaluatorPress[] = [];
  /** Host frames that were not the awaited ACK. */
  readonly commands: Ff68Frame[] = [];
  private readonly ackTimeoutMs: number;
  private pending: { expected: Buffer; done: () => void } | undefined;
  private readonly detach: () => void;

  constructor(private readonly bus: SimulatedFf68Bus, options: EvaluatorSimulatorOptions) {
    this.address = options.address;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 2000;
    this.detach = bus.attach(this);
  }

  /** Sends one result and resolves with whether the correct ACK (FUNC 01, same value) came back. */
  async press(value: number): Promise<EvaluatorPress> {
    const frame = encodeFf68(this.address, FUNC_EVALUATION, [value]);
    const expected = evaluatorAck({ address: this.address, func: FUNC_EVALUATION, data: Buffer.from([value]), checksum: 0, checksumOk: true, raw: frame });
    const acked = await new Promise<boolean>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        resolve(false);
      }, this.ackTimeoutMs);
      this.pending = {
        expected,
        done: () => {
          clearTimeout(timer);
          resolve(true);
        },
      };
      this.bus.send(frame).catch((error: unknown) => {
        clearTimeout(timer);
        this.pending = undefined;
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
    const result = { value, acked };
    this.presses.push(result);
    return result;
  }

  close(): void {
    this.detach();
  }

  onHostFrame(frame: Ff68Frame): void {
    const pending = this.pending;
    if (pending?.expected.equals(frame.raw)) {
      this.pending = undefined;
      pending.done();
      return;
    }
    this.commands.push(frame);
  }
}
