import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { QueueEngine } from '../queue/engine.ts';

/** Prometheus text exposition, written by hand: a handful of gauges and counters needs no client library. */
export class Metrics {
  ticketsIssued = 0;
  ticketsCalled = 0;
  socketsConnected = 0;
  private readonly loop: IntervalHistogram;

  constructor(engine: QueueEngine) {
    this.loop = monitorEventLoopDelay({ resolution: 20 });
    this.loop.enable();
    engine.onEvents((events) => {
      for (const e of events) {
        if (e.type === 'ticket.issued') this.ticketsIssued++;
        else if (e.type === 'ticket.called' || e.type === 'ticket.resumed') this.ticketsCalled++;
      }
    });
  }

  render(engine: QueueEngine): string {
    const lines = [
      '# HELP hallq_tickets_issued_total Tickets issued since the server started.',
      '# TYPE hallq_tickets_issued_total counter',
      `hallq_tickets_issued_total ${this.ticketsIssued}`,
      '# HELP hallq_tickets_called_total Calls (including call-backs) since the server started.',
      '# TYPE hallq_tickets_called_total counter',
      `hallq_tickets_called_total ${this.ticketsCalled}`,
      '# HELP hallq_queue_waiting Tickets waiting per queue.',
      '# TYPE hallq_queue_waiting gauge',
      ...engine.views.queueStatus().map((q) => `hallq_queue_waiting{queue="${q.code}"} ${q.waiting}`),
      '# HELP hallq_sockets_connected Socket.IO clients connected.',
      '# TYPE hallq_sockets_connected gauge',
      `hallq_sockets_connected ${this.socketsConnected}`,
      '# HELP hallq_event_loop_lag_seconds Event-loop delay, p99 over the last interval.',
      '# TYPE hallq_event_loop_lag_seconds gauge',
      `hallq_event_loop_lag_seconds ${(this.loop.percentile(99) / 1e9).toFixed(6)}`,
    ];
    this.loop.reset();
    return `${lines.join('\n')}\n`;
  }

  stop(): void {
    this.loop.disable();
  }
}
