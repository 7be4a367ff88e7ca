import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { DEMO_CARDS } from '../../../drivers/idcard/demo-cards.ts';
import { IdCardReaderDriver, type CardReadEvent } from '../../../drivers/idcard/driver.ts';
import { IdCardReaderSimulator } from '../../../drivers/idcard/simulator.ts';
import { transportFactory } from '../../../drivers/transport/factory.ts';
import { SerialTransport } from '../../../drivers/transport/serial.ts';
import { hasSocat, openPtyPair, type PtyPair } from '../transport/socat.ts';

describe.skipIf(!hasSocat)('IdCardReaderDriver over a real pseudo-terminal', () => {
  let pty: PtyPair | undefined;
  let driver: IdCardReaderDriver | undefined;
  let readerSide: SerialTransport | undefined;

  afterEach(async () => {
    await driver?.stop();
    await readerSide?.close();
    await pty?.close();
    driver = undefined;
    readerSide = undefined;
    pty = undefined;
  });

  it('reads a card through serialport at 115200 8N1 with the simulator on the other tty', async () => {
    pty = await openPtyPair();
    readerSide = new SerialTransport({ path: pty.b, baudRate: 115200 });
    await readerSide.open();
    const sim = new IdCardReaderSimulator(readerSide);

    driver = new IdCardReaderDriver(transportFactory({ type: 'serial', path: pty.a, baudRate: 115200 }), {
      pollIntervalMs: 10,
      retryDelayMs: 20,
    });
    const cards: CardReadEvent[] = [];
    driver.on('card', (e) => cards.push(e));
    const ready = new Promise<void>((resolve) => driver!.on('health', (h: DeviceHealth) => h.state === 'ready' && resolve()));
    driver.start();
    await ready;

    sim.placeCard(DEMO_CARDS[2]!);
    await vi.waitFor(() => expect(cards).toHaveLength(1), { timeout: 10_000, interval: 10 });
    expect(cards[0]!.card).toEqual(DEMO_CARDS[2]);
    // The 1295-byte read reply crossed the tty intact.
    expect(Buffer.from(cards[0]!.photo, 'base64')).toHaveLength(1024);
    expect(sim.received.slice(0, 2)).toEqual(['SAM status (11 FF)', 'set max RF bytes (61 FF)']);
    await expect(driver.readSamId()).resolves.toMatch(/^\d{2}\.\d{2}-\d+-\d{9}-\d{9}$/);
  });
});
