import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHILD_KIOSK_TOKEN, CHILD_QUEUES, noonTimezone, spawnChildServer, type ChildServer } from '../fixtures/child-server.ts';

/**
 * The transactional outbox under SIGKILL (DESIGN.md §2 step 3): a hall server in a child process sends
 * every event to a webhook on a local receiver that answers slowly, so deliveries are in flight and
 * committed events are waiting to be fanned out whenever the process is killed. Kiosks issue tickets
 * at full speed; the server is killed at a random moment, again and again, and restarted on the same
 * data folder. At the end every event committed after the webhook was created has reached the receiver,
 * none is lost, and a repeated delivery always carries the same idempotency key (hall code + seq).
 */

const ROUNDS = 6;
const CLIENTS = 6;
const dir = mkdtempSync(path.join(tmpdir(), 'hallq-outbox-'));
const timezone = noonTimezone();
const children: ChildServer[] = [];

interface Received {
  key: string;
  seq: number;
  delivery: string;
  type: string;
}
const received: Received[] = [];
let receiver: Server;
let receiverUrl = '';

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { seq?: number; type: string };
      received.push({ key: String(req.headers['x-hallq-idempotency-key']), seq: body.seq ?? -1, delivery: String(req.headers['x-hallq-delivery']), type: body.type });
      // Slow on purpose: a kill often lands while a delivery waits for its answer.
      setTimeout(() => res.writeHead(200).end('ok'), 15);
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});

afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<ChildServer> {
  // The receiver is on loopback, which webhooks may reach only when it is allow-listed.
  const c = await spawnChildServer({ dataDir: dir, timezone, env: { HALL_WEBHOOK_ALLOW: '127.0.0.1/32' } });
  children.push(c);
  return c;
}

async function issueUntilKilled(url: string, state: { killed: boolean; acked: number }, unexpected: string[]): Promise<number> {
  const one = async (client: number): Promise<number> => {
    let n = 0;
    for (let i = client; ; i++) {
      try {
        const res = await fetch(`${url}/api/kiosk/tickets`, {
          method: 'POST',
          headers: { authorization: `Bearer ${CHILD_KIOSK_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ queue: CHILD_QUEUES[i % CHILD_QUEUES.length] }),
        });
        if (res.status !== 200) unexpected.push(`HTTP ${res.status} ${await res.text()}`);
        else await res.arrayBuffer();
        n++;
        state.acked++;
      } catch (error) {
        if (!state.killed) unexpected.push(`client ${client}: ${(error as Error).message} before the kill`);
        return n;
      }
    }
  };
  const counts = await Promise.all(Array.from({ length: CLIENTS }, (_, i) => one(i)));
  return counts.reduce((a, b) => a + b, 0);
}

/** Waits (with a deadline) until `done()` holds, naming what it waited for. */
async function until(done: () => boolean, what: () => string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('transactional outbox: SIGKILL between commit and delivery', () => {
  it(
    `delivers every committed event at least once across ${ROUNDS} kills, duplicates only under the same key`,
    async () => {
      let server = await start();
      const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ badge: 'A001', password: 'secret123' }) });
      expect(login.status, await login.clone().text()).toBe(200);
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      const created = await fetch(`${server.url}/api/admin/webhooks`, {
        method: 'POST',
        headers: { cookie, origin: server.url, 'content-type': 'application/json' },
        body: JSON.stringify({ url: receiverUrl, events: ['*'], secret: 'outbox-crash-test-secret' }),
      });
      expect(created.status, await created.clone().text()).toBe(200);

      let issued = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const state = { killed: false, acked: 0 };
        const unexpected: string[] = [];
        const clients = issueUntilKilled(server.url, state, unexpected);
        // Kill at a random moment once the round is busy (a slow machine warms up slowly).
        const target = 20 + Math.floor(Math.random() * 40);
        await until(() => state.acked >= target || unexpected.length > 0, () => `${target} tickets in round ${round} (got ${state.acked})`);
        await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 40)));
        state.killed = true;
        await server.kill();
        issued += await clients;
        expect(unexpected, `round ${round}`).toEqual([]);
        server = await start();
      }
      expect(issued).toBeGreaterThan(ROUNDS * 10);

      // What the hall owes: every event committed after the webhook's creation, read from the data folder.
      const db = new Database(path.join(dir, 'hallq.db'), { readonly: true, fileMustExist: true });
      const { fromSeq, hall } = db.prepare("SELECT w.from_seq AS fromSeq, json_extract(s.value, '$.code') AS hall FROM webhooks w, settings s WHERE s.key = 'hall'").get() as { fromSeq: number; hall: string };
      const owed = (db.prepare('SELECT seq FROM outbox WHERE seq > ? ORDER BY seq').all(fromSeq) as { seq: number }[]).map((r) => r.seq);
      db.close();
      expect(owed.length).toBeGreaterThan(issued / 2);

      const seen = () => new Set(received.map((r) => r.seq));
      await until(
        () => owed.every((s) => seen().has(s)),
        () => `${owed.filter((s) => !seen().has(s)).length} of ${owed.length} events to reach the receiver`,
      );

      // Nothing delivered that was not committed, every key names its own seq, repeats keep their key.
      const owedSet = new Set(owed);
      const keyOf = new Map<number, Set<string>>();
      for (const r of received) {
        if (r.type === 'webhook.ping') continue;
        expect(owedSet.has(r.seq), `seq ${r.seq} was delivered but is not in the outbox after the webhook`).toBe(true);
        expect(r.key).toBe(`${hall}:${r.seq}`);
        (keyOf.get(r.seq) ?? keyOf.set(r.seq, new Set()).get(r.seq)!).add(r.key);
      }
      for (const [seq, keys] of keyOf) expect(keys.size, `seq ${seq}`).toBe(1);
      const duplicates = received.length - keyOf.size;
      // Reported, not asserted: how many kills landed between a receiver's answer and its record.
      console.info(`outbox crash test: ${issued} tickets, ${owed.length} events owed, ${received.length} deliveries (${duplicates} repeated under the same key) over ${ROUNDS} kills`);
      await server.stop();
    },
    180_000,
  );
});
