// Two roles on PostgreSQL: migrations as the owner (MIGRATION_DATABASE_URL), the app as a role that
// owns nothing (DATABASE_URL). The app's role cannot switch off the append-only triggers or the
// row-level security, cannot change or remove an event or an audit row, and sees no council's rows
// unless its statement names the council; the owner is held by the forced policies too. Roles and
// database are made for the test on TEST_DATABASE_URL's server and dropped after.
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, postgresUrl } from '../support/test-app.ts';
import { createTwoRoleDatabase, NORTHMOOR, type TwoCouncilDatabase } from '../support/two-councils.ts';

const describeOnPostgres = postgresUrl ? describe : describe.skip;

/** The SQLSTATE a statement fails with, or 'ok'. */
async function outcome(client: pg.Client, sql: string, params: unknown[] = []): Promise<string> {
  try {
    await client.query(sql, params);
    return 'ok';
  } catch (e) {
    return (e as { code?: string }).code ?? String(e);
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

describeOnPostgres('database roles: the owner migrates, the app owns nothing', () => {
  let database: TwoCouncilDatabase;
  let app: RunningApp;
  let asApp: pg.Client;
  let asOwner: pg.Client;
  let disputeId: string;

  beforeAll(async () => {
    database = await createTwoRoleDatabase(postgresUrl!);
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.appUrl,
      MIGRATION_DATABASE_URL: database.ownerUrl,
    };
    app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
      listen: false,
      background: false,
      env,
    });
    app.testClock!.set('2026-11-23T10:00:00Z');
    asApp = new pg.Client({ connectionString: database.appUrl });
    asOwner = new pg.Client({ connectionString: database.ownerUrl });
    await Promise.all([asApp.connect(), asOwner.connect()]);
  }, 60_000);

  afterAll(async () => {
    await asApp?.end();
    await asOwner?.end();
    await app?.stop();
    await database?.drop();
  });

  it('raise and respond work with the app connected as its own role', async () => {
    const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
    expect(raised.status).toBe(201);
    disputeId = raised.body.id;
    const answered = await apiAs(app, 'sw-ben').post(`/api/disputes/${disputeId}/responses`, {
      version: raised.body.version,
      outcome: 'disagree',
      text: 'The family cancelled twice.',
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(200);
    const { rows } = await asOwner.query<{ owner: string }>(
      `select distinct tableowner as owner from pg_tables where tablename in ('disputes', 'dispute_events')`,
    );
    expect(rows.map((r) => r.owner)).toEqual([new URL(database.ownerUrl).username]);
  });

  it('the app role cannot switch off a trigger or row-level security, nor drop a policy', async () => {
    for (const sql of [
      'alter table dispute_events disable trigger dispute_events_no_update_delete',
      'alter table dispute_events disable trigger all',
      'alter table disputes disable row level security',
      'alter table disputes no force row level security',
      'drop policy disputes_council on disputes',
      'create table mine (id int)',
    ])
      expect(await outcome(asApp, sql), sql).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('the app role cannot update, delete or truncate events or audit rows, even for its council', async () => {
    await asApp.query(`select set_config('app.tenant_id', $1, false)`, [NORTHMOOR.tenantId]);
    for (const sql of [
      `update dispute_events set type = 'Forged'`,
      'delete from dispute_events',
      'truncate dispute_events',
      `update dispute_reads set allowed = true`,
      'delete from dispute_reads',
      'delete from report_reads',
      'delete from disputes',
    ])
      expect(await outcome(asApp, sql), sql).toBe(INSUFFICIENT_PRIVILEGE);
    await asApp.query(`select set_config('app.tenant_id', '', false)`);
  });

  it('the app role sees no rows until its statement names the council, and cannot bypass the policy', async () => {
    const count = async (client: pg.Client) =>
      Number((await client.query('select count(*)::int as n from disputes')).rows[0].n);
    expect(await count(asApp)).toBe(0);
    expect(await outcome(asApp, 'set row_security = off')).toBe('ok');
    // With row_security off, a query the policy would filter is an error, not a way round it.
    expect(await outcome(asApp, 'select * from disputes')).toBe(INSUFFICIENT_PRIVILEGE);
    await asApp.query('reset row_security');
    await asApp.query(`select set_config('app.tenant_id', $1, false)`, [NORTHMOOR.tenantId]);
    expect(await count(asApp)).toBe(1);
    // Writing a row for another council is refused by the policy's check.
    expect(
      await outcome(
        asApp,
        `insert into dispute_reads (dispute_id, person_id, at, what, allowed, tenant_id)
         values ($1, 'chair-amara', now(), 'view', true, 'another-council')`,
        [disputeId],
      ),
    ).toBe(INSUFFICIENT_PRIVILEGE);
    await asApp.query(`select set_config('app.tenant_id', '', false)`);
    const { rows } = await asApp.query(
      'select rolsuper, rolbypassrls from pg_roles where rolname = current_user',
    );
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
  });

  it('the policies are forced: the owner sees no rows either without naming the council', async () => {
    expect(Number((await asOwner.query('select count(*)::int as n from disputes')).rows[0].n)).toBe(0);
  });

  it('refuses to start when the migration role and the app role are the same', async () => {
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.ownerUrl,
      MIGRATION_DATABASE_URL: database.ownerUrl,
    };
    await expect(
      startApp(loadConfig(env), pino({ level: 'silent' }), { listen: false, background: false, env }),
    ).rejects.toThrow(/the app's role must be another role/);
  });
});
