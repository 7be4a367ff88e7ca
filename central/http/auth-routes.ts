import { stringifySetCookie } from 'cookie';
import { CentralHealth, CentralLoginBody, CentralMe } from '../../contract/central/api.ts';
import { audit } from '../audit.ts';
import { DUMMY_HASH, verifyPassword } from '../auth/passwords.ts';
import { toMe } from '../auth/principal.ts';
import { createSession, deleteSession, SESSION_COOKIE, userOfSession } from '../auth/sessions.ts';
import { CentralError } from '../errors.ts';
import { clientIp, route, sessionIdOf, type RouteDef, type RouteDeps } from './route.ts';

/** Health, sign-in and sign-out. */
export function authRoutes(deps: RouteDeps): RouteDef[] {
  const { pool } = deps;
  return [
    route({
      method: 'get',
      path: '/api/health',
      access: 'public',
      summary: 'Ready when the database answers',
      handler: async ({ res }) => {
        let database: 'ok' | 'unreachable' = 'ok';
        try {
          await pool.query('SELECT 1');
        } catch {
          database = 'unreachable';
        }
        const body = CentralHealth.parse({ status: database === 'ok' ? 'ok' : 'degraded', database, migrations: deps.migrations(), instance: deps.instance });
        res.status(database === 'ok' ? 200 : 503).json(body);
        return undefined;
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/login',
      access: 'public',
      summary: 'Sign in; sets the session cookie',
      body: CentralLoginBody,
      handler: async ({ req, res, body }) => {
        const ip = clientIp(req);
        const wait = await deps.limiter.blockedFor(body.username, ip);
        if (wait > 0) {
          res.setHeader('Retry-After', String(wait));
          throw new CentralError(429, 'TOO_MANY_ATTEMPTS', `登录失败次数过多，请 ${Math.ceil(wait / 60)} 分钟后再试。`);
        }
        const row = (
          await pool.query<{ username: string; password_hash: string; disabled: boolean }>(
            'SELECT username, password_hash, disabled FROM central_users WHERE username = $1',
            [body.username.toLowerCase()],
          )
        ).rows[0];
        const ok = await verifyPassword(body.password, row?.password_hash ?? DUMMY_HASH);
        if (!row || !ok || row.disabled) {
          await deps.limiter.failed(body.username, ip);
          await audit(pool, { actor: 'anonymous', action: 'login.failed', target: body.username.toLowerCase().slice(0, 32), ip });
          throw new CentralError(401, 'LOGIN_FAILED', '用户名或密码错误。');
        }
        await deps.limiter.succeeded(body.username, ip);
        const session = await createSession(pool, row.username);
        const user = (await userOfSession(pool, session.id))!;
        await audit(pool, { actor: `user:${row.username}`, action: 'login', ip });
        res.setHeader(
          'Set-Cookie',
          stringifySetCookie(SESSION_COOKIE, session.id, {
            httpOnly: true,
            sameSite: 'strict',
            path: '/',
            secure: req.secure,
            expires: session.expiresAt,
          }),
        );
        return CentralMe.parse(toMe(user));
      },
    }),
    route({
      method: 'post',
      path: '/api/auth/logout',
      access: 'user',
      summary: 'Sign out; ends the session',
      handler: async ({ req, res }) => {
        const id = sessionIdOf(req);
        if (id) await deleteSession(pool, id);
        res.setHeader('Set-Cookie', stringifySetCookie(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'strict', path: '/', expires: new Date(0) }));
        res.status(204).end();
        return undefined;
      },
    }),
    route({
      method: 'get',
      path: '/api/auth/me',
      access: 'user',
      summary: 'The signed-in user and the region they supervise',
      handler: async ({ user }) => CentralMe.parse(toMe(user!)),
    }),
  ];
}
