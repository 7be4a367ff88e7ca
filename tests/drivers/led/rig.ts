import { Rs485Bus } from '../../../drivers/rs485/bus.ts';
import { createMemoryPair, type MemoryTransport } from '../../../drivers/transport/memory.ts';

export interface MemoryBus {
  bus: Rs485Bus;
  host: MemoryTransport;
  device: MemoryTransport;
  stop(): Promise<void>;
}

/** A started Rs485Bus on an in-memory pair whose device end is open for simulators. */
export async function memoryBus(): Promise<MemoryBus> {
  const { host, device } = createMemoryPair('led');
  const bus = new Rs485Bus({ transport: () => host, interFrameGapMs: 0, maxLength: 8 });
  await device.open();
  bus.start();
  while (bus.health.state !== 'ready') await new Promise((r) => setTimeout(r, 1));
  return {
    bus,
    host,
    device,
    async stop() {
      await bus.stop();
      await device.close();
    },
  };
}

export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 2));
}
