import type { DeviceStatusView } from '../../contract/socket.ts';
import type { DeviceManager } from '../devices/manager.ts';
import type { AddRoute } from './route.ts';
import { DeviceList } from '../../contract/responses.ts';

/** The device registry: health of every device the server or its agents drive (supervisors and admins). */
export function deviceRoutes(add: AddRoute, devices: () => DeviceManager | undefined): void {
  add(
    { method: 'get', path: '/api/devices', summary: 'Devices and their health (server and agents)', tag: 'supervisor', response: DeviceList, allow: ['supervisor'] },
    (): { devices: DeviceStatusView[]; printJobsPending: number } => {
      const m = devices();
      return { devices: m?.list() ?? [], printJobsPending: m?.agents.pendingJobs().length ?? 0 };
    },
  );
}
