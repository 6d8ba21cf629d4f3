// `cp-disputes database create-app-role` (src/cli/main.ts): creates (or brings up to date) the
// PostgreSQL login role that the app works as, from the two connection strings the app itself is
// given: connected as the owner (MIGRATION_DATABASE_URL), it makes DATABASE_URL's user a login role
// with DATABASE_URL's password and no other power. What that role may do to each table is granted
// by the app at every start, after the migrations (docs/tenancy.md). Run once before the first
// start, and again after the password changes: on Azure, inside the network, through the admin job
// (docs/go-live.md, step 7).
import pg from 'pg';

export class DatabaseRoleError extends Error {
  override name = 'DatabaseRoleError';
}

export interface AppRoleResult {
  role: string;
  /** `created`, or `updated` (its password and attributes set again). */
  action: 'created' | 'updated';
}

function userOf(url: string, variable: string): { user: string; password: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new DatabaseRoleError(`${variable} is not a postgres:// connection string.`);
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol))
    throw new DatabaseRoleError(`${variable} is not a postgres:// connection string.`);
  const user = decodeURIComponent(parsed.username);
  if (!user) throw new DatabaseRoleError(`${variable} names no user.`);
  return { user, password: decodeURIComponent(parsed.password) };
}

export async function createAppRole(options: { ownerUrl: string; appUrl: string }): Promise<AppRoleResult> {
  const owner = userOf(options.ownerUrl, 'MIGRATION_DATABASE_URL');
  const app = userOf(options.appUrl, 'DATABASE_URL');
  if (owner.user === app.user)
    throw new DatabaseRoleError(
      `DATABASE_URL and MIGRATION_DATABASE_URL both name ${app.user}: the app's role must be another role, which owns nothing.`,
    );
  if (!app.password)
    throw new DatabaseRoleError("DATABASE_URL has no password: the app's role signs in with one.");
  const client = new pg.Client({ connectionString: options.ownerUrl });
  await client.connect();
  try {
    const existing = await client.query<{ rolsuper: boolean; rolbypassrls: boolean }>(
      'select rolsuper, rolbypassrls from pg_roles where rolname = $1',
      [app.user],
    );
    const found = existing.rows[0];
    if (found && (found.rolsuper || found.rolbypassrls))
      throw new DatabaseRoleError(
        `${app.user} is a superuser or bypasses row-level security: the app's role must do neither. Use another role name in DATABASE_URL.`,
      );
    const action = found ? 'updated' : 'created';
    // %I and %L quote the name and the password as PostgreSQL itself does. A new role gets no power
    // but to log in (NOBYPASSRLS keeps row-level security in force for it); an existing one only its
    // password again, since changing the other attributes needs a superuser, which Azure's
    // administrator is not.
    const statement =
      action === 'created'
        ? "format('create role %I with login password %L nosuperuser nocreatedb nocreaterole nobypassrls noinherit', $1::text, $2::text)"
        : "format('alter role %I with login password %L', $1::text, $2::text)";
    const { rows } = await client.query<{ sql: string }>(`select ${statement} as sql`, [
      app.user,
      app.password,
    ]);
    await client.query(rows[0]!.sql);
    // Usually PUBLIC may connect already; where the database's owner is another role (Azure's
    // databases made through the portal or ARM), the grant may be refused, which is harmless as
    // long as the role can connect.
    const { rows: db } = await client.query<{ sql: string }>(
      "select format('grant connect on database %I to %I', current_database(), $1::text) as sql",
      [app.user],
    );
    await client.query(db[0]!.sql).catch(async (e: unknown) => {
      const { rows: can } = await client.query<{ connect: boolean }>(
        "select has_database_privilege($1::text, current_database(), 'CONNECT') as connect",
        [app.user],
      );
      if (!can[0]?.connect) throw e;
    });
    return { role: app.user, action };
  } finally {
    await client.end();
  }
}
