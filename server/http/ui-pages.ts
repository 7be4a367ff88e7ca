import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';
import { placeholderPage } from './pages.ts';
import { favicon } from './favicon.ts';

/** Page path → built HTML file (Vite multi-page build in dist/ui). */
export const UI_PAGES: { path: string; file: string; title: string; what: string }[] = [
  { path: '/kiosk', file: 'kiosk-ui/index.html', title: '自助取号机', what: 'The citizen kiosk: take a ticket by department and item, ID-card swipe, appointment check-in, service guide.' },
  { path: '/remote/hall-qr', file: 'kiosk-ui/arrival.html', title: '我已到达', what: 'A hall screen showing the rotating 我已到达 QR for remote numbers (display or kiosk token).' },
  { path: '/remote', file: 'kiosk-ui/remote.html', title: '远程取号', what: 'Take a number from the phone (远程取号), and the hall’s 我已到达 QR (/remote?arrive=…).' },
  { path: '/t/:id', file: 'kiosk-ui/status.html', title: '号票状态', what: 'The phone status page reached from the QR code on a ticket.' },
  { path: '/window', file: 'window-ui/index.html', title: '窗口叫号终端', what: 'The window terminal: staff sign in, call, recall, start, finish with outcome, transfer, suspend, pause.' },
  { path: '/display', file: 'display-ui/index.html', title: '大厅综合屏', what: 'The hall display: newest call, recent calls, waiting per queue, notices, voice announcements.' },
  { path: '/display/window/:n', file: 'display-ui/window.html', title: '窗口屏', what: 'The window screen: window, department, staff and badge, honours, current number, items, fees, time limits.' },
  { path: '/evaluate/:window', file: 'display-ui/evaluate.html', title: '好差评评价屏', what: 'The evaluation screen facing the citizen: the five 好差评 levels.' },
  { path: '/book', file: 'book-ui/index.html', title: '网上预约', what: 'The public booking page (phone): department, item and its materials, date and slot, name + ID number + phone with an SMS code; booking code and QR; look-up and cancellation; the station section (代办).' },
  { path: '/admin', file: 'admin-ui/index.html', title: '管理与督查', what: 'The admin console: configuration, live supervision, statistics, audit, 差评 follow-up.' },
];

/**
 * Serves the built UIs. A page whose build is missing (not built yet, or its issue not done) answers
 * with a plain page saying what will be there, never a 404.
 */
export function uiPages(app: Express, uiDir: string): void {
  app.use('/assets', express.static(path.join(uiDir, 'assets'), { immutable: true, maxAge: '365d', index: false }));
  favicon(app);
  for (const page of UI_PAGES) {
    app.get(page.path, (_req, res) => {
      const file = path.join(uiDir, page.file);
      if (existsSync(file)) {
        res.setHeader('Cache-Control', 'no-cache');
        res.sendFile(file);
      } else res.type('html').send(placeholderPage(page.title, page.what));
    });
  }
}
