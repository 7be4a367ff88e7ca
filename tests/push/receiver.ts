import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * A provincial 好差评 receiver for tests (and the demo): real HTTP on 127.0.0.1. It checks what a real
 * interface checks — the token, the Idempotency-Key, the exact field list of its field map, a known
 * 满意度代码 whose meaning agrees with the 满意度 text when both are sent — and answers 400 with a reason
 * otherwise. It fails on purpose when told (5xx, a hang past the sender's timeout, a reset socket, a
 * 4xx with a reason), and can be stopped and started again on the same port. What it accepted survives
 * a restart (its "database" is this object), keyed by the idempotency key: a second arrival with a key
 * it holds is answered 200 as a duplicate and stored once.
 */
export interface ReceiverOptions {
  token: string;
  /** The header carrying the token and its scheme (as the target is configured). */
  authHeader?: string;
  authScheme?: string;
  /** The receiver's field names the body must carry, exactly. */
  fields: readonly string[];
  /** Which receiver field holds the code, and the codes it knows (code → label). */
  codeField: string;
  codes: Record<string, string>;
  /** Which receiver field holds the 满意度 label, if sent: it must be the code's label. */
  labelField?: string;
}

export type Failure = { status: number; reason?: string } | 'hang' | 'reset';

export interface Arrival {
  key: string | null;
  body: Record<string, unknown> | null;
  answered: number | 'hang' | 'reset';
  reason: string | null;
}

export class TestReceiver {
  /** Accepted records by idempotency key. */
  readonly accepted = new Map<string, Record<string, unknown>>();
  /** Every request, in arrival order, with what it was answered. */
  readonly arrivals: Arrival[] = [];
  duplicates = 0;
  private failures: Failure[] = [];
  private rejectRule: ((body: Record<string, unknown>) => string | null) | undefined;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly hung = new Set<ServerResponse>();
  port = 0;

  constructor(private readonly o: ReceiverOptions) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/api/hcp/v1/evaluations`;
  }

  /** The next n requests fail this way (in order), whatever they carry. */
  failNext(...failures: Failure[]): void {
    this.failures.push(...failures);
  }

  /** Records for which `rule` returns a reason are refused with 422 and that reason. */
  rejectWhen(rule: ((body: Record<string, unknown>) => string | null) | undefined): void {
    this.rejectRule = rule;
  }

  async start(): Promise<void> {
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Stops listening and drops every connection (hung answers included): the receiver is down. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    this.hung.clear();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  /** Waits until `n` records are accepted (deadline with the state in the message). */
  async untilAccepted(n: number, ms = 10_000): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.accepted.size < n) {
      if (Date.now() > deadline) throw new Error(`receiver holds ${this.accepted.size} records, not ${n}, after ${ms} ms (${this.arrivals.length} arrivals)`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  private answer(res: ServerResponse, arrival: Arrival, status: number, body: Record<string, unknown>): void {
    arrival.answered = status;
    this.arrivals.push(arrival);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    let body: Record<string, unknown> | null = null;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
    } catch {
      body = null;
    }
    const arrival: Arrival = { key, body, answered: 0, reason: null };
    const failure = this.failures.shift();
    if (failure === 'hang') {
      arrival.answered = 'hang';
      this.arrivals.push(arrival);
      this.hung.add(res);
      return;
    }
    if (failure === 'reset') {
      arrival.answered = 'reset';
      this.arrivals.push(arrival);
      req.socket.destroy();
      return;
    }
    if (failure) return this.answer(res, { ...arrival, reason: failure.reason ?? null }, failure.status, { code: failure.status, msg: failure.reason ?? '服务暂不可用' });
    const refuse = (reason: string, status = 400) => this.answer(res, { ...arrival, reason }, status, { code: status, msg: reason });
    const header = (this.o.authHeader ?? 'authorization').toLowerCase();
    const expected = this.o.authScheme === '' ? this.o.token : `${this.o.authScheme ?? 'Bearer'} ${this.o.token}`;
    if (req.headers[header] !== expected) return refuse('令牌无效', 401);
    if (!key) return refuse('缺少 Idempotency-Key');
    if (!body || typeof body !== 'object' || Array.isArray(body)) return refuse('请求体不是 JSON 对象');
    const missing = this.o.fields.filter((f) => !(f in body!));
    const extra = Object.keys(body).filter((f) => !this.o.fields.includes(f));
    if (missing.length) return refuse(`缺少字段：${missing.join('、')}`);
    if (extra.length) return refuse(`未知字段：${extra.join('、')}`);
    const code = String(body[this.o.codeField]);
    const label = this.o.codes[code];
    if (label === undefined) return refuse(`满意度代码 ${code} 无效`);
    if (this.o.labelField && body[this.o.labelField] !== label) return refuse(`满意度代码 ${code}（${label}）与满意度「${String(body[this.o.labelField])}」不一致`);
    const ruled = this.rejectRule?.(body);
    if (ruled) return refuse(ruled, 422);
    if (this.accepted.has(key)) {
      this.duplicates++;
      return this.answer(res, arrival, 200, { code: 0, msg: '重复推送，已忽略', duplicate: true });
    }
    this.accepted.set(key, body);
    return this.answer(res, arrival, 200, { code: 0, msg: '成功' });
  }
}
