/**
 * The first-run page: a plain form, its script and its style as separate same-origin files (no inline
 * script or style, so it passes the server's Content-Security-Policy). It posts JSON to /api/setup.
 */
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function setupPage(hallName: string, codeRequired: boolean): string {
  const code = codeRequired
    ? `<label>一次性设置码（服务器控制台上显示）<input name="code" autocomplete="one-time-code" required placeholder="XXXX-XXXX-XXXX"></label>`
    : `<p class="hint">您正在服务器本机上设置，无需设置码。</p>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>首次设置 · ${escapeHtml(hallName)} · HallQ</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/setup/setup.css"></head>
<body><main><h1>首次设置：管理员账号</h1><p>${escapeHtml(hallName)} 还没有可以登录的管理员。请设置第一个管理员账号；设置完成后本页关闭，其他账号、设备令牌在管理后台签发。</p>
<form id="setup">
${code}
<label>管理员工号（2–16 位字母或数字）<input name="badge" required pattern="[A-Za-z0-9]{2,16}" autocomplete="username"></label>
<label>姓名<input name="name" required maxlength="20"></label>
<label>密码（至少 10 个字符，不能包含工号，不能是常见密码）<input name="password" type="password" required minlength="10" maxlength="128" autocomplete="new-password"></label>
<label>再次输入密码<input name="again" type="password" required autocomplete="new-password"></label>
<button type="submit">创建管理员</button>
<p id="message" role="status"></p>
</form></main><script src="/setup/setup.js"></script></body></html>`;
}

export const SETUP_CSS = `body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:0;background:#f3f6fa;color:#1a2633}
main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:8px;box-shadow:0 2px 8px #0002}
label{display:block;margin:1rem 0}input{display:block;width:100%;box-sizing:border-box;font-size:1.1rem;padding:.5rem;margin-top:.3rem}
button{font-size:1.1rem;padding:.6rem 1.4rem}#message{min-height:1.5rem}.error{color:#b00020}.hint{color:#2e7d32}`;

export const SETUP_JS = `(() => {
  const form = document.getElementById('setup');
  const message = document.getElementById('message');
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    message.className = '';
    if (data.get('password') !== data.get('again')) { message.className = 'error'; message.textContent = '两次输入的密码不一致。'; return; }
    const body = { badge: String(data.get('badge')), name: String(data.get('name')), password: String(data.get('password')) };
    if (data.get('code')) body.code = String(data.get('code'));
    const res = await fetch('/api/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    if (res.ok) { message.textContent = '管理员 ' + answer.badge + ' 已创建，正在前往管理后台…'; location.assign(answer.next); return; }
    message.className = 'error';
    message.textContent = (answer.error && answer.error.message) || ('设置失败（' + res.status + '）');
  });
})();
`;
