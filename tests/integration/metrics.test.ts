import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KIOSK_TOKEN, startTestServer, type TestServer } from '../fixtures/server.ts';

/** One sample line of the exposition: name, labels and value. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function samples(text: string): Sample[] {
  return text.split('\n').flatMap((line) => {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) return [];
    const labels: Record<string, string> = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
    return [{ name: m[1]!, labels, value: Number(m[3]) }];
  });
}

const matching = (all: Sample[], name: string, labels: Record<string, string> = {}) =>
  all.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
const total = (all: Sample[], name: string, labels: Record<string, string> = {}) => matching(all, name, labels).reduce((n, s) => n + s.value, 0);

/** /metrics of a real server: prom-client registry per server, figures that move with the hall. */
describe('/metrics', () => {
  let srv: TestServer;
  let other: TestServer;
  let cookie: string;

  const scrape = async (server = srv) => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    return { text, all: samples(text) };
  };
  const issue = (queue: string) => srv.api('POST', '/api/kiosk/tickets', { token: KIOSK_TOKEN, body: { queue } });

  beforeAll(async () => {
    srv = await startTestServer();
    other = await startTestServer();
    cookie = await srv.login('T001');
    expect((await srv.api('POST', '/api/windows/1/sign-in', { cookie, body: {} })).status).toBe(200);
  });
  afterAll(async () => {
    await srv?.stop();
    await other?.stop();
  });

  it('counts issued tickets by queue and source, exactly, and only on the server that issued them', async () => {
    const before = (await scrape()).all;
    for (const queue of ['QA', 'QA', 'QC']) expect((await issue(queue)).status).toBe(200);
    const after = (await scrape()).all;
    expect(total(after, 'hallq_tickets_issued_total') - total(before, 'hallq_tickets_issued_total')).toBe(3);
    expect(total(after, 'hallq_tickets_issued_total', { queue: 'QA', source: 'kiosk' }) - total(before, 'hallq_tickets_issued_total', { queue: 'QA', source: 'kiosk' })).toBe(2);
    expect(total(after, 'hallq_tickets_issued_total', { queue: 'QC', source: 'kiosk' }) - total(before, 'hallq_tickets_issued_total', { queue: 'QC', source: 'kiosk' })).toBe(1);
    // Its own registry: the other server in this process saw nothing.
    expect(total((await scrape(other)).all, 'hallq_tickets_issued_total')).toBe(0);
  });

  it('reads waiting per queue from the engine: the same figures as the API', async () => {
    const call = await srv.api('POST', '/api/windows/1/call-next', { cookie, body: {} });
    expect(call.status).toBe(200);
    expect((await srv.api('POST', '/api/windows/1/recall', { cookie, body: {} })).status).toBe(200);
    const status = (await srv.api('GET', '/api/queues/status')).body as { code: string; waiting: number }[] | { queues: { code: string; waiting: number }[] };
    const queues = Array.isArray(status) ? status : status.queues;
    const { all } = await scrape();
    for (const q of queues) expect(matching(all, 'hallq_queue_waiting', { queue: q.code }).map((s) => s.value)).toEqual([q.waiting]);
    expect(total(all, 'hallq_queue_waiting', { queue: 'QA' })).toBe(1);
    expect(total(all, 'hallq_tickets_called_total', { window: '1', queue: 'QA', kind: 'call' })).toBe(1);
    expect(total(all, 'hallq_tickets_called_total', { window: '1', queue: 'QA', kind: 'recall' })).toBe(1);
  });

  it('times requests by route pattern, never by raw URL', async () => {
    const ticket = await issue('QA');
    expect((await srv.api('GET', `/api/tickets/${ticket.body.ticketId}/status?k=wrong`)).status).toBe(404);
    expect((await srv.api('GET', '/api/no-such-thing/12345')).status).toBe(404);
    const { all, text } = await scrape();
    const count = (route: string, method: string, status: string) => total(all, 'hallq_http_request_duration_seconds_count', { route, method, status });
    expect(count('/api/kiosk/tickets', 'POST', '200')).toBeGreaterThanOrEqual(4);
    expect(count('/api/windows/:n/call-next', 'POST', '200')).toBe(1);
    expect(count('/api/tickets/:id/status', 'GET', '404')).toBe(1);
    expect(count('unmatched', 'GET', '404')).toBe(1);
    expect(matching(all, 'hallq_http_request_duration_seconds_bucket', { route: '/api/kiosk/tickets', le: '+Inf' })).not.toHaveLength(0);
    const routes = new Set(matching(all, 'hallq_http_request_duration_seconds_count').map((s) => s.labels.route));
    for (const route of routes) expect(route).not.toMatch(/\?|\/\d+(\/|$)|wrong|no-such-thing/);
    expect(text).not.toContain(String(ticket.body.ticketId));
  });

  it('exposes process metrics and device health; scraping twice resets nothing', async () => {
    srv.devices.setHealth('K1-printer', 'printer', { state: 'fault', reason: 'paper out' }, { kiosk: 'K1' });
    const first = (await scrape()).all;
    const second = (await scrape()).all;
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_heap_size_used_bytes', 'hallq_event_loop_lag_seconds', 'hallq_event_loop_lag_max_seconds', 'hallq_sockets_connected']) {
      expect(matching(second, name), name).not.toHaveLength(0);
    }
    // prom-client's own event-loop gauges reset on each scrape, so they are not exposed.
    expect(matching(second, 'nodejs_eventloop_lag_p99_seconds')).toHaveLength(0);
    expect(total(second, 'hallq_device_state', { device: 'K1-printer', kind: 'printer', state: 'fault' })).toBe(1);
    expect(total(second, 'hallq_device_state', { device: 'K1-printer', state: 'ready' })).toBe(0);
    expect(matching(second, 'hallq_device_state', { device: 'K1-printer' })).toHaveLength(4);

    for (const name of ['hallq_tickets_issued_total', 'hallq_tickets_called_total', 'hallq_queue_waiting']) expect(matching(second, name), name).toEqual(matching(first, name));
    for (const s of matching(first, 'hallq_http_request_duration_seconds_count')) {
      expect(total(second, s.name, s.labels), JSON.stringify(s.labels)).toBeGreaterThanOrEqual(s.value);
    }
    // The second scrape saw the first one timed: the histogram accumulates.
    expect(total(second, 'hallq_http_request_duration_seconds_count', { route: '/metrics' })).toBe(total(first, 'hallq_http_request_duration_seconds_count', { route: '/metrics' }) + 1);
    // The event-loop window rolls on a timer, not on a scrape: within one window the maximum only grows.
    expect(total(second, 'hallq_event_loop_lag_max_seconds')).toBeGreaterThanOrEqual(total(first, 'hallq_event_loop_lag_max_seconds'));
  });
});
