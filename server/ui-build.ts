import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * True when the server runs from its TypeScript sources (tsx, vitest), false when it runs the
 * built JavaScript in dist/server (`node dist/server/main.js`).
 */
export const FROM_SOURCE = import.meta.url.endsWith('.ts');

/**
 * The installation root: the folder holding package.json, config/ and dist/ (the repository, or a
 * deployed copy of the built tree). server/ui-build.ts sits one level below it, dist/server/ui-build.js two.
 */
export const ROOT = FROM_SOURCE ? path.resolve(here, '..') : path.resolve(here, '..', '..');
export const UI_DIR = path.join(ROOT, 'dist', 'ui');
const MARKER = path.join(UI_DIR, '.built');
const SOURCES = ['kiosk-ui', 'window-ui', 'display-ui', 'admin-ui', 'central-ui', 'book-ui', 'ui-kit', 'contract', 'vite.config.ts'];

/** The newest modification time of a file or anything below a folder (0 when absent). */
export function newestMtime(p: string): number {
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

/** The built server serves dist/ui as it is: says what is missing, or undefined when the bundle is there. */
export function uiBundleMissing(): string | undefined {
  if (existsSync(MARKER)) return undefined;
  return `The UI bundle is missing: ${UI_DIR} has not been built. Run \`npm run build\` (it needs the devDependencies) and copy dist/ui with the server.`;
}

/**
 * Builds the UI bundle with Vite when a source is newer than the last build. Only for runs from
 * source (`npm run dev`, the e2e suite, `npm run build`): Vite is a devDependency, loaded here on demand.
 */
export async function ensureUiBuilt(log: (message: string) => void = () => undefined, options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && !uiBuildStale()) return;
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
