import { HallInfo, Rules } from '../../contract/config.ts';
import type { HallContext } from '../context.ts';
import {
  ENTITIES,
  PasswordBody,
  createEntry,
  hallSettings,
  issueDeviceToken,
  listEntries,
  preparePassword,
  replaceHall,
  replaceRules,
  resetPassword,
  retireEntry,
  updateEntry,
} from '../usecases/admin-config.ts';
import { callerOf, type AddRoute, type ResponseSpec } from './route.ts';
import { ADMIN_CREATED_RESPONSES, ADMIN_LIST_RESPONSES, ADMIN_SAVED_RESPONSES, DeviceToken, HallInfoSaved, HallSettings, Ok, RulesSaved } from '../../contract/responses.ts';

/** Admin CRUD over the hall configuration; each write is one use case (server/usecases/admin-config.ts). */
export function adminRoutes(add: AddRoute, ctx: HallContext): void {
  for (const spec of Object.values(ENTITIES)) {
    const base = `/api/admin/${spec.list}`;
    add({ method: 'get', path: base, summary: `List ${spec.list}`, tag: 'admin', response: ADMIN_LIST_RESPONSES[spec.list] as ResponseSpec, allow: ['supervisor'] }, () => ({ [spec.list]: listEntries(ctx, spec.list) }));
    // A staff member's new password is checked and hashed (off the event loop) before the write, so
    // those two routes run outside the group commit; the other lists write inside it.
    const staff = spec.list === 'staff';
    const hashed = (body: Record<string, unknown>) => (typeof body.password === 'string' ? preparePassword(body.password, String(body.badge ?? '')) : Promise.resolve(undefined));
    const create = { method: 'post', path: base, summary: `Create a ${spec.list} entry`, tag: 'admin', response: ADMIN_CREATED_RESPONSES[spec.list] as ResponseSpec, allow: ['admin'], body: spec.schema } as const;
    const replace = { method: 'put', path: `${base}/:key`, summary: `Replace a ${spec.list} entry`, tag: 'admin', response: ADMIN_SAVED_RESPONSES[spec.list] as ResponseSpec, allow: ['admin'], body: spec.schema } as const;
    if (staff) {
      add({ ...create, allow: ['admin'], ungrouped: true }, async ({ body, principal, req }) =>
        createEntry(ctx, callerOf(principal, req), spec.list, body as Record<string, unknown>, await hashed(body as Record<string, unknown>)),
      );
      add({ ...replace, allow: ['admin'], ungrouped: true }, async ({ body, params, principal, req }) =>
        updateEntry(ctx, callerOf(principal, req), spec.list, params.key ?? '', body as Record<string, unknown>, await hashed(body as Record<string, unknown>)),
      );
    } else {
      add({ ...create, allow: ['admin'] }, ({ body, principal, req }) => createEntry(ctx, callerOf(principal, req), spec.list, body as Record<string, unknown>));
      add({ ...replace, allow: ['admin'] }, ({ body, params, principal, req }) => updateEntry(ctx, callerOf(principal, req), spec.list, params.key ?? '', body as Record<string, unknown>));
    }
    add({ method: 'delete', path: `${base}/:key`, summary: `Retire a ${spec.list} entry (history is kept)`, tag: 'admin', response: Ok, allow: ['admin'] }, ({ params, principal, req }) =>
      retireEntry(ctx, callerOf(principal, req), spec.list, params.key ?? ''),
    );
  }

  add({ method: 'post', path: '/api/admin/staff/:key/password', summary: "Reset a staff member's password", tag: 'admin', response: Ok, allow: ['admin'], body: PasswordBody, ungrouped: true }, ({ params, body, principal, req }) =>
    resetPassword(ctx, callerOf(principal, req), params.key ?? '', body.password),
  );
  add({ method: 'post', path: '/api/admin/devices/:key/token', summary: 'Issue a new device token (shown once)', tag: 'admin', response: DeviceToken, allow: ['admin'] }, ({ params, principal, req }) =>
    issueDeviceToken(ctx, callerOf(principal, req), params.key ?? ''),
  );
  add({ method: 'get', path: '/api/admin/settings', summary: 'Hall information and ticket rules', tag: 'admin', response: HallSettings, allow: ['supervisor'] }, () => hallSettings(ctx));
  add({ method: 'put', path: '/api/admin/rules', summary: 'Replace the ticket rules', tag: 'admin', response: RulesSaved, allow: ['admin'], body: Rules.strict() }, ({ body, principal, req }) =>
    replaceRules(ctx, callerOf(principal, req), body),
  );
  add({ method: 'put', path: '/api/admin/hall', summary: 'Replace the hall information and hours', tag: 'admin', response: HallInfoSaved, allow: ['admin'], body: HallInfo.strict() }, ({ body, principal, req }) =>
    replaceHall(ctx, callerOf(principal, req), body),
  );
}

