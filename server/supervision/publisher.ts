import type { SupervisionAlertsPayload } from '../../contract/admin.ts';
import type { HallSocketServer } from '../realtime/socket-server.ts';

/** The stream room of supervisors and admins (socket-server.ts ROOM_FULL). */
const SUPERVISORS_ROOM = 'full';

/** Pushes the active alerts to supervisors and admins only; never to staff, devices or the public. */
export function publishSupervisionAlerts(io: HallSocketServer, payload: SupervisionAlertsPayload): void {
  io.to(SUPERVISORS_ROOM).emit('supervision:alerts', payload);
}
