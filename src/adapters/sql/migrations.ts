// The schema, as ordered migrations run by `migrate(db)` on either engine. Each migration is a list
// of single statements (PGlite's extended protocol runs one statement per query), applied with its
// bookkeeping row in one transaction that first takes an advisory lock, so two instances starting
// at once apply each migration exactly once: the second waits, then finds nothing left to do.
//
// Never edit a migration that has shipped: add the next version.
import type { SqlDatabase } from '../../app/ports/sql-database.ts';
import { RECORDS_MANAGEMENT_STATEMENTS } from './records-migration.ts';

export interface Migration {
  version: number;
  name: string;
  statements: readonly string[];
}

/**
 * The tables that hold a council's data. Each carries `tenant_id` (the council's tenant, see
 * docs/tenancy.md), and a forced row-level security policy lets a statement see and write only
 * the rows of the council named by the `app.tenant_id` setting of its transaction or connection
 * (tenant-setting.ts). Unset, the setting matches nothing: a statement that forgot its council
 * reads no rows and writes none.
 */
export const TENANT_TABLES = [
  'dispute_events',
  'disputes',
  'deadlines',
  'outbox',
  'dispute_reads',
  'report_reads',
  'bot_conversation_references',
  'bot_posted_cards',
  'calendar_feed_tokens',
  'meeting_records',
] as const;

function tenancyStatements(): string[] {
  // The current council, or NULL when none is set (`tenant_id = NULL` is never true).
  const current = `current_setting('app.tenant_id', true)`;
  return [
    // Two tables had no tenant: filled from their dispute, then given the transaction's council by
    // default, so the code that writes them needs no change.
    'alter table bot_posted_cards add column tenant_id text',
    `update bot_posted_cards c set tenant_id = d.tenant_id from disputes d where d.id = c.dispute_id`,
    'alter table meeting_records add column tenant_id text',
    // The meeting key is `<dispute id>:<stage id>`.
    `update meeting_records m set tenant_id = d.tenant_id from disputes d
       where m.meeting_key like d.id || ':%'`,
    ...['bot_posted_cards', 'meeting_records'].flatMap((t) => [
      `update ${t} set tenant_id = '' where tenant_id is null`,
      `alter table ${t} alter column tenant_id set default ${current}`,
      `alter table ${t} alter column tenant_id set not null`,
    ]),
    // Two councils' directories may use the same person ids: a person is known within a council.
    'alter table bot_conversation_references drop constraint bot_conversation_references_pkey',
    'alter table bot_conversation_references add primary key (tenant_id, person_id)',
    'alter table calendar_feed_tokens drop constraint calendar_feed_tokens_pkey',
    'alter table calendar_feed_tokens add primary key (tenant_id, person_id)',
    // Each council's sweep and delivery read only their own due rows.
    `create index deadlines_unfired_due_by_tenant on deadlines (tenant_id, due_at) where fired_at is null`,
    `create index outbox_pending_by_tenant on outbox (tenant_id, id) where status = 'pending'`,
    ...TENANT_TABLES.flatMap(councilPolicyStatements),
  ];
}

/** Keeps a table's rows to the council its statement names (forced row-level security). */
function councilPolicyStatements(table: string): string[] {
  // In a policy, as a sub-select: evaluated once per statement (an InitPlan), not once per row.
  const currentOnce = `(select current_setting('app.tenant_id', true))`;
  return [
    `alter table ${table} enable row level security`,
    // Forced: the policy holds for the tables' owner too (only a superuser or a BYPASSRLS role
    // passes it, and the app's role is neither: docs/tenancy.md).
    `alter table ${table} force row level security`,
    `create policy ${table}_council on ${table} using (tenant_id = ${currentOnce}) with check (tenant_id = ${currentOnce})`,
  ];
}

