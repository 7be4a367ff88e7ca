import { afterEach, describe, expect, it } from 'vitest';
import { Evaluator, type EvaluationEvent } from '../../../drivers/evaluator/driver.ts';
import { EvaluatorSimulator } from '../../../drivers/evaluator/simulator.ts';
import { Rs485Bus } from '../../../drivers/rs485/bus.ts';
import { toHex } from '../../../drivers/rs485/hex.ts';
import { SimulatedFf68Bus } from '../../../drivers/rs485/sim-bus.ts';
import { createMemoryPair } from '../../../drivers/transport/memory.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function setup(): Promise<{ bus: Rs485Bus; sim: SimulatedFf68Bus; written: Buffer[] }> {
  const { host, device } = createMemoryPair();
  const bus = new Rs485Bus({ transport: () => host, interFrameGapMs: 0 });
  const sim = new SimulatedFf68Bus(device);
  await sim.open();
  bus.start();
  while (bus.health.state !== 'ready') await new Promise((r) => setTimeout(r, 1));
  cleanups.push(async () => {
    await bus.stop();
    await sim.close();
  });
  return { bus, sim, written: host.written };
}

describe('Evaluator driver', () => {
  it('acknowledges each result with FUNC 01 before emitting the mapped level', async () => {
    const { bus, sim, written } = await setup();
    const evaluator = new Evaluator(bus, { address: 0x02 });
    const events: EvaluationEvent[] = [];
    evaluator.on('evaluation', (e) => events.push(e));
    const rater = new EvaluatorSimulator(sim, { address: 0x02 });
    for (const value of [3, 0, 2, 1]) await rater.press(value);
    expect(rater.presses.every((p) => p.acked)).toBe(true);
    expect(written.map(toHex)[0]).toBe('FF 68 03 03 68 02 01 03 06 16');
    expect(events.map((e) => [e.value, e.level])).toEqual([[3, 'very_satisfied'], [0, 'dissatisfied'], [2, 'satisfied'], [1, null]]);
  });

  it('stops acknowledging after close', async () => {
    const { bus, sim } = await setup();
    const evaluator = new Evaluator(bus, { address: 0x02 });
    evaluator.close();
    const rater = new EvaluatorSimulator(sim, { address: 0x02, ackTimeoutMs: 100 });
    expect(await rater.press(3)).toEqual({ value: 3, acked: false });
  });
});
