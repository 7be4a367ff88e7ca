/**
 * Worker thread for call-fanout: holds the display sockets, so their parsing runs beside the server's
 * event loop rather than on it. For every event it counts receipts by `type:seq`; when the last socket
 * has it, it posts `{ kind: 'done', key, at }` with `at` on the process-wide monotonic clock.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { io as connect, type Socket } from 'socket.io-client';
import { nowMs } from './lib.ts';

export interface FanoutClientsData {
  url: string;
  token: string;
  sockets: number;
}

export type FanoutClientsMessage =
  | { kind: 'ready'; sockets: number }
  | { kind: 'done'; key: string; at: number; bytes: number }
  | { kind: 'error'; message: string }
  | { kind: 'closed' };

const { url, token, sockets: total } = workerData as FanoutClientsData;
const port = parentPort!;
const post = (m: FanoutClientsMessage) => port.postMessage(m);
const sockets: Socket[] = [];
const counts = new Map<string, number>();

function onEvent(e: { type: string; seq: number }): void {
  const key = `${e.type}:${e.seq}`;
  const n = (counts.get(key) ?? 0) + 1;
  if (n === total) {
    const at = nowMs();
    counts.delete(key);
    post({ kind: 'done', key, at, bytes: JSON.stringify(e).length });
  } else counts.set(key, n);
}

async function open(): Promise<void> {
  const batch = 50;
  for (let i = 0; i < total; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, total - i) }, () => {
        const s = connect(url, { transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
        sockets.push(s);
        s.on('event', onEvent as never);
        return new Promise<void>((resolve, reject) => {
          s.once('snapshot', () => resolve());
          s.once('connect_error', (err) => reject(err));
        });
      }),
    );
  }
  for (const s of sockets) s.on('disconnect', (reason) => {
    if (reason !== 'io client disconnect') post({ kind: 'error', message: `a display socket dropped: ${reason}` });
  });
  post({ kind: 'ready', sockets: sockets.length });
}

port.on('message', (m: { kind: 'close' }) => {
  if (m.kind !== 'close') return;
  for (const s of sockets) s.close();
  post({ kind: 'closed' });
});

open().catch((error: unknown) => post({ kind: 'error', message: (error as Error).message }));
