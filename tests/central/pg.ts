import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh PostgreSQL database per test file, on the server of CENTRAL_TEST_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres, trust auth). `drop()` ends leftover connections and
 * drops it.
 *
 *   const db = await createTestDatabase();   // { url, name, drop }
 *   afterAll(() => db.drop());
 */
export const ADMIN_URL = process.env.CENTRAL_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  /** Connection URL of the new database. */
  url: string;
  name: string;
  /**
   * A pool on the database for a test's own queries. Like the centre's pool it listens for errors of
   * idle clients: `drop()` terminates what is still connected (WITH FORCE), and a client still
   * ending at that moment would otherwise throw its FATAL out of the test run.
   */
  pool(max?: number): pg.Pool;
  drop(): Promise<void>;
}

export async function createTestDatabase(prefix = 'hallq_test'): Promise<TestDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    pool(max = 2) {
      const pool = new pg.Pool({ connectionString: url.toString(), max });
      pool.on('error', () => undefined);
      return pool;
    },
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
