import { KioskPrinterState } from '../../contract/kiosk-printer.ts';
import type { DeviceStatusView } from '../../contract/socket.ts';
import { DomainError } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import type { DeviceManager } from '../devices/manager.ts';
import { agentScopedToKiosk } from '../usecases/devices.ts';
import type { AddRoute } from './route.ts';

/** A printer's registry entry as the kiosk needs it: can a ticket come out now, and if not, why. */
export function printerStateOf(printer: DeviceStatusView): KioskPrinterState['state'] {
  if (printer.state === 'ready') return 'ready';
  if (printer.state === 'fault') return /paper end/i.test(printer.reason ?? '') ? 'paper_out' : 'fault';
  return 'offline';
}

/**
 * GET /api/kiosk/printer: the calling kiosk's own printer, read from the device registry (the server's
 * devices and its agents'), so the kiosk's home screen warns before a number is taken. A kiosk whose
 * printing agent has not registered since the server started counts as offline, as its print jobs do.
 */
export function kioskPrinterRoute(add: AddRoute, ctx: HallContext, devices: () => DeviceManager | undefined): void {
  add(
    { method: 'get', path: '/api/kiosk/printer', summary: "This kiosk's own ticket printer: ready, out of paper, faulty or offline", tag: 'kiosk', response: KioskPrinterState, allow: ['kiosk'] },
    ({ principal }): KioskPrinterState => {
      if (principal.kind !== 'device' || principal.deviceKind !== 'kiosk') throw new DomainError('forbidden', 'FORBIDDEN', '只有取号机可以查询自己的打印机。');
      const printer = (devices()?.list() ?? []).find((d) => d.kind === 'printer' && d.kiosk === principal.code);
      if (printer) return { state: printerStateOf(printer), since: printer.at };
      return { state: agentScopedToKiosk(ctx, principal.code) !== undefined ? 'offline' : 'none', since: null };
    },
  );
}
