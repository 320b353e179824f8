import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * A fresh, empty schema in the test PostgreSQL (ROLLGATE_TEST_DATABASE_URL), selected through the
 * connection's search_path, so test runs never see each other's rows. `base` defaults to that variable.
 */
export async function freshPostgresUrl(
  base = process.env.ROLLGATE_TEST_DATABASE_URL,
): Promise<{ url: string; schema: string; drop: () => Promise<void> }> {
  if (!base) throw new Error('ROLLGATE_TEST_DATABASE_URL is not set');
  const schema = `rg_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    schema,
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    },
  };
}
