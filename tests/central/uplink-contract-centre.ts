/**
 * A centre that speaks contract/central/uplink.ts and nothing more, over real HTTP on 127.0.0.1:0, for
 * the hall-side uplink's own tests: it stores (hall, seq) → JSON, answers gaps and content conflicts
 * as the contract says, and can be told to fail. The real centre (central/) is tested end to end in
 * the failure-*.test.ts files; this one lets a test make the centre answer anything on purpose.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UplinkBatch } from '../../contract/central/uplink.ts';

export interface ContractCentre {
  url: string;
  /** hall → seq → canonical JSON of the stored event. */
  stored: Map<number, string>;
  batches: { first: number; last: number; count: number }[];
  highWater(): number;
  diverged: boolean;
  /** While set, every request is answered with this status (and no body parsing). */
  failWith: number | null;
  /** Tokens accepted; anything else is HALL_TOKEN_INVALID. */
  tokens: Set<string>;
  /** Forget everything after `seq` (a centre restored from its own backup). */
  forgetAfter(seq: number): void;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
}

export async function startContractCentre(hall: string, token: string): Promise<ContractCentre> {
  const stored = new Map<number, string>();
  let epoch: string | null = null;
  const state: ContractCentre = {
    url: '',
    stored,
    batches: [],
    diverged: false,
    failWith: null,
    tokens: new Set([token]),
    highWater() {
      let hw = 0;
      while (stored.has(hw + 1)) hw++;
      return hw;
    },
    forgetAfter(seq) {
      for (const k of [...stored.keys()]) if (k > seq) stored.delete(k);
    },
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    void (async () => {
      const body = await readBody(req);
      if (state.failWith !== null) return send(state.failWith, { error: { code: 'TEST_FAILURE', message: 'told to fail' } });
      const auth = req.headers.authorization ?? '';
      if (!auth.startsWith('Bearer ') || !state.tokens.has(auth.slice(7))) return send(401, { error: { code: 'HALL_TOKEN_INVALID', message: 'unknown hall token' } });
      if (req.method === 'GET' && req.url === '/api/uplink/v1/high-water') return send(200, { hall, highWater: state.highWater(), epoch, diverged: state.diverged });
      if (req.method === 'POST' && req.url === '/api/uplink/v1/events') {
        const parsed = UplinkBatch.safeParse(JSON.parse(body));
        if (!parsed.success) return send(400, { error: { code: 'VALIDATION', message: parsed.error.message } });
        const batch = parsed.data;
        if (batch.hall !== hall) return send(403, { error: { code: 'HALL_MISMATCH', message: 'another hall' } });
        if (state.diverged) return send(409, { error: { code: 'UPLINK_DIVERGED', message: 'diverged', details: { highWater: state.highWater() } } });
        const hw = state.highWater();
        const first = batch.events[0]!.seq;
        if (first > hw + 1) return send(409, { error: { code: 'UPLINK_GAP', message: 'gap', details: { highWater: hw } } });
        batch.events.forEach((e, i) => {
          if (e.seq !== first + i) throw new Error('not consecutive');
        });
        let accepted = 0;
        let duplicates = 0;
        for (const e of batch.events) {
          const text = JSON.stringify(e);
          const held = stored.get(e.seq);
          if (held === undefined) {
            stored.set(e.seq, text);
            accepted++;
          } else if (held === text) duplicates++;
          else {
            state.diverged = true;
            return send(409, { error: { code: 'UPLINK_DIVERGED', message: `seq ${e.seq} differs`, details: { highWater: hw, seq: e.seq } } });
          }
        }
        epoch = batch.epoch;
        state.batches.push({ first, last: batch.events[batch.events.length - 1]!.seq, count: batch.events.length });
        return send(200, { highWater: state.highWater(), accepted, duplicates });
      }
      send(404, { error: { code: 'NOT_FOUND', message: 'no such route' } });
    })().catch((error: unknown) => send(500, { error: { code: 'INTERNAL', message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return state;
}
