// The embedded engine: PGlite, real PostgreSQL compiled to WASM, in memory (tests) or in a data
// directory on disk (a single-instance install). Callers see exactly the rows the PostgreSQL
// adapter returns: timestamptz as an ISO-8601 UTC string, date as 'YYYY-MM-DD', int8 as a number.
//
// Concurrency: PGlite has one connection. Every `query()` and every `transaction()` goes through
// PGlite's own transaction mutex, so a query from another async caller waits until a running
// transaction has committed or rolled back and never runs inside it. The flip side: calling
// `db.query()` / `db.transaction()` from *inside* a transaction (instead of using its `tx`) would wait
// for itself forever; that is detected and refused with an error rather than a hang.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { SqlDatabase, SqlExecutor, SqlResult } from '../../app/ports/sql-database.ts';
import { ensurePgliteDatabase, pgliteDiskPath } from './pglite-create.ts';
import { newDatabaseStatements } from './migrations.ts';
import { checkTenantId, SET_TENANT_FOR_TRANSACTION_SQL, TENANT_SETTING } from './tenant-setting.ts';

/** PostgreSQL type oids whose text form we parse ourselves, identically in both adapters. */
export const PG_OID = {
  INT8: 20,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
} as const;

const TIMESTAMPTZ_TEXT =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?|Z)?( BC)?$/;

/**
 * PostgreSQL's text form of a timestamptz (DateStyle ISO, any session time zone), e.g.
 * `2026-11-23 10:00:00.123456+00` or `2026-06-01 09:00:00+01`, as an ISO-8601 UTC instant
 * (`2026-11-23T10:00:00.123Z`; sub-millisecond digits are dropped). `infinity` and BC dates come
 * back as PostgreSQL wrote them.
 */
export function timestamptzTextToIso(text: string): string {
  const m = TIMESTAMPTZ_TEXT.exec(text);
  if (!m || m[12]) return text;
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const millis = frac ? Number(frac.padEnd(3, '0').slice(0, 3)) : 0;
  const local = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), millis));
  local.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  const offsetSeconds = sign
    ? (sign === '-' ? -1 : 1) * (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0))
    : 0;
  return new Date(local.getTime() - offsetSeconds * 1000).toISOString();
}

