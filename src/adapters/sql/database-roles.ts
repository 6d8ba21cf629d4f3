// Two roles on PostgreSQL (docs/tenancy.md): the owner role runs the migrations and owns every
// table, trigger and policy; the app's role owns nothing and is granted only the statements the
// app makes. So the app cannot ALTER a table (no DISABLE TRIGGER, no DISABLE ROW LEVEL SECURITY),
// cannot UPDATE or DELETE an event or an audit row, and, being neither owner, superuser nor
// BYPASSRLS, sees and writes only the rows of the council its statement names.
//
// Run as the owner after each migration (start-app.ts, when MIGRATION_DATABASE_URL is set): grants
// are idempotent, and a table a later migration adds gets its grant here in the same release.
import type { SqlExecutor } from '../../app/ports/sql-database.ts';

type Privilege = 'select' | 'insert' | 'update' | 'delete';

/** What the app may do to each table; nothing else. */
export const APP_PRIVILEGES: Readonly<Record<string, readonly Privilege[]>> = {
  // The audit trail: read and append, never change.
  dispute_events: ['select', 'insert'],
  dispute_reads: ['select', 'insert'],
  report_reads: ['select', 'insert'],
  disputes: ['select', 'insert', 'update'],
  // An append replaces a dispute's unfired deadlines (dispute-append.ts).
  deadlines: ['select', 'insert', 'update', 'delete'],
  outbox: ['select', 'insert', 'update'],
  // The Agents Playground clears its own conversations (bot/playground).
  bot_conversation_references: ['select', 'insert', 'update', 'delete'],
  bot_posted_cards: ['select', 'insert', 'delete'],
  calendar_feed_tokens: ['select', 'insert', 'update'],
  meeting_records: ['select', 'insert'],
  // Readiness rewrites the newest migration's row with its own values (write-probe.ts).
  schema_migrations: ['select', 'update'],
  // Records management: holds are set and lifted; the records audit is appended to, never changed.
  legal_holds: ['select', 'insert', 'update', 'delete'],
  records_audit: ['select', 'insert'],
};

/** A role or schema name as an SQL identifier. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Grants the app's role what APP_PRIVILEGES lists, in the owner's current schema. */
export async function grantAppRole(owner: SqlExecutor, appRole: string): Promise<void> {
  const { rows } = await owner.query<{ schema: string; owner: string }>(
    'select current_schema() as schema, current_user as owner',
  );
  const { schema, owner: ownerRole } = rows[0]!;
  if (ownerRole === appRole)
    throw new Error(
      `MIGRATION_DATABASE_URL and DATABASE_URL both connect as ${appRole}: the app's role must be another role, which owns nothing`,
    );
  const role = quoteIdentifier(appRole);
  const inSchema = (table: string) => `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
  await owner.query(`grant usage on schema ${quoteIdentifier(schema)} to ${role}`);
  // Exactly these: whatever else the role was granted on our tables before is taken back.
  for (const [table, privileges] of Object.entries(APP_PRIVILEGES)) {
    await owner.query(`revoke all on ${inSchema(table)} from ${role}`);
    await owner.query(`grant ${privileges.join(', ')} on ${inSchema(table)} to ${role}`);
  }
  // The one path past the append-only guard (records-migration.ts): the app calls it, it changes
  // events as the owner, within the council the transaction names.
  await owner.query(
    `grant execute on function ${quoteIdentifier(schema)}.cpd_dispose_dispute(text, text, text, text) to ${role}`,
  );
  // bigserial ids of the outbox and the read logs.
  await owner.query(`grant usage on all sequences in schema ${quoteIdentifier(schema)} to ${role}`);
}

/** The role a connection acts as. */
export async function currentRole(db: SqlExecutor): Promise<string> {
  const { rows } = await db.query<{ role: string }>('select current_user as role');
  return rows[0]!.role;
}

/**
 * Whether row-level security passes this connection's role by: a superuser or a BYPASSRLS role
 * (the policies are forced, so owning the tables is not enough). PGlite's one role is a superuser.
 */
export async function rowSecurityBypassed(db: SqlExecutor): Promise<boolean> {
  const { rows } = await db.query<{ bypassed: boolean }>(
    'select rolsuper or rolbypassrls as bypassed from pg_roles where rolname = current_user',
  );
  return rows[0]?.bypassed ?? true;
}
