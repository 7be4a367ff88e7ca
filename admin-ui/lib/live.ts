import { signal, type Signal } from '@preact/signals';
import type { SupervisionAlert, SupervisionAlertsPayload } from '../../contract/admin.ts';
import type { DeviceHealthView, StreamEvent } from '../../contract/socket.ts';
import type { TicketView } from '../../contract/ticket.ts';
import { HallStream } from '../../ui-kit/stream.ts';

/**
 * The console's live link: the `full` hall stream (session cookie), the supervision alerts and device
 * health pushed on the same socket. Screens re-read their data when `changes` moves, so an edit made
 * in another console, or a call at a window, shows without a manual refresh.
 */
export class AdminLive {
  readonly stream: HallStream<TicketView>;
  readonly alerts: Signal<SupervisionAlert[] | null> = signal(null);
  readonly alertsAt: Signal<string | null> = signal(null);
  readonly health: Signal<Record<string, DeviceHealthView>> = signal({});
  /** Bumped on every hall event; screens showing live figures follow it. */
  readonly changes = signal(0);
  /** Bumped on config.changed; screens showing configuration re-read it. */
  readonly configChanges = signal(0);

  constructor(url?: string) {
    this.stream = new HallStream<TicketView>({
      ...(url ? { url } : {}),
      onEvent: (e: StreamEvent) => {
        this.changes.value++;
        if (e.type === 'config.changed') this.configChanges.value++;
      },
      onSnapshot: () => this.changes.value++,
    });
    this.stream.raw.on('supervision:alerts', (p: SupervisionAlertsPayload) => this.takeAlerts(p));
    this.stream.raw.on('device:health', (h: DeviceHealthView) => {
      this.health.value = { ...this.health.value, [h.device]: h };
    });
  }

  /** Alerts from GET /api/supervision or the socket; the newest wins. */
  takeAlerts(p: SupervisionAlertsPayload): void {
    if (this.alertsAt.value && p.at < this.alertsAt.value) return;
    this.alertsAt.value = p.at;
    this.alerts.value = p.alerts;
  }

  close(): void {
    this.stream.close();
  }
}
