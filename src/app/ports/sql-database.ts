// The one SQL dialect we speak (PostgreSQL), behind a port with two adapters: PGlite (real
// Postgres in WASM, the embedded default) and a PostgreSQL server (production, and the
// multi-instance coordinator). Statements use $1 placeholders and run unchanged on both.

export interface SqlResult<Row> {
  rows: Row[];
  /** Rows inserted, updated or deleted, where the statement reports it. */
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Names a hot statement so a PostgreSQL connection parses and plans it once and then only executes
   * it. One name, one text. PGlite (one in-process connection) ignores it.
   */
  name?: string;
}

export interface SqlExecutor {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
    options?: QueryOptions,
  ): Promise<SqlResult<Row>>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /**
   * The same database, every statement and transaction of which acts for one council: the rows it
   * sees and writes are that council's (row-level security, docs/tenancy.md). It shares this
   * database's connections; closing it closes nothing.
   */
  forTenant(tenantId: string): SqlDatabase;
  /** The council this view acts for; null for the database itself (migrations, maintenance). */
  readonly tenantId: string | null;
  close(): Promise<void>;
}