/** Tables added after the tenancy migration, each kept to its council in the migration that adds it. */
export const LATER_TENANT_TABLES = ['legal_holds', 'records_audit'] as const;

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'dispute events, projection, deadlines, outbox, reads',
    statements: [
      // Refuses UPDATE, DELETE and TRUNCATE on the audit tables: a child's file is never rewritten.
      `create function cpd_refuse_change() returns trigger language plpgsql as $$
       begin
         raise exception '% is append-only: % refused', tg_table_name, tg_op
           using errcode = 'P0001', hint = 'the dispute''s audit trail is never changed; append an event instead';
       end
       $$`,

      `create table dispute_events (
         dispute_id  text        not null,
         seq         int         not null check (seq > 0),
         type        text        not null,
         at          timestamptz not null,
         actor_id    text        not null,
         data        jsonb       not null,
         recorded_at timestamptz not null default now(),
         tenant_id   text        not null,
         constraint dispute_events_pkey primary key (dispute_id, seq)
       )`,
      `create trigger dispute_events_no_update_delete before update or delete on dispute_events
         for each row execute function cpd_refuse_change()`,
      `create trigger dispute_events_no_truncate before truncate on dispute_events
         for each statement execute function cpd_refuse_change()`,

      `create table disputes (
         id                      text        not null,
         tenant_id               text        not null,
         reference               text        not null,
         protocol_id             text        not null,
         version                 int         not null,
         status                  text        not null check (status in ('open', 'resolved', 'withdrawn')),
         raiser_id               text        not null,
         social_worker_id        text        not null,
         case_number             text        not null,
         theme                   text        not null,
         stage_id                text,
         stage_opened_on         date,
         due_on                  date,
         due_at                  timestamptz,
         cap_on                  date,
         respondent_ids          text[]      not null default '{}',
         copied_ids              text[]      not null default '{}',
         participant_ids         text[]      not null default '{}',
         awaiting_chair_decision boolean     not null default false,
         raised_at               timestamptz not null,
         closed_at               timestamptz,
         constraint disputes_pkey primary key (id),
         constraint disputes_reference_key unique (reference)
       )`,
      // awaiting-me / copied-to-me: open disputes whose array contains the person (`@>` uses GIN).
      `create index disputes_open_respondents on disputes using gin (respondent_ids) where status = 'open'`,
      `create index disputes_open_copied on disputes using gin (copied_ids) where status = 'open'`,
      `create index disputes_raiser on disputes (tenant_id, raiser_id, due_at)`,
      `create index disputes_open_due on disputes (due_at) where status = 'open'`,
      `create index disputes_case_number on disputes (tenant_id, case_number)`,

      `create table deadlines (
         dispute_id text        not null references disputes (id),
         key        text        not null,
         kind       text        not null,
         stage_id   text        not null,
         due_at     timestamptz not null,
         fired_at   timestamptz,
         outcome    text,
         tenant_id  text        not null,
         constraint deadlines_pkey primary key (dispute_id, key)
       )`,
      // The sweeper reads only due, unfired rows: a range scan on this small partial index.
      `create index deadlines_unfired_due on deadlines (due_at) where fired_at is null`,

      `create table outbox (
         id              bigserial   primary key,
         dispute_id      text        not null references disputes (id),
         event_seq       int         not null,
         recipient_id    text        not null,
         reason          text        not null,
         stage_id        text,
         channel         text        not null,
         idempotency_key text        not null,
         status          text        not null default 'pending' check (status in ('pending', 'delivered', 'dead')),
         attempts        int         not null default 0,
         next_attempt_at timestamptz not null default now(),
         last_error      text,
         delivered_at    timestamptz,
         created_at      timestamptz not null default now(),
         tenant_id       text        not null,
         constraint outbox_idempotency_key_key unique (idempotency_key)
       )`,
      `create index outbox_pending_next_attempt on outbox (next_attempt_at) where status = 'pending'`,
      `create index outbox_dispute on outbox (dispute_id, id)`,

      // Who looked at a dispute, and whether they were allowed to (no foreign key: a refused look at
      // an id that does not exist is worth recording too).
      `create table dispute_reads (
         id         bigserial   primary key,
         dispute_id text        not null,
         person_id  text        not null,
         at         timestamptz not null,
         what       text        not null,
         allowed    boolean     not null,
         tenant_id  text        not null
       )`,
      `create index dispute_reads_dispute on dispute_reads (dispute_id, at)`,
      `create trigger dispute_reads_no_update_delete before update or delete on dispute_reads
         for each row execute function cpd_refuse_change()`,
      `create trigger dispute_reads_no_truncate before truncate on dispute_reads
         for each statement execute function cpd_refuse_change()`,
    ],
  },
  {
    version: 2,
    name: 'bot: conversation references and posted cards',
    statements: [
      // Where the bot can reach each person (captured at installation and on every message) ...
      `create table bot_conversation_references (
        person_id text primary key,
        tenant_id text not null,
        reference jsonb not null,
        updated_at timestamptz not null default now()
      )`,
      // ... and every dispute card it has posted, so every copy can be updated in place.
      `create table bot_posted_cards (
        dispute_id text not null,
        person_id text not null,
        conversation_id text not null,
        activity_id text not null,
        posted_at timestamptz not null default now(),
        primary key (dispute_id, person_id, activity_id)
      )`,
      'create index bot_posted_cards_by_dispute on bot_posted_cards (dispute_id)',
    ],
  },
  {
    version: 3,
    name: 'tab: report reads audit, indexes for reports and the team view',
    statements: [
      // Who ran which aggregate report over which range (dispute_reads is per dispute). Append-only.
      `create table report_reads (
         id         bigserial   primary key,
         tenant_id  text        not null,
         person_id  text        not null,
         at         timestamptz not null,
         report     text        not null,
         parameters jsonb       not null,
         allowed    boolean     not null
       )`,
      'create index report_reads_tenant_at on report_reads (tenant_id, at)',
      `create trigger report_reads_no_update_delete before update or delete on report_reads
         for each row execute function cpd_refuse_change()`,
      `create trigger report_reads_no_truncate before truncate on report_reads
         for each statement execute function cpd_refuse_change()`,
      // Reports: the disputes raised in a range.
      'create index disputes_raised_at on disputes (tenant_id, raised_at)',
      // The team view: open disputes of a team's social workers.
      `create index disputes_open_social_worker on disputes (tenant_id, social_worker_id) where status = 'open'`,
      // The admin overview: deliveries that will not be tried again.
      `create index outbox_dead on outbox (tenant_id, id) where status = 'dead'`,
    ],
  },
  {
    version: 4,
    name: 'calendar feeds: one revocable link per person (token hash only)',
    statements: [
      // The link's token is never stored: only its SHA-256 hash, looked up on every feed fetch.
      `create table calendar_feed_tokens (
         person_id  text        primary key,
         tenant_id  text        not null,
         token_hash text        not null,
         created_at timestamptz not null,
         revoked_at timestamptz,
         constraint calendar_feed_tokens_token_hash_key unique (token_hash)
       )`,
      // The feed: disputes a person takes part in (`participant_ids @> array[person]`).
      'create index disputes_participants on disputes using gin (participant_ids)',
    ],
  },
  {
    version: 5,
    name: 'meeting records: our own note of the calendar event made for each meeting',
    statements: [
      // Written as soon as Graph answers, before the dispute records the booking: a retry after a
      // crash between the two finds the event here instead of creating a second one.
      `create table meeting_records (
         meeting_key text        primary key,
         event_id    text        not null,
         created_at  timestamptz not null default now()
       )`,
    ],
  },
  {
    version: 6,
    name: 'outbox: pending rows in order, so a lease never walks the delivered history',
    statements: [
      // The worker takes due pending rows oldest first (order by id). With only an index on
      // next_attempt_at, PostgreSQL walked the primary key in id order and filtered out every
      // delivered row on each lease: 8,050 rows read for 50 taken after one bench run, growing with
      // every notification ever sent. Pending rows are few; this index holds only them, in order.
      `create index outbox_pending_in_order on outbox (id) where status = 'pending'`,
      'drop index outbox_pending_next_attempt',
    ],
  },
  {
    version: 7,
    name: 'tenancy: every row carries its council, kept apart by forced row-level security',
    statements: tenancyStatements(),
  },
  {
    version: 8,
    name: 'records management: legal holds, records audit, the one disposal function',
    // Records' tables are a council's like every other (legal holds, the records audit).
    statements: [...RECORDS_MANAGEMENT_STATEMENTS, ...LATER_TENANT_TABLES.flatMap(councilPolicyStatements)],
  },
  {
    version: 9,
    name: 'projection: whether the open stage was answered; case numbers compared by their key',
    statements: [
      // Issue 12 item 8: lists read the projection, which knew the due date but not whether the stage
      // had been answered; an answered stage past its date showed as overdue.
      'alter table disputes add column stage_answered boolean not null default false',
      // The recurrence rule compares case numbers written differently ("GL-600", "gl 600") by one key.
      `create index disputes_case_number_key on disputes
         (tenant_id, (regexp_replace(upper(case_number), '[^A-Z0-9]', '', 'g')))`,
    ],
  },
  {
    version: 10,
    name: 'bot: the dispute version each posted card shows, so each copy is refreshed once per version',
    statements: [
      // Every delivery of a version re-rendered every other copy of the card: with N people told
      // and K cards posted, each copy was updated N times. The first delivery now claims the copies
      // behind the version (one UPDATE) and refreshes each once; the others find none to claim.
      'alter table bot_posted_cards add column shown_version int not null default 0',
    ],
  },
  {
    version: 11,
    name: "lists: indexes in the lists' order, so a page reads only its own rows",
    statements: [
      // Issue 17: every list returned every matching dispute (58 MB for a chair's 100,000 at the
      // bench's largest size, sorted on disk). Lists are paged now, in the order these hold.
      'drop index if exists disputes_raiser',
      `create index disputes_raiser_in_list_order on disputes
         (tenant_id, raiser_id, (coalesce(due_at, 'infinity'::timestamptz)), raised_at, id)`,
      `create index disputes_open_in_list_order on disputes
         (tenant_id, (coalesce(due_at, 'infinity'::timestamptz)), raised_at, id) where status = 'open'`,
      // The admin overview read every open dispute's events to find refused automatic steps; it
      // now starts from the refusals themselves.
      `create index dispute_events_step_refused on dispute_events (tenant_id, dispute_id)
         where type = 'AutomaticStepRefused'`,
    ],
  },
];

