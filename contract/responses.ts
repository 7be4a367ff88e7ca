/**
 * REST response bodies, declared once for the server (which checks what it answers, see
 * server/http/route.ts) and the UIs (which parse what they read, see ui-kit/api.ts). One file per
 * area under responses/; statistics, supervision, 差评 cases, webhooks and the catalogue CSV live in
 * admin.ts next to their request bodies, snapshots in snapshot.ts, device views in socket.ts.
 */
export * from './responses/common.ts';
export * from './responses/public.ts';
export * from './responses/auth.ts';
export * from './responses/kiosk.ts';
export * from './responses/window.ts';
export * from './responses/supervisor.ts';
export * from './responses/admin.ts';
export * from './responses/devices.ts';
