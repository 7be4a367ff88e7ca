import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { DEMO_CARDS, demoPhoto } from '../../../drivers/idcard/demo-cards.ts';
import { IdCardReaderDriver, type CardErrorEvent, type CardReadEvent, type IdCardReaderOptions } from '../../../drivers/idcard/driver.ts';
import { IdCardReaderSimulator, type IdCardReaderSimulatorOptions } from '../../../drivers/idcard/simulator.ts';
import { transportFactory } from '../../../drivers/transport/factory.ts';
import { MemoryHub } from '../../../drivers/transport/memory-hub.ts';
import type { MemoryTransport } from '../../../drivers/transport/memory.ts';

const [zhang, li] = DEMO_CARDS as [(typeof DEMO_CARDS)[0], (typeof DEMO_CARDS)[0]];
const guard = { timeout: 5000, interval: 5 };

interface Rig {
  driver: IdCardReaderDriver;
  sim: IdCardReaderSimulator;
  cards: CardReadEvent[];
  cardErrors: CardErrorEvent[];
  removed: number;
  health: DeviceHealth[];
  /** Device ends handed out so far; the last one is the live connection. */
  connections: MemoryTransport[];
  waitHealth(pred: (h: DeviceHealth) => boolean): Promise<DeviceHealth>;
  /** Resolves once the reader has answered `n` more find-card polls. */
  polls(n: number): Promise<void>;
}

const rigs: Rig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) await r.driver.stop();
});

function rig(options: IdCardReaderOptions = {}, simOptions: IdCardReaderSimulatorOptions = {}): Rig {
  const hub = new MemoryHub();
  const sim = new IdCardReaderSimulator(undefined, simOptions);
  const connections: MemoryTransport[] = [];
  hub.serve('idcard', (device) => {
    connections.push(device as MemoryTransport);
    sim.attach(device);
  });
  const driver = new IdCardReaderDriver(transportFactory({ type: 'memory', name: 'idcard' }, { memoryHub: hub }), {
    pollIntervalMs: 2,
    retryDelayMs: 5,
    replyTimeoutMs: 2000,
    backoff: { initialMs: 5, maxMs: 20 },
    ...options,
  });
  const r: Rig = {
    driver,
    sim,
    cards: [],
    cardErrors: [],
    removed: 0,
    health: [],
    connections,
    waitHealth: (pred) =>
      new Promise((resolve) => {
        if (pred(driver.health)) return resolve(driver.health);
        const on = (h: DeviceHealth) => {
          if (!pred(h)) return;
          driver.off('health', on);
          resolve(h);
        };
        driver.on('health', on);
      }),
    polls: async (n) => {
      const count = () => sim.received.filter((c) => c === 'find card (20 01)').length;
      const target = count() + n;
      await vi.waitFor(() => expect(count()).toBeGreaterThanOrEqual(target), guard);
    },
  };
  driver.on('card', (e) => r.cards.push(e));
  driver.on('cardError', (e) => r.cardErrors.push(e));
  driver.on('removed', () => r.removed++);
  driver.on('health', (h) => r.health.push(h));
  rigs.push(r);
  return r;
}

const ready = (h: DeviceHealth) => h.state === 'ready';
const fault = (h: DeviceHealth) => h.state === 'fault';

