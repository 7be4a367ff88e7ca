import type { EventEmitter } from 'node:events';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import type { PrinterDriver } from '../../../drivers/printer/driver.ts';

/** Resolves with the first event args matching `predicate`; the timeout only guards against hangs. */
export function waitForEvent<T extends unknown[]>(
  emitter: EventEmitter,
  event: string,
  predicate: (...args: T) => boolean = () => true,
  guardMs = 10_000,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out waiting for '${event}'`));
    }, guardMs);
    const listener = (...args: unknown[]): void => {
      if (!predicate(...(args as T))) return;
      clearTimeout(timer);
      emitter.off(event, listener);
      resolve(args as T);
    };
    emitter.on(event, listener);
  });
}

/** Waits until the driver's health satisfies `predicate` (now or later). */
export async function waitForHealth(driver: PrinterDriver, predicate: (h: DeviceHealth) => boolean): Promise<DeviceHealth> {
  if (predicate(driver.health)) return driver.health;
  const [h] = await waitForEvent<[DeviceHealth]>(driver as unknown as EventEmitter, 'health', predicate);
  return h;
}
