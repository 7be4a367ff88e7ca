import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DeviceLink } from '../../../drivers/core/link.ts';
import type { DeviceHealth } from '../../../drivers/core/health.ts';
import { TcpTransport } from '../../../drivers/transport/tcp.ts';

interface Device {
  server: Server;
  port: number;
  sockets: Set<Socket>;
  received: Buffer[];
  stop(): Promise<void>;
}

/** A stand-in network device on 127.0.0.1 that echoes "OK" for every chunk it gets. */
async function startDevice(port = 0): Promise<Device> {
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      received.push(chunk);
      socket.write('OK');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    sockets,
    received,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('TcpTransport', () => {
  it('connects, writes, receives and closes', async () => {
    const dev = await startDevice();
    cleanup.push(dev.stop);
    const t = new TcpTransport({ host: '127.0.0.1', port: dev.port });
    expect(t.description).toBe(`tcp:127.0.0.1:${dev.port}`);
    await t.open();
    expect(t.isOpen).toBe(true);
    const reply = new Promise<string>((resolve) => t.onData((c) => resolve(c.toString())));
    await t.write(Buffer.from([0x1b, 0x40]));
    expect(await reply).toBe('OK');
    expect(Buffer.concat(dev.received)).toEqual(Buffer.from([0x1b, 0x40]));
    const closed = new Promise<Error | undefined>((resolve) => t.onClose(resolve));
    await t.close();
    expect(await closed).toBeUndefined();
    expect(t.isOpen).toBe(false);
  });

  it('rejects open with the address named when nothing listens', async () => {
    const dev = await startDevice();
    const port = dev.port;
    await dev.stop();
    const t = new TcpTransport({ host: '127.0.0.1', port });
    await expect(t.open()).rejects.toThrow(new RegExp(`cannot connect to tcp:127.0.0.1:${port}`));
  });

  it('reports close with an error when the device drops the connection', async () => {
    const dev = await startDevice();
    cleanup.push(dev.stop);
    const t = new TcpTransport({ host: '127.0.0.1', port: dev.port });
    await t.open();
    const closed = new Promise<Error | undefined>((resolve) => t.onClose(resolve));
    for (const s of dev.sockets) s.destroy();
    expect(await closed).toBeInstanceOf(Error);
    expect(t.isOpen).toBe(false);
  });

  it('an unplugged device that comes back is picked up again by DeviceLink without a restart', async () => {
    let dev = await startDevice();
    const port = dev.port;
    cleanup.push(() => dev.stop());
    const link = new DeviceLink(() => new TcpTransport({ host: '127.0.0.1', port, connectTimeoutMs: 2000 }), {
      initialMs: 10,
      maxMs: 50,
    });
    cleanup.push(() => link.stop());
    const states: DeviceHealth['state'][] = [];
    link.on('health', (h) => states.push(h.state));
    const opened = () => new Promise<void>((resolve) => link.once('open', () => resolve()));

    let open = opened();
    link.start();
    await open;
    expect(link.isOpen).toBe(true);

    // Unplug: the device goes away entirely, so reconnect attempts fail for a while.
    const fault = new Promise<void>((resolve) => link.on('health', (h) => h.state === 'fault' && resolve()));
    await dev.stop();
    await fault;
    expect(link.isOpen).toBe(false);

    // Plug back in on the same port.
    open = opened();
    dev = await startDevice(port);
    await open;
    expect(link.isOpen).toBe(true);
    expect(states.at(-1)).toBe('ready');

    const reply = new Promise<string>((resolve) => link.once('data', (c) => resolve(c.toString())));
    await link.write(Buffer.from('ping'));
    expect(await reply).toBe('OK');
  });
});