describe('IdCardReaderDriver with the simulator over an in-memory link', () => {
  it('initialises the SAM (11 FF, then 61 FF 50) before polling and only then reports ready', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    expect(r.sim.received.slice(0, 3)).toEqual(['SAM status (11 FF)', 'set max RF bytes (61 FF)', 'find card (20 01)']);
    expect(r.health.map((h) => h.state)).toEqual(['connecting', 'ready']);
  });

  it('emits one event per placement with the decoded card and the raw photo', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    r.sim.placeCard(zhang);
    await vi.waitFor(() => expect(r.cards).toHaveLength(1), guard);
    expect(r.cards[0]!.card).toEqual(zhang);
    expect(r.cards[0]!.photo).toBe(demoPhoto().toString('base64'));
    expect(r.cards[0]!.fingerprint).toBeUndefined();

    // The card stays on the reader: many more polls, no second event.
    await r.polls(10);
    expect(r.cards).toHaveLength(1);
  });

  it('de-duplicates by ID number when the reader keeps finding a card that stays', async () => {
    const r = rig({}, { afterRead: 'found' });
    r.driver.start();
    await r.waitHealth(ready);
    r.sim.placeCard(li);
    await vi.waitFor(() => expect(r.cards).toHaveLength(1), guard);
    const reads = () => r.sim.received.filter((c) => c === 'read card (30 01)').length;
    await vi.waitFor(() => expect(reads()).toBeGreaterThanOrEqual(5), guard);
    expect(r.cards).toHaveLength(1);
  });

  it('reads the same card again after it was removed and placed back', async () => {
    const r = rig({}, { afterRead: 'found' });
    r.driver.start();
    r.sim.placeCard(zhang);
    await vi.waitFor(() => expect(r.cards).toHaveLength(1), guard);
    r.sim.removeCard();
    await vi.waitFor(() => expect(r.removed).toBe(1), guard);
    r.sim.placeCard(zhang);
    await vi.waitFor(() => expect(r.cards).toHaveLength(2), guard);
    r.sim.removeCard();
    r.sim.placeCard(li);
    await vi.waitFor(() => expect(r.cards).toHaveLength(3), guard);
    expect(r.cards.map((e) => (e.card.cardType === 'resident' ? e.card.name : ''))).toEqual(['张三丰', '张三丰', '李四']);
  });

  it('a SAM error becomes a fault naming the status and command, then recovers to ready', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    r.sim.injectSamError(0x60, 1);
    const h = await r.waitHealth(fault);
    expect(h).toEqual({ state: 'fault', reason: expect.stringMatching(/^SAM self-test failed \(SW3 60\) in reply to .+ \([0-9A-F]{2} [0-9A-F]{2}\)$/) });
    await r.waitHealth(ready);
    // Recovery re-initialises the SAM.
    const afterFault = r.sim.received.lastIndexOf('SAM status (11 FF)');
    expect(afterFault).toBeGreaterThan(0);
  });

  it('an unauthorised SAM at start-up faults, then becomes ready once the SAM answers', async () => {
    const r = rig();
    r.sim.injectSamError(0x66, 2);
    r.driver.start();
    const h = await r.waitHealth(fault);
    expect(h).toEqual({ state: 'fault', reason: 'SAM not authorised (SW3 66) in reply to SAM status (11 FF)' });
    await r.waitHealth(ready);
    r.sim.placeCard(li);
    await vi.waitFor(() => expect(r.cards).toHaveLength(1), guard);
  });

  it('a silent reader times out with a message naming the command awaited, then recovers', async () => {
    const r = rig({ replyTimeoutMs: 100 });
    r.driver.start();
    await r.waitHealth(ready);
    r.sim.silent = true;
    const h = await r.waitHealth(fault);
    expect(h).toEqual({ state: 'fault', reason: expect.stringMatching(/^timed out after 100 ms waiting for the reply to (find card \(20 01\)|SAM status \(11 FF\))$/) });
    r.sim.silent = false;
    await r.waitHealth(ready);
  });

  it('a corrupted reply checksum is a fault, and the next good reply restores ready', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    r.sim.corruptNextChecksum();
    const h = await r.waitHealth(fault);
    expect(h.state === 'fault' && h.reason).toMatch(/^bad checksum in the reply to .+\)$/);
    await r.waitHealth(ready);
  });

  it('card trouble is reported once as cardError without faulting the device', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    r.sim.injectSamError(0x41, 3);
    await vi.waitFor(() => expect(r.cardErrors.length).toBeGreaterThanOrEqual(1), guard);
    await r.polls(3);
    expect(r.cardErrors).toHaveLength(1);
    expect(r.cardErrors[0]).toEqual({ sw3: 0x41, reason: expect.stringMatching(/^card read failed \(SW3 41\) in reply to /) });
    expect(r.health.some(fault)).toBe(false);
  });

  it('an unplug is noticed, the link reconnects by itself, and a card left on the reader is read again', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    r.sim.placeCard(zhang);
    await vi.waitFor(() => expect(r.cards).toHaveLength(1), guard);

    r.connections.at(-1)!.drop(new Error('USB cable pulled'));
    await r.waitHealth((h) => h.state !== 'ready');
    // Put the card back in a findable state, as a power-cycled reader would.
    r.sim.placeCard(zhang);
    await r.waitHealth(ready);
    expect(r.connections).toHaveLength(2);
    await vi.waitFor(() => expect(r.cards).toHaveLength(2), guard);
  });

  it('reads the SAM ID in the HslCommunication format, between polls', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    await expect(r.driver.readSamId()).resolves.toBe('05.01-20240601-001234567-076543210');
  });

  it('reads with fingerprint (30 10) when configured', async () => {
    const r = rig({ readFingerprint: true });
    r.driver.start();
    r.sim.placeCard(li);
    await vi.waitFor(() => expect(r.cards).toHaveLength(1), guard);
    expect(r.sim.received).toContain('read card with fingerprint (30 10)');
    expect(r.cards[0]!.card).toEqual(li);
  });

  it('stop() ends polling and reports disconnected', async () => {
    const r = rig();
    r.driver.start();
    await r.waitHealth(ready);
    await r.driver.stop();
    expect(r.driver.health).toEqual({ state: 'disconnected' });
    const n = r.sim.received.length;
    await expect(r.driver.readSamId()).rejects.toThrow(/not connected, cannot send read SAM ID \(12 FF\)/);
    expect(r.sim.received.length).toBe(n);
  });
});
