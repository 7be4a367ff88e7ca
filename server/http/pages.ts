import type { Express } from 'express';

const PAGES: { path: string; title: string; what: string }[] = [
  { path: '/kiosk', title: '自助取号机', what: 'The citizen kiosk: take a ticket by department and item, ID-card swipe, appointment check-in, service guide.' },
  { path: '/window', title: '窗口叫号终端', what: 'The window terminal: staff sign in, call, recall, start, finish with outcome, transfer, suspend, pause.' },
  { path: '/display', title: '大厅综合屏', what: 'The hall display: newest call, recent calls, waiting per queue, notices, voice announcements.' },
  { path: '/display/window/:n', title: '窗口屏', what: 'The window screen: window, department, staff and badge, honours, current number, items, fees, time limits.' },
  { path: '/evaluate/:window', title: '好差评评价屏', what: 'The evaluation screen facing the citizen: the five 好差评 levels.' },
  { path: '/admin', title: '管理与督查', what: 'The admin console: configuration, live supervision, statistics, audit, 差评 follow-up.' },
  { path: '/t/:id', title: '号票状态', what: 'The phone status page reached from the QR code on a ticket.' },
];

/** Until the UIs land, each page path says plainly what will be there. */
export function placeholderPages(app: Express): void {
  for (const page of PAGES) {
    app.get(page.path, (_req, res) => {
      res.type('html').send(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${page.title} · HallQ</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#0b3d6e;color:#fff}
main{max-width:48rem;padding:3rem;text-align:center}h1{font-size:3rem;margin:0 0 1rem}p{font-size:1.4rem;line-height:1.6;opacity:.9}</style></head>
<body><main><h1>${page.title}</h1><p>${page.what}</p><p>This page is being built. The server API is live: <a style="color:#ffd54f" href="/api/openapi.json">/api/openapi.json</a></p></main></body></html>`);
    });
  }
}
