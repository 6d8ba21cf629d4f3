// The database a start opens, and the schema brought up to date in it.
import { currentRole, grantAppRole } from '../adapters/sql/database-roles.ts';
import { migrate } from '../adapters/sql/migrations.ts';
import type { SqlDatabase } from '../app/ports/sql-database.ts';
import type { AppConfig } from '../config.ts';

// Only the engine in use is loaded (node-postgres, or PGlite and its WASM glue), as integrations.ts
// does for the Graph adapters: a server holds only what its configuration uses.
export async function openDatabase(store: AppConfig['store']): Promise<SqlDatabase> {
  if (store.kind === 'postgres') {
    const { openPostgresDatabase } = await import('../adapters/sql/postgres-database.ts');
    return openPostgresDatabase({ connectionString: store.url });
  }
  const { openPgliteDatabase } = await import('../adapters/sql/pglite-database.ts');
  return openPgliteDatabase({ dataDir: store.dataDir });
}

/**
 * Brings the schema up to date: as the owner role when MIGRATION_DATABASE_URL is set, granting the
 * app's role (DATABASE_URL's) what it needs and nothing more; otherwise as the app's one role.
 */
export async function migrateSchema(config: AppConfig, db: SqlDatabase): Promise<'owner role' | 'one role'> {
  if (config.store.kind !== 'postgres' || !config.store.migrationUrl) {
    await migrate(db);
    return 'one role';
  }
  const { openPostgresDatabase } = await import('../adapters/sql/postgres-database.ts');
  const owner = await openPostgresDatabase({
    connectionString: config.store.migrationUrl,
    max: 1,
    pipelined: 0,
  });
  try {
    await migrate(owner);
    const appRole = await db.transaction((tx) => currentRole(tx));
    await owner.transaction((tx) => grantAppRole(tx, appRole));
  } finally {
    await owner.close();
  }
  return 'owner role';
}
