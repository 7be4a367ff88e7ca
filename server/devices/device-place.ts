import type { DeviceStatusView } from '../../contract/socket.ts';

/** A device's owner (kiosk, window or strip) as the fields of its registry entry. */
export function deviceWhere(d: { kiosk?: string; window?: number; strip?: string }): Partial<DeviceStatusView> {
  return {
    ...(d.kiosk !== undefined ? { kiosk: d.kiosk } : {}),
    ...(d.window !== undefined ? { window: d.window } : {}),
    ...(d.strip !== undefined ? { strip: d.strip } : {}),
  };
}

/** Where a device is, as the audit log's place: its kiosk, window or strip, else its agent. */
export function placeOf(v: DeviceStatusView): string | null {
  if (v.kiosk) return `kiosk:${v.kiosk}`;
  if (v.window !== undefined) return `window:${v.window}`;
  if (v.strip) return `strip:${v.strip}`;
  return v.host === 'server' ? null : `agent:${v.host}`;
}
