// How a statement names its council to PostgreSQL: the `app.tenant_id` setting, which the forced
// row-level security policies of migration 7 compare with each row's `tenant_id`. Both engines
// run the same SQL; only where the setting is made differs:
//
// - a transaction sets it first, for that transaction only: set_config(..., true), undone at
//   COMMIT or ROLLBACK, so a pooled connection carries no council into its next transaction;
// - a single statement on PostgreSQL's pipelined connections runs on connections of its council's
//   own, which carry the setting from their start (the `options` startup parameter) and never
//   change it. Nothing has to be sent before the statement, so pipelining is kept whole: a
//   statement set up in a separate message would run in a separate implicit transaction;
// - a single statement on PGlite (one connection shared by everything) runs in a short
//   transaction that sets it first.
//
// A council's id is checked here, so it can be written into a startup parameter or a literal.

/** The setting the row-level security policies read (migrations.ts, TENANT_TABLES). */
export const TENANT_SETTING = 'app.tenant_id';

/** Letters, digits, `.`, `_`, `-` (an Entra tenant GUID, or a council's short name). */
const TENANT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkTenantId(tenantId: string): string {
  if (!TENANT_ID.test(tenantId))
    throw new Error(
      `"${tenantId}" cannot be a council's tenant id: use letters, digits, '.', '_' or '-' (at most 100)`,
    );
  return tenantId;
}

/** The statement that sets the council for the rest of the current transaction. */
export const SET_TENANT_FOR_TRANSACTION_SQL = `select set_config('${TENANT_SETTING}', $1, true)`;

/**
 * `begin` and the council in one simple-protocol message: one round trip, as `begin` alone was.
 * The id is checked and quoted (it cannot carry a quote anyway).
 */
export function beginForTenantSql(tenantId: string): string {
  return `begin; select set_config('${TENANT_SETTING}', '${checkTenantId(tenantId)}', true)`;
}

/**
 * A connection string whose sessions carry the council from their start, added to any `options`
 * it already has (a test's search_path, for one).
 */
export function connectionStringForTenant(connectionString: string, tenantId: string): string {
  let url: URL;
  try {
    url = new URL(connectionString);
  } catch {
    throw new Error('DATABASE_URL must be a postgres:// URL to serve councils on pipelined connections');
  }
  const options = url.searchParams.get('options');
  const setting = `-c ${TENANT_SETTING}=${checkTenantId(tenantId)}`;
  url.searchParams.set('options', options ? `${options} ${setting}` : setting);
  return url.toString();
}
