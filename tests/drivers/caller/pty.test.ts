import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { CallerKeypad, type CallerKeyEvent } from '../../../drivers/caller/driver.ts';
import { KeypadSimulator } from '../../../drivers/caller/simulator.ts';
import { Evaluator, type EvaluationEvent } from '../../../drivers/evaluator/driver.ts';
import { EvaluatorSimulator } from '../../../drivers/evaluator/simulator.ts';
import { Rs485Bus } from '../../../drivers/rs485/bus.ts';
import { SimulatedFf68Bus } from '../../../drivers/rs485/sim-bus.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair, type PtyPair } from '../transport/socat.ts';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe.skipIf(!hasSocat)('FF68 bus over a real pseudo-terminal pair', () => {
  it('routes keys and evaluations, acknowledges them and drives the keypad display', async () => {
    const pty: PtyPair = await openPtyPair();
    cleanups.push(() => pty.close());

    const sim = new SimulatedFf68Bus(new SerialTransport({ path: pty.b, baudRate: 9600, presenceCheckMs: 0 }));
    await sim.open();
    cleanups.push(() => sim.close());

    const bus = new Rs485Bus({ transport: () => new SerialTransport({ path: pty.a, baudRate: 9600, presenceCheckMs: 0 }) });
    cleanups.push(() => bus.stop());
    const ready = new Promise<void>((resolve) => bus.on('health', (h) => h.state === 'ready' && resolve()));
    bus.start();
    await ready;

    const caller1 = new CallerKeypad(bus, { address: 0x01 });
    const caller2 = new CallerKeypad(bus, { address: 0x02 });
    const evaluator = new Evaluator(bus, { address: 0x03 });
    const pad1 = new KeypadSimulator(sim, { address: 0x01 });
    const pad2 = new KeypadSimulator(sim, { address: 0x02 });
    const rater = new EvaluatorSimulator(sim, { address: 0x03 });

    const key1 = once(caller1, 'key');
    const key2 = once(caller2, 'key');
    const rated = once(evaluator, 'evaluation');
    const presses = await Promise.all([pad1.press('call'), pad2.typeDigitsThenConfirm('06'), rater.press(2)]);
    expect(presses.map((p) => p.acked)).toEqual([true, true, true]);
    expect(((await key1) as [CallerKeyEvent])[0].action).toBe('call');
    expect(((await key2) as [CallerKeyEvent])[0]).toMatchObject({ digits: '06', action: 'no_show' });
    expect(((await rated) as [EvaluationEvent])[0]).toMatchObject({ value: 2, level: 'satisfied' });
    expect(rater.presses).toEqual([{ value: 2, acked: true }]);

    await caller1.showTicket('A042');
    await caller2.showWaiting(7);
    while (pad1.display.ticket === null || pad2.display.waiting === null) await new Promise((r) => setTimeout(r, 5));
    expect(pad1.display.ticket).toBe('042');
    expect(pad2.display.waiting).toBe('007');
  });
});
