import { ensureUiBuilt } from '../../server/ui-build.ts';

/** The Chromium suites run against the built UIs; build them once if their sources changed. */
export default async function setup(): Promise<void> {
  await ensureUiBuilt((m) => process.stdout.write(`${m}\n`));
}
