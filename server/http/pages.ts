/** The placeholder's one inline style; the Content-Security-Policy admits it by its hash (http/security.ts). */
export const PLACEHOLDER_STYLE = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;display:grid;place-items:center;min-height:100vh;background:#0b3d6e;color:#fff}
main{max-width:48rem;padding:3rem;text-align:center}h1{font-size:3rem;margin:0 0 1rem}p{font-size:1.4rem;line-height:1.6;opacity:.9}a{color:#ffd54f}`;

/** The page shown for a UI path whose build is missing: it says plainly what will be there. */
export function placeholderPage(title: string, what: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title} · HallQ</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${PLACEHOLDER_STYLE}</style></head>
<body><main><h1>${title}</h1><p>${what}</p><p>This page is not built yet. The server API is live: <a href="/api/openapi.json">/api/openapi.json</a></p></main></body></html>`;
}
