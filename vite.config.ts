import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** One multi-page build for all UIs: every HTML file in a *-ui folder is a page. */
const UI_FOLDERS = ['kiosk-ui', 'window-ui', 'display-ui', 'admin-ui', 'central-ui', 'book-ui'];
const root = import.meta.dirname;

function pages(): Record<string, string> {
  const input: Record<string, string> = {};
  for (const folder of UI_FOLDERS) {
    let names: string[] = [];
    try {
      names = readdirSync(resolve(root, folder));
    } catch {
      continue;
    }
    for (const name of names.filter((n) => n.endsWith('.html'))) input[`${folder}/${name.replace(/\.html$/, '')}`] = resolve(root, folder, name);
  }
  return input;
}

export default defineConfig({
  root,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist/ui',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: { input: pages() },
  },
});
