// Migration 7 on a database that already holds a council's rows (written before councils were
// kept apart): the two tables that had no tenant get their dispute's, person-keyed tables take
// (tenant_id, person_id) as their key, and the rows stay readable by their council.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import { migrate, migrations } from '../../src/adapters/sql/migrations.ts';
import type { SqlDatabase } from '../../src/app/ports/sql-database.ts';

const TENANT = '00000000-0000-4000-8000-00000000a11c';
/** The tenancy migration's version (7 when written; found by name should migrations be renumbered). */
const TENANCY = migrations.find((m) => m.name.startsWith('tenancy:'))!.version;

describe('migration 7 on a database with rows', () => {
  let db: SqlDatabase;

  beforeAll(async () => {
    db = await openPgliteDatabase();
    // The schema as it was before migration 7, with a council's rows in it.
    await db.transaction(async (tx) => {
      await tx.query(`create table schema_migrations (
        version int primary key, name text not null, applied_at timestamptz not null default now())`);
      for (const m of migrations.filter((m) => m.version < TENANCY)) {
        for (const sql of m.statements) await tx.query(sql);
        await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [m.version, m.name]);
      }
      await tx.query(
        `insert into disputes (id, tenant_id, reference, protocol_id, version, status, raiser_id,
           social_worker_id, case_number, theme, raised_at)
         values ('d-1', $1, 'CPD-AAAAAA', 'gloucestershire', 2, 'open', 'chair-amara', 'sw-ben', 'NB-1',
           'statutory-requirements', now())`,
        [TENANT],
      );
      await tx.query(
        `insert into bot_posted_cards (dispute_id, person_id, conversation_id, activity_id)
         values ('d-1', 'chair-amara', 'a:1', 'act-1'), ('gone', 'chair-amara', 'a:1', 'act-2')`,
      );
      await tx.query(`insert into meeting_records (meeting_key, event_id) values ('d-1:stage-2', 'ev-1')`);
      await tx.query(
        `insert into bot_conversation_references (person_id, tenant_id, reference) values ('chair-amara', $1, '{}')`,
        [TENANT],
      );
    });
    expect(await migrate(db)).toContain(TENANCY);
    // Starting PGlite and building the schema by hand takes a few seconds on a busy machine.
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it("gives the rows that had no tenant their dispute's, and '' where there is no dispute", async () => {
    const cards = await db.query<{ activity_id: string; tenant_id: string }>(
      'select activity_id, tenant_id from bot_posted_cards order by activity_id',
    );
    expect(cards.rows).toEqual([
      { activity_id: 'act-1', tenant_id: TENANT },
      { activity_id: 'act-2', tenant_id: '' },
    ]);
    const meetings = await db.query<{ tenant_id: string }>('select tenant_id from meeting_records');
    expect(meetings.rows).toEqual([{ tenant_id: TENANT }]);
  });

  it('keys people within their council, and new rows take the council of their transaction', async () => {
    const council = db.forTenant('00000000-0000-4000-8000-0000000050f7');
    await council.query(
      `insert into bot_conversation_references (person_id, tenant_id, reference)
       values ('chair-amara', '00000000-0000-4000-8000-0000000050f7', '{}')`,
    );
    await council.query(`insert into meeting_records (meeting_key, event_id) values ('d-2:stage-2', 'ev-2')`);
    const refs = await db.query<{ n: number }>(
      `select count(*)::int as n from bot_conversation_references where person_id = 'chair-amara'`,
    );
    expect(refs.rows[0]!.n).toBe(2);
    const made = await db.query<{ tenant_id: string }>(
      `select tenant_id from meeting_records where meeting_key = 'd-2:stage-2'`,
    );
    expect(made.rows).toEqual([{ tenant_id: '00000000-0000-4000-8000-0000000050f7' }]);
  });

  it('forces row-level security on every council table', async () => {
    const { rows } = await db.query<{
      relname: string;
      relrowsecurity: boolean;
      relforcerowsecurity: boolean;
    }>(
      `select relname, relrowsecurity, relforcerowsecurity from pg_class
       where relname = any($1::text[]) order by relname`,
      [
        [
          'bot_conversation_references',
          'bot_posted_cards',
          'calendar_feed_tokens',
          'deadlines',
          'dispute_events',
          'dispute_reads',
          'disputes',
          'meeting_records',
          'outbox',
          'report_reads',
        ],
      ],
    );
    expect(rows).toHaveLength(10);
    expect(rows.every((r) => r.relrowsecurity && r.relforcerowsecurity)).toBe(true);
  });
});
