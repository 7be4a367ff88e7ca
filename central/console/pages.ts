import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Express } from 'express';

const here = path.dirname(fileURLToPath(import.meta.url));
/** central/console/pages.ts from source, dist/central/console/pages.js when built: the root holds dist/. */
const ROOT = import.meta.url.endsWith('.ts') ? path.resolve(here, '..', '..') : path.resolve(here, '..', '..', '..');
export const CENTRAL_UI_DIR = path.join(ROOT, 'dist', 'ui');

/** Page path → built HTML file of central-ui (the Vite multi-page build). */
export const CENTRAL_PAGES: { path: string; file: string; title: string }[] = [
  { path: '/', file: 'central-ui/index.html', title: '督查平台登录' },
  { path: '/console', file: 'central-ui/console.html', title: '实时督查' },
  { path: '/stats', file: 'central-ui/stats.html', title: '统计与排名' },
  { path: '/evaluations', file: 'central-ui/evaluations.html', title: '好差评记录' },
  { path: '/public/appraisal/:region/:month', file: 'central-ui/appraisal.html', title: '考核结果公布' },
];

const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/**
 * Serves the central pages from the UI build (dist/ui). A page whose build is missing answers with a
 * plain page saying how to build it, never a 404. Pages carry no data: each reads the API itself, so
 * the public appraisal page needs no session and the others send the browser to sign in.
 */
export function centralPages(app: Express, uiDir: string = CENTRAL_UI_DIR): void {
  app.use('/assets', express.static(path.join(uiDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  for (const page of CENTRAL_PAGES) {
    app.get(page.path, (_req, res) => {
      const file = path.join(uiDir, page.file);
      if (existsSync(file)) {
        res.setHeader('Cache-Control', 'no-cache');
        res.sendFile(file);
      } else {
        res
          .status(503)
          .type('html')
          .send(`<!doctype html><meta charset="utf-8"><title>${escapeHtml(page.title)}</title><p>${escapeHtml(page.title)}：页面尚未构建。请先运行 <code>npm run build</code>（需要开发依赖）。</p>`);
      }
    });
  }
}
