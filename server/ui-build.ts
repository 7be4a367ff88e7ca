import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const UI_DIR = path.join(ROOT, 'dist', 'ui');
const MARKER = path.join(UI_DIR, '.built');
const SOURCES = ['kiosk-ui', 'window-ui', 'display-ui', 'admin-ui', 'ui-kit', 'contract', 'vite.config.ts'];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const name of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, name)));
  return newest;
}

/** True when a UI source is newer than the last build (or there is none). */
export function uiBuildStale(): boolean {
  if (!existsSync(MARKER)) return true;
  const built = statSync(MARKER).mtimeMs;
  return SOURCES.some((s) => newestMtime(path.join(ROOT, s)) > built);
}

/** `npm start` builds what is missing: the UI bundle is rebuilt only when its sources changed. */
export async function ensureUiBuilt(log: (message: string) => void = () => undefined): Promise<void> {
  if (!uiBuildStale()) return;
  const hasPages = SOURCES.filter((s) => s.endsWith('-ui')).some((folder) => {
    const dir = path.join(ROOT, folder);
    return existsSync(dir) && readdirSync(dir).some((n) => n.endsWith('.html'));
  });
  if (hasPages) {
    log('building the UIs (vite)…');
    const { build } = await import('vite');
    await build({ configFile: path.join(ROOT, 'vite.config.ts'), logLevel: 'warn' });
  }
  mkdirSync(UI_DIR, { recursive: true });
  writeFileSync(MARKER, new Date().toISOString());
}