/** int8 (counts, bigserial ids) as a number; beyond 2^53 as a bigint rather than a wrong number. */
export function int8TextToNumber(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

/** Text parsers shared by both adapters, keyed by type oid. */
export const sharedTextParsers: Readonly<Record<number, (text: string) => unknown>> = {
  [PG_OID.INT8]: int8TextToNumber,
  [PG_OID.DATE]: (text) => text,
  [PG_OID.TIMESTAMP]: (text) => text,
  [PG_OID.TIMESTAMPTZ]: timestamptzTextToIso,
};

export interface PgliteOptions {
  /**
   * A directory for the database files (created if missing, the database in it too); undefined or
   * `memory://` keeps everything in memory.
   */
  dataDir?: string;
}

// PGlite is the embedded store of a single council's install: one process, one connection, a
// working set of a few thousand disputes. PostgreSQL's default 128 MB of shared buffers ends up
// resident, as PGlite's WASM heap is touched when the buffers are set up (a bare PGlite reopening a
// database: 312 MB resident with the default, 168 MB with 16 MB). 16 MB holds that working set, and
// the operating system's page cache keeps the data files warm beyond it; a large install belongs on
// PostgreSQL (DATABASE_URL) anyway. PGlite's other defaults stay, -F (fsync off) included: on
// Node, PGlite's file system makes no fsync call either way (strace: none with or without -F, and
// the same 0.5 ms per commit), so dropping -F would promise a durability it does not give.
const SHARED_BUFFERS = '16MB';

export async function openPgliteDatabase(options: PgliteOptions = {}): Promise<SqlDatabase> {
  const { dataDir } = options;
  const diskPath = pgliteDiskPath(dataDir);
  if (diskPath !== null) await ensurePgliteDatabase(diskPath, newDatabaseStatements());
  // Loaded here, not at the top: the PostgreSQL adapter imports this file for the shared parsers.
  const { PGlite } = await import('@electric-sql/pglite');
  const pg = await PGlite.create({
    ...(dataDir !== undefined ? { dataDir } : {}),
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`],
    parsers: { ...sharedTextParsers },
  });
  return wrapPglite(pg);
}

interface OpenTransaction {
  open: boolean;
}

function wrapPglite(pg: PGlite): SqlDatabase {
  // Marks the async context of a running transaction's callback, to catch a re-entrant call.
  const current = new AsyncLocalStorage<OpenTransaction>();
  const state = { closed: false };

  const refuseReentry = (what: string) => {
    if (state.closed) throw new Error('the PGlite database is closed');
    if (current.getStore()?.open)
      throw new Error(
        `${what} called inside a transaction on the same PGlite database: use the transaction's executor ` +
          '(PGlite has one connection, so this would wait for itself forever)',
      );
  };

  // PGlite runs as its one superuser, which row-level security never restricts (docs/tenancy.md):
  // the council is set all the same, so the SQL, the column defaults and the audit rows are those
  // of PostgreSQL. PGlite serves one council (start-app refuses more), so the first council a view
  // is made for becomes the session's, set once: its statements then need nothing more, as on
  // PostgreSQL's lanes (wrapping each single statement in a transaction that sets it cost a third
  // of the raise + respond rate). Another council's statement runs in a short transaction that sets
  // its council for that transaction only.
  let sessionTenant: { tenantId: string; set: Promise<unknown> } | undefined;
  const view = (tenantId: string | null): SqlDatabase => {
    if (tenantId !== null)
      sessionTenant ??= {
        tenantId,
        set: pg.query(`select set_config('${TENANT_SETTING}', $1, false)`, [tenantId]),
      };
    const ownSession = tenantId !== null && sessionTenant?.tenantId === tenantId;
    const transaction = async <T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> => {
      refuseReentry('db.transaction()');
      if (ownSession) await sessionTenant!.set;
      return pg.transaction(async (tx: Transaction) => {
        if (tenantId !== null && !ownSession) await tx.query(SET_TENANT_FOR_TRANSACTION_SQL, [tenantId]);
        const marker: OpenTransaction = { open: true };
        try {
          return await current.run(marker, () => work(executorOf(tx)));
        } finally {
          marker.open = false;
        }
      });
    };
    return {
      kind: 'pglite',
      tenantId,

      async query<Row>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
        refuseReentry('db.query()');
        if (ownSession) await sessionTenant!.set;
        else if (tenantId !== null) return transaction((tx) => tx.query<Row>(sql, params));
        return toResult(await pg.query<Row>(sql, params ? [...params] : undefined));
      },

      transaction,

      forTenant(council: string) {
        return view(checkTenantId(council));
      },

      async close(): Promise<void> {
        // A council's view shares the one connection: only the database itself closes it.
        if (tenantId !== null || state.closed) return;
        state.closed = true;
        await pg.close();
      },
    };
  };
  return view(null);
}

function executorOf(tx: Transaction): SqlExecutor {
  return {
    async query<Row>(sql: string, params?: readonly unknown[]): Promise<SqlResult<Row>> {
      return toResult(await tx.query<Row>(sql, params ? [...params] : undefined));
    },
  };
}

function toResult<Row>(r: { rows: Row[]; affectedRows?: number; rowCount?: number }): SqlResult<Row> {
  // `rowCount` is the statement's command tag (rows returned by a SELECT, changed by an UPDATE),
  // the same number node-postgres reports; older PGlite only had `affectedRows`.
  return { rows: r.rows, rowCount: r.rowCount ?? r.affectedRows ?? r.rows.length };
}
