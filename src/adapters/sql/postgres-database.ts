// A PostgreSQL server through node-postgres: production, and the coordinator when several app
// instances share one database (row locks, SKIP LOCKED). Single statements go over a few pipelined
// connections (pipelined-lanes.ts), transactions over a pool. Rows come back in the same shapes as
// from PGlite: timestamptz as an ISO-8601 UTC string, date as 'YYYY-MM-DD', int8 as a number —
// parsed per connection (the `types` option), so nothing global in `pg` is changed.
import pg from 'pg';
import type { QueryOptions, SqlDatabase, SqlExecutor, SqlResult } from '../../app/ports/sql-database.ts';
import { pipelinedLanes, type PipelinedLanes } from './pipelined-lanes.ts';
import { sharedTextParsers } from './pglite-database.ts';
import { beginForTenantSql, checkTenantId, connectionStringForTenant } from './tenant-setting.ts';

export interface PostgresOptions {
  /** e.g. postgres://user@host:5432/db; `?options=-c search_path=...` selects a schema. */
  connectionString: string;
  /** Pool size, for transactions (default 10). */
  max?: number;
  /** Pipelined connections for single statements (default 4; 0: single statements use the pool). */
  pipelined?: number;
}

/** Each instance holds up to max + pipelined connections (14 by default). */
const DEFAULT_PIPELINED = 4;

const poolTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if ((format ?? 'text') === 'text') {
      const parse = sharedTextParsers[oid];
      if (parse) return parse;
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Opens a pool and checks that the server answers (fails fast at start-up on a bad URL). */
export async function openPostgresDatabase(options: PostgresOptions): Promise<SqlDatabase> {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types: poolTypes,
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, that would crash the
  // process. The pool discards that client and the next checkout opens a fresh one.
  pool.on('error', () => {});
  try {
    await pool.query('select 1');
  } catch (error) {
    await pool.end().catch(() => {});
    throw error;
  }
  const pipelined = options.pipelined ?? DEFAULT_PIPELINED;
  const newLanes = (connectionString: string): PipelinedLanes | null =>
    pipelined > 0
      ? pipelinedLanes(pipelined, () => {
          // `pipeline` is in node-postgres 8.23's Client, not yet in its type definitions.
          const config: pg.ClientConfig & { pipeline: boolean } = {
            connectionString,
            types: poolTypes,
            pipeline: true,
          };
          return new pg.Client(config);
        })
      : null;
  // A council's single statements go over pipelined connections of its own, opened when it first
  // needs them, whose sessions carry the council (tenant-setting.ts). Each council adds
  // `pipelined` connections: plan max_connections for it (docs/tenancy.md).
  const tenantLanes = new Map<string, PipelinedLanes | null>();
  const shared: Shared = {
    pool,
    closed: false,
    lanesFor(tenantId) {
      if (tenantId === null) return (this.rootLanes ??= newLanes(options.connectionString));
      if (!tenantLanes.has(tenantId))
        tenantLanes.set(tenantId, newLanes(connectionStringForTenant(options.connectionString, tenantId)));
      return tenantLanes.get(tenantId)!;
    },
    rootLanes: undefined,
    allLanes: () => [shared.rootLanes ?? null, ...tenantLanes.values()],
  };
  return wrapPool(shared, null);
}

interface Shared {
  pool: pg.Pool;
  closed: boolean;
  lanesFor(this: Shared, tenantId: string | null): PipelinedLanes | null;
  rootLanes: PipelinedLanes | null | undefined;
  allLanes(): (PipelinedLanes | null)[];
}

function wrapPool(shared: Shared, tenantId: string | null): SqlDatabase {
  const { pool } = shared;
  const begin = tenantId === null ? 'begin' : beginForTenantSql(tenantId);
  const database: SqlDatabase = {
    kind: 'postgres',
    tenantId,

    async query<Row>(
      sql: string,
      params?: readonly unknown[],
      options?: QueryOptions,
    ): Promise<SqlResult<Row>> {
      const config = queryConfig(sql, params, options);
      const lanes = shared.lanesFor(tenantId);
      if (lanes) return toResult<Row>(await lanes.query(config));
      // Without pipelined connections a council's statement needs a transaction to carry its council.
      if (tenantId !== null) return database.transaction((tx) => tx.query<Row>(sql, params, options));
      return toResult<Row>(await pool.query(config));
    },

    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query(begin);
        const executor: SqlExecutor = {
          async query<Row>(
            sql: string,
            params?: readonly unknown[],
            options?: QueryOptions,
          ): Promise<SqlResult<Row>> {
            return toResult<Row>(await client.query(queryConfig(sql, params, options)));
          },
        };
        const result = await work(executor);
        const commit = await client.query('commit');
        // COMMIT of a transaction that hit an error (caught by `work`) silently rolls back; say so,
        // as PGlite does, instead of reporting success for writes that were thrown away.
        if (commit.command === 'ROLLBACK')
          throw new Error('the transaction was aborted by an earlier error and rolled back');
        return result;
      } catch (error) {
        try {
          await client.query('rollback');
        } catch (rollbackError) {
          // The connection is in an unknown state: destroy it rather than return it to the pool.
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.release(broken);
      }
    },

    forTenant(council: string) {
      checkTenantId(council);
      return wrapPool(shared, council);
    },

    async close(): Promise<void> {
      // A council's view shares the connections: only the database itself closes them.
      if (tenantId !== null || shared.closed) return;
      shared.closed = true;
      await Promise.all([...shared.allLanes().map((l) => l?.end()), pool.end()]);
    },
  };
  return database;
}

/** A named statement is prepared once per connection (node-postgres keeps them per client). */
function queryConfig(sql: string, params: readonly unknown[] | undefined, options: QueryOptions | undefined) {
  return {
    text: sql,
    ...(params ? { values: [...params] } : {}),
    ...(options?.name ? { name: options.name } : {}),
  };
}

function toResult<Row>(r: pg.QueryResult): SqlResult<Row> {
  return { rows: r.rows as Row[], rowCount: r.rowCount ?? r.rows.length };
}
