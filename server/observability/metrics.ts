import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { HallEvent } from '../../contract/events.ts';
import type { QueueEngine } from '../queue/engine.ts';
import { routeOf } from './route-label.ts';

/** What the device gauge reads: the device manager's health registry (`DeviceManager.list`). */
export interface DeviceHealthRow {
  device: string;
  kind: string;
  state: string;
  host: string;
}

export const DEVICE_STATES = ['disconnected', 'connecting', 'ready', 'fault'] as const;

const CALL_KINDS: Partial<Record<HallEvent['type'], string>> = { 'ticket.called': 'call', 'ticket.recalled': 'recall', 'ticket.resumed': 'call_back' };

/**
 * prom-client's default event-loop gauges (nodejs_eventloop_lag_*) reset their histogram on every
 * scrape, so a second scraper (or a person with curl) would change what the first one sees. They are
 * removed; hallq_event_loop_lag_* below roll their window on a timer instead.
 */
const RESETTING_DEFAULTS = ['', '_min', '_max', '_mean', '_stddev', '_p50', '_p90', '_p99'].map((s) => `nodejs_eventloop_lag${s}_seconds`);

export interface MetricsOptions {
  /** The event-loop delay window, rolled on a timer (default 15 s). */
  loopWindowMs?: number;
}

/** Event-loop delay over the last completed window; reading it changes nothing. */
class LoopDelay {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });
  private last: { p99: number; max: number } | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(windowMs: number) {
    this.histogram.enable();
    this.timer = setInterval(() => this.roll(), windowMs);
    this.timer.unref();
  }

  private roll(): void {
    this.last = this.current();
    this.histogram.reset();
  }

  private current(): { p99: number; max: number } {
    const h = this.histogram;
    return h.count > 0 ? { p99: h.percentile(99) / 1e9, max: h.max / 1e9 } : { p99: 0, max: 0 };
  }

  /** The last completed window; before the first one completes, the window so far. */
  read(): { p99: number; max: number } {
    return this.last ?? this.current();
  }

  stop(): void {
    clearInterval(this.timer);
    this.histogram.disable();
  }
}

/**
 * The server's Prometheus metrics (prom-client), on a registry of its own: two servers in one process
 * (tests) never share a counter. Domain counters move on committed events; gauges are read from the
 * engine's views and the device registry when scraped. A scrape never resets anything.
 */
export class Metrics {
  readonly registry = new Registry();
  /** Socket.IO clients connected; the realtime layer counts them. */
  socketsConnected = 0;
  private devices: () => readonly DeviceHealthRow[] = () => [];
  private readonly loop: LoopDelay;
  private readonly offEvents: () => void;
  private readonly requestDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(engine: QueueEngine, options: MetricsOptions = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    for (const name of RESETTING_DEFAULTS) this.registry.removeSingleMetric(name);

    this.requestDuration = new Histogram({
      name: 'hallq_http_request_duration_seconds',
      help: 'HTTP request durations by method, route pattern and status.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    });

    const issued = new Counter({
      name: 'hallq_tickets_issued_total',
      help: 'Tickets issued since the server started, by queue and source (committed ticket.issued events).',
      labelNames: ['queue', 'source'],
      registers,
    });
    const called = new Counter({
      name: 'hallq_tickets_called_total',
      help: 'Calls since the server started, by window, queue and kind (call, recall, call_back).',
      labelNames: ['window', 'queue', 'kind'],
      registers,
    });
    this.offEvents = engine.onEvents((events) => {
      for (const e of events) {
        if (!e.ticket) continue;
        if (e.type === 'ticket.issued') {
          issued.inc({ queue: e.ticket.queue, source: e.ticket.source });
          continue;
        }
        const kind = CALL_KINDS[e.type];
        if (kind) called.inc({ window: String(e.window ?? e.ticket.window ?? ''), queue: e.ticket.queue, kind });
      }
    });

    new Gauge({
      name: 'hallq_queue_waiting',
      help: 'Tickets waiting per queue, read from the engine when scraped.',
      labelNames: ['queue'],
      registers,
      collect() {
        this.reset();
        for (const q of engine.views.queueStatus()) this.set({ queue: q.code }, q.waiting);
      },
    });

    new Gauge({
      name: 'hallq_storage_state',
      help: 'The database storage: 1 for the state it is in, 0 for the others (ok, full, error).',
      labelNames: ['state'],
      registers,
      collect() {
        const now = engine.core.storage.status().state;
        for (const state of ['ok', 'full', 'error'] as const) this.set({ state }, state === now ? 1 : 0);
      },
    });

    const sockets = () => this.socketsConnected;
    new Gauge({
      name: 'hallq_sockets_connected',
      help: 'Socket.IO clients connected.',
      registers,
      collect() {
        this.set(sockets());
      },
    });

    const devices = () => this.devices();
    new Gauge({
      name: 'hallq_device_state',
      help: `Device health: 1 for the state each device is in, 0 for the others (${DEVICE_STATES.join(', ')}).`,
      labelNames: ['device', 'kind', 'host', 'state'],
      registers,
      collect() {
        this.reset();
        for (const d of devices()) {
          for (const state of DEVICE_STATES) this.set({ device: d.device, kind: d.kind, host: d.host, state }, d.state === state ? 1 : 0);
        }
      },
    });

    const windowMs = options.loopWindowMs ?? 15_000;
    this.loop = new LoopDelay(windowMs);
    const loop = this.loop;
    new Gauge({
      name: 'hallq_event_loop_lag_seconds',
      help: `Event-loop delay, 99th percentile over the last completed ${windowMs / 1000} s window.`,
      registers,
      collect() {
        this.set(loop.read().p99);
      },
    });
    new Gauge({
      name: 'hallq_event_loop_lag_max_seconds',
      help: `Event-loop delay, maximum over the last completed ${windowMs / 1000} s window.`,
      registers,
      collect() {
        this.set(loop.read().max);
      },
    });
  }

  /** Where the device gauge reads health from (the device manager, built after the context). */
  watchDevices(list: () => readonly DeviceHealthRow[]): void {
    this.devices = list;
  }

  /** Express middleware timing every request by method, route pattern and status. */
  httpTimer(): RequestHandler {
    return (req, res, next) => {
      const end = this.requestDuration.startTimer();
      res.once('finish', () => end({ method: req.method, route: routeOf(req), status: String(res.statusCode) }));
      next();
    };
  }

  /** Prometheus text exposition. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** GET /metrics. */
  handler(): RequestHandler {
    return async (_req, res) => {
      const body = await this.render();
      res.setHeader('content-type', this.registry.contentType);
      res.end(body);
    };
  }

  stop(): void {
    this.offEvents();
    this.loop.stop();
  }
}