/** One statement with its parameters. */
export interface SqlStatement {
  sql: string;
  params?: unknown[];
}

const SCHEMA_MIGRATIONS_TABLE = `create table if not exists schema_migrations (
         version    int         primary key,
         name       text        not null,
         applied_at timestamptz not null default now()
       )`;

/** The migrations not in `done`, in order, each followed by its bookkeeping row. */
export function pendingStatements(done: ReadonlySet<number>): SqlStatement[] {
  return pending(done).flatMap((m) => [
    ...m.statements.map((sql) => ({ sql })),
    { sql: 'insert into schema_migrations (version, name) values ($1, $2)', params: [m.version, m.name] },
  ]);
}

/**
 * Everything a new, empty database needs, run by the process that creates a PGlite database: the
 * server then opens a database that is already current (see pglite-create.ts).
 */
export function newDatabaseStatements(): SqlStatement[] {
  return [{ sql: SCHEMA_MIGRATIONS_TABLE }, ...pendingStatements(new Set())];
}

const pending = (done: ReadonlySet<number>) =>
  [...migrations].sort((a, b) => a.version - b.version).filter((m) => !done.has(m.version));

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in order, in one transaction.
 * Returns the versions applied by this call (empty when the schema was already current).
 */
export async function migrate(db: SqlDatabase): Promise<number[]> {
  return db.transaction(async (tx) => {
    // Serialises concurrent migrators of the same schema (released at commit or rollback).
    await tx.query(
      `select pg_advisory_xact_lock(hashtext('cp-disputes:migrate'), hashtext(coalesce(current_schema(), '')))`,
    );
    await tx.query(SCHEMA_MIGRATIONS_TABLE);
    const done = new Set(
      (await tx.query<{ version: number }>('select version from schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    for (const statement of pendingStatements(done)) await tx.query(statement.sql, statement.params);
    return pending(done).map((m) => m.version);
  });
}
