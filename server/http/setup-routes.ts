import type { Express, Request } from 'express';
import { SetupBody, SetupDone, SetupStatus } from '../../contract/setup.ts';
import { FirstRunGate } from '../auth/first-run-gate.ts';
import { DomainError } from '../common/errors.ts';
import type { HallContext } from '../context.ts';
import { createFirstAdmin, needsFirstAdmin } from '../usecases/first-run.ts';
import { EVERYONE, type AddRoute } from './route.ts';
import { SETUP_CSS, SETUP_JS, setupPage } from './setup-page.ts';

const forwarded = (req: Request): boolean => Boolean(req.headers['x-forwarded-for'] || req.headers.forwarded || req.headers['x-real-ip']);

const notOpen = () => new DomainError('not_found', 'NOT_FOUND', '没有这个接口，请查看 /api/openapi.json。');

/**
 * The first-run page: `/setup` (a form, its script and style served from here, so the page passes the
 * CSP) and `POST /api/setup`. Both exist only while no admin can sign in; then they answer 404 as if
 * they had never been there. A caller on the server itself (loopback peer, no proxy headers) needs no
 * code; anyone else needs the one-time code printed on the server's console (FirstRunGate).
 */
export function setupRoutes(app: Express, add: AddRoute, ctx: HallContext, gate: FirstRunGate): void {
  const open = () => needsFirstAdmin(ctx);
  app.get('/setup', (req, res, next) => {
    if (!open()) return next();
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(setupPage(ctx.engine.catalog.hall.name, !FirstRunGate.isLocal({ remoteAddress: req.socket.remoteAddress, forwarded: forwarded(req) })));
  });
  app.get('/setup/setup.js', (_req, res, next) => (open() ? res.type('text/javascript').send(SETUP_JS) : next()));
  app.get('/setup/setup.css', (_req, res, next) => (open() ? res.type('text/css').send(SETUP_CSS) : next()));

  add({ method: 'get', path: '/api/setup', summary: 'Whether the first-run setup is open (no admin can sign in yet)', tag: 'setup', response: SetupStatus, allow: EVERYONE }, ({ req }) => ({
    open: open(),
    codeRequired: !FirstRunGate.isLocal({ remoteAddress: req.socket.remoteAddress, forwarded: forwarded(req) }),
  }));
  add(
    { method: 'post', path: '/api/setup', summary: 'Set up the first admin (only while no admin can sign in)', tag: 'setup', response: SetupDone, allow: EVERYONE, body: SetupBody, ungrouped: true },
    async ({ req, body }) => {
      if (!open()) throw notOpen();
      const verdict = gate.admit({ remoteAddress: req.socket.remoteAddress, forwarded: forwarded(req), code: body.code });
      if (verdict === 'code_required') throw new DomainError('forbidden', 'SETUP_CODE_REQUIRED', '请输入服务器控制台上显示的一次性设置码（在服务器本机打开此页则无需设置码）。');
      if (verdict === 'wrong_code') throw new DomainError('forbidden', 'SETUP_CODE_WRONG', '设置码不正确。连续输错 5 次后设置码会更换，请查看服务器控制台上的最新设置码。');
      const done = await createFirstAdmin(ctx, req.socket.remoteAddress ?? null, body);
      gate.spend();
      ctx.log.info({ badge: done.badge }, 'first admin set up on the first-run page');
      return { badge: done.badge, next: '/admin' };
    },
  );
}
