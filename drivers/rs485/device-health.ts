import type { DeviceHealth } from '../core/health.ts';
import type { Rs485Bus } from './bus.ts';

function sameHealth(a: DeviceHealth, b: DeviceHealth): boolean {
  return a.state === b.state && (a.state !== 'fault' || (b.state === 'fault' && a.reason === b.reason));
}

/**
 * Health of one device behind a shared bus: the bus's state, except that a ready bus with a device
 * that stopped answering (timeout, error reply) reports that device's fault.
 */
export class BusDeviceHealth {
  private fault: string | undefined;
  private last: DeviceHealth;
  private readonly off: () => void;

  constructor(private readonly bus: Rs485Bus, private readonly onChange: (health: DeviceHealth) => void) {
    const listener = (): void => this.update();
    bus.on('health', listener);
    this.off = () => bus.off('health', listener);
    this.last = this.current;
  }

  get current(): DeviceHealth {
    const busHealth = this.bus.health;
    return busHealth.state === 'ready' && this.fault ? { state: 'fault', reason: this.fault } : busHealth;
  }

  /** Records the device's own fault, or clears it with undefined. */
  setFault(reason: string | undefined): void {
    this.fault = reason;
    this.update();
  }

  dispose(): void {
    this.off();
  }

  private update(): void {
    const next = this.current;
    const changed = !sameHealth(next, this.last);
    this.last = next;
    if (changed) this.onChange(next);
  }
}
