// The dispute store on a PostgreSQL server (TEST_DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/test).
// Each test gets a schema of its own (`cpd_test_<random>`, selected through the connection's
// search_path and dropped afterwards), so runs sharing one database never see each other's rows.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { openPostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import type { SqlDatabase } from '../../src/app/ports/sql-database.ts';
import { describeDisputeStore } from './dispute-store.suite.ts';

const url = process.env.TEST_DATABASE_URL;

/** The connection string with `-c search_path=<schema>` added to its startup options. */
function withSearchPath(connectionString: string, schema: string): string {
  const u = new URL(connectionString);
  const options = u.searchParams.get('options');
  u.searchParams.set('options', `${options ? `${options} ` : ''}-c search_path=${schema}`);
  return u.toString();
}

if (!url) {
  describe.skip('PostgreSQL dispute store (TEST_DATABASE_URL not set)', () => {
    it('runs the dispute store suite against a PostgreSQL server', () => {});
  });
} else {
  let admin: SqlDatabase | undefined;
  const urls = new WeakMap<SqlDatabase, string>();

  const openDb = async (): Promise<SqlDatabase> => {
    admin ??= await openPostgresDatabase({ connectionString: url, max: 2 });
    const schema = `cpd_test_${randomBytes(6).toString('hex')}`;
    await admin.query(`create schema ${schema}`);
    const connectionString = withSearchPath(url, schema);
    const db = await openPostgresDatabase({ connectionString, max: 5 });
    const handle: SqlDatabase = {
      kind: db.kind,
      tenantId: null,
      forTenant: (tenantId) => db.forTenant(tenantId),
      query: (sql, params) => db.query(sql, params),
      transaction: (work) => db.transaction(work),
      close: async () => {
        await db.close();
        await admin!.query(`drop schema ${schema} cascade`);
      },
    };
    urls.set(handle, connectionString);
    return handle;
  };

  afterAll(async () => {
    await admin?.close();
  });

  describeDisputeStore('PostgreSQL dispute store', openDb, {
    openSecondHandle: (db) => openPostgresDatabase({ connectionString: urls.get(db)!, max: 5 }),
  });
}
