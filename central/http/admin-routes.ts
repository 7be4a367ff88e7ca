import {
  CentralUserList,
  CentralUserView,
  CreateCentralUserBody,
  AuditList,
  AuditQuery,
  DivergenceList,
  HallTokenIssued,
  HallView,
  RegisterHallBody,
  ResolveDivergenceBody,
  ResolveDivergenceResult,
} from '../../contract/central/api.ts';
import { audit } from '../audit.ts';
import { createUser, listUsers } from '../auth/users.ts';
import { notFound } from '../errors.ts';
import { hallByCode, issueHallToken, registerHall, revokeHallToken, toHallView } from '../halls/halls.ts';
import { acceptNewHistory, listDivergences } from '../ingest/divergence.ts';
import { route, type RouteDef, type RouteDeps } from './route.ts';

/** What only a central admin does: register halls, issue and revoke hall tokens, resolve divergences, read the audit log. */
export function adminRoutes(deps: RouteDeps): RouteDef[] {
  const { pool, bus } = deps;
  const actor = (u: { username: string } | null) => `user:${u!.username}`;
  return [
    route({
      method: 'post',
      path: '/api/admin/halls',
      access: 'admin',
      summary: 'Register a hall under a region; answers its token once',
      body: RegisterHallBody,
      handler: async ({ user, body, res }) => {
        const { token } = await registerHall(pool, body);
        await audit(pool, { actor: actor(user), action: 'hall.registered', target: body.code, detail: { region: body.region, kind: body.kind } });
        bus.emit('hall', { hall: body.code, change: 'registered' });
        res.status(201);
        return HallTokenIssued.parse({ hall: body.code, token });
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/halls/:code/token',
      access: 'admin',
      summary: 'Issue a new hall token (the old one stops working at once)',
      handler: async ({ user, params }) => {
        const token = await issueHallToken(pool, params.code!);
        await audit(pool, { actor: actor(user), action: 'hall.token_issued', target: params.code! });
        bus.emit('hall', { hall: params.code!, change: 'token_issued' });
        return HallTokenIssued.parse({ hall: params.code, token });
      },
    }),
    route({
      method: 'delete',
      path: '/api/admin/halls/:code/token',
      access: 'admin',
      summary: "Revoke the hall's token (its uplink is refused until a new one is issued)",
      handler: async ({ user, params }) => {
        await revokeHallToken(pool, params.code!);
        await audit(pool, { actor: actor(user), action: 'hall.token_revoked', target: params.code! });
        bus.emit('hall', { hall: params.code!, change: 'token_revoked' });
        const hall = await hallByCode(pool, params.code!);
        return HallView.parse(toHallView(hall!));
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/halls/:code/divergences',
      access: 'admin',
      summary: "The hall's divergences, newest first",
      handler: async ({ params }) => {
        if (!(await hallByCode(pool, params.code!))) throw notFound(`营业厅 ${params.code} `);
        return DivergenceList.parse({ divergences: await listDivergences(pool, params.code!) });
      },
    }),
    route({
      method: 'post',
      path: '/api/admin/halls/:code/divergence/resolve',
      access: 'admin',
      summary: "Resolve the hall's open divergence by accepting its new history (see ResolveDivergenceBody)",
      body: ResolveDivergenceBody,
      handler: async ({ user, params, body }) => {
        const result = await acceptNewHistory(pool, params.code!, user!.username, body.note);
        bus.emit('hall', { hall: params.code!, change: 'divergence_resolved' });
        return ResolveDivergenceResult.parse(result);
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/users',
      access: 'admin',
      summary: 'Central users and the regions they are bound to',
      handler: async () => CentralUserList.parse({ users: await listUsers(pool) }),
    }),
    route({
      method: 'post',
      path: '/api/admin/users',
      access: 'admin',
      summary: 'Create a supervisor bound to a region of its role’s level, or another admin',
      body: CreateCentralUserBody,
      handler: async ({ user, body, res }) => {
        const created = await createUser(pool, body, actor(user));
        res.status(201);
        return CentralUserView.parse(created);
      },
    }),
    route({
      method: 'get',
      path: '/api/admin/audit',
      access: 'admin',
      summary: "The centre's audit log, newest first",
      query: AuditQuery,
      handler: async ({ query }) => {
        const rows = await pool.query<{ id: number; at: Date; actor: string; action: string; target: string | null; detail: Record<string, unknown> | null }>(
          `SELECT id, at, actor, action, target, detail FROM central_audit WHERE ($1::text IS NULL OR action = $1) ORDER BY id DESC LIMIT $2`,
          [query.action ?? null, query.limit],
        );
        return AuditList.parse({ entries: rows.rows.map((r) => ({ ...r, at: r.at.toISOString() })) });
      },
    }),
  ];
}
