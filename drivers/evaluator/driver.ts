import { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../core/health.ts';
import type { Rs485Bus } from '../rs485/bus.ts';
import type { Ff68Frame } from '../rs485/ff68-codec.ts';
import { DEFAULT_EVALUATION_LEVELS, levelOf, type EvaluationLevelMap, type SatisfactionLevel } from './levels.ts';

export interface EvaluationEvent {
  address: number;
  /** DATA[0] as sent by the evaluator. */
  value: number;
  level: SatisfactionLevel | null;
  checksumOk: boolean;
}

export interface EvaluatorEvents {
  evaluation: [EvaluationEvent];
  health: [DeviceHealth];
}

export interface EvaluatorOptions {
  address: number;
  levels?: EvaluationLevelMap;
}

/**
 * One evaluator (评价器) on an Rs485Bus. Results arrive as FUNC 0x11; the bus acknowledges them
 * (FUNC 01, CS recomputed) before the event is emitted. Its health is the bus's: the protocol has no poll.
 */
export class Evaluator extends EventEmitter<EvaluatorEvents> {
  readonly address: number;
  private readonly levels: EvaluationLevelMap;
  private readonly detach: () => void;
  private readonly offHealth: () => void;

  constructor(private readonly bus: Rs485Bus, options: EvaluatorOptions) {
    super();
    this.address = options.address;
    this.levels = options.levels ?? DEFAULT_EVALUATION_LEVELS;
    this.detach = bus.attach(this.address, 'evaluator', (frame) => this.onFrame(frame));
    const onHealth = (health: DeviceHealth): void => {
      this.emit('health', health);
    };
    bus.on('health', onHealth);
    this.offHealth = () => bus.off('health', onHealth);
  }

  get health(): DeviceHealth {
    return this.bus.health;
  }

  close(): void {
    this.detach();
    this.offHealth();
  }

  private onFrame(frame: Ff68Frame): void {
    const value = frame.data[0];
    if (value === undefined) return;
    this.emit('evaluation', { address: frame.address, value, level: levelOf(value, this.levels), checksumOk: frame.checksumOk });
  }
}
