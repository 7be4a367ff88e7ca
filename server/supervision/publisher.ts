import type { SupervisionAlertsPayload } from '../../contract/admin.ts';

/** The stream room of supervisors and admins (realtime/socket-server.ts ROOM_FULL). */
const SUPERVISORS_ROOM = 'full';

/** What the publisher needs of the Socket.IO server; the composition root passes the real one. */
export interface AlertRooms {
  to(room: string): { emit(event: 'supervision:alerts', payload: SupervisionAlertsPayload): unknown };
}

/** Pushes the active alerts to supervisors and admins only; never to staff, devices or the public. */
export function publishSupervisionAlerts(io: AlertRooms, payload: SupervisionAlertsPayload): void {
  io.to(SUPERVISORS_ROOM).emit('supervision:alerts', payload);
}
