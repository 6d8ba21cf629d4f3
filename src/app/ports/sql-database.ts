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
  close(): Promise<void>;
}
