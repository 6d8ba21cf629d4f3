// The records store and the one disposal function (cpd_dispose_dispute), on PGlite and on a
// PostgreSQL server: what disposal erases and keeps, what it refuses (open, held, already done),
// that the append-only guard still refuses every other change, and, on PostgreSQL, that a role
// that owns nothing can call the function but cannot update an event itself.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import { openPostgresDatabase } from '../../src/adapters/sql/postgres-database.ts';
import { migrate } from '../../src/adapters/sql/migrations.ts';
import { createSqlDisputeStore } from '../../src/adapters/sql/sql-dispute-store.ts';
import { createSqlRecordsStore } from '../../src/adapters/sql/sql-records-store.ts';
import type { AppendInput, DisputeProjection } from '../../src/app/ports/dispute-event-store.ts';
import type { SqlDatabase } from '../../src/app/ports/sql-database.ts';
import type { DisputeEvent } from '../../src/core/dispute/dispute-events.ts';
import { loadEvents, readsOf } from '../support/store-probes.ts';

const url = process.env.TEST_DATABASE_URL;
const TENANT = 'council-a';
const CHILD = { name: 'Persephone Ashdown', dateOfBirth: '2015-04-01', caseNumber: 'C-777' };
const CONCERN = 'Gryphon concern: the plan does not say who visits.';
const RESPONSE = 'Basilisk answer from the team manager.';

function closedDispute(id: string, status: 'open' | 'resolved' = 'resolved'): AppendInput {
  const at = '2020-01-06T10:00:00.000Z';
  const events: DisputeEvent[] = [
    {
      type: 'Raised',
      at,
      actorId: 'chair-1',
      disputeId: id,
      protocolId: 'liquidlogic-four-stage',
      raiserId: 'chair-1',
      socialWorkerId: 'sw-1',
      child: CHILD,
      conferenceDate: '2020-01-03',
      theme: 'plan',
      concern: CONCERN,
      actionsRequired: 'Name the visitor.',
      immediateRisk: true,
      startStageId: 'stage-1',
      bypassReason: null,
      recurrenceOf: [],
      chairSetWorkingDays: null,
    },
    {
      type: 'StageOpened',
      at,
      actorId: 'system',
      stageId: 'stage-1',
      openedOn: '2020-01-06',
      workingDays: 5,
      dueOn: '2020-01-13',
      dueAt: '2020-01-13T23:59:59.999Z',
      respondentIds: ['tm-1'],
      copiedIds: ['sw-1'],
      notifiedIds: ['tm-1', 'sw-1'],
      meeting: { need: 'optional', chairId: 'tm-1', attendeeIds: ['sw-1'] },
      capOn: null,
      routingNotes: [{ personId: 'tm-1', reason: 'Away: Mr Jones stands in' }],
    },
    {
      type: 'Responded',
      at: '2020-01-08T10:00:00.000Z',
      actorId: 'tm-1',
      stageId: 'stage-1',
      outcome: 'actions-agreed',
      text: RESPONSE,
      actionsProposed: 'Visit on Friday.',
      moreTimeUntil: null,
    },
    ...(status === 'resolved'
      ? [
          {
            type: 'Resolved' as const,
            at: '2020-01-09T10:00:00.000Z',
            actorId: 'chair-1',
            stageId: 'stage-1',
            summary: 'Agreed at core group.',
            keepMonitoring: false,
          },
        ]
      : []),
  ];
  const projection: DisputeProjection = {
    id,
    tenantId: TENANT,
    reference: `REF-${id}`,
    protocolId: 'liquidlogic-four-stage',
    version: events.length,
    status,
    raiserId: 'chair-1',
    socialWorkerId: 'sw-1',
    caseNumber: CHILD.caseNumber,
    theme: 'plan',
    stageId: 'stage-1',
    stageOpenedOn: '2020-01-06',
    dueOn: null,
    dueAt: null,
    capOn: null,
    respondentIds: ['tm-1'],
    copiedIds: ['sw-1'],
    participantIds: ['chair-1', 'sw-1', 'tm-1'],
    awaitingChairDecision: false,
    stageAnswered: false,
    raisedAt: at,
    closedAt: status === 'open' ? null : '2020-01-09T10:00:00.000Z',
  };
  return {
    disputeId: id,
    tenantId: TENANT,
    expectedVersion: 0,
    events,
    projection,
    deadlines: [],
    notifications: [
      {
        disputeId: id,
        recipientId: 'tm-1',
        reason: 'respond',
        stageId: 'stage-1',
        channel: 'teams',
        idempotencyKey: `${id}:2:tm-1:respond`,
        eventIndex: 1,
      },
    ],
    reads: [{ personId: 'chair-1', at, what: 'view' }],
  };
}

interface Engine {
  label: string;
  run: boolean;
  open: () => Promise<{ db: SqlDatabase; close: () => Promise<void> }>;
}

const engines: Engine[] = [
  {
    label: 'PGlite',
    run: true,
    open: async () => {
      const db = await openPgliteDatabase();
      return { db, close: () => db.close() };
    },
  },
  {
    label: url ? 'PostgreSQL' : 'PostgreSQL (TEST_DATABASE_URL not set)',
    run: Boolean(url),
    open: async () => {
      const admin = await openPostgresDatabase({ connectionString: url!, max: 1 });
      const schema = `cpd_records_${randomBytes(5).toString('hex')}`;
      await admin.query(`create schema ${schema}`);
      const u = new URL(url!);
      u.searchParams.set('options', `-c search_path=${schema}`);
      const db = await openPostgresDatabase({ connectionString: u.toString(), max: 3 });
      return {
        db,
        close: async () => {
          await db.close();
          await admin.query(`drop schema ${schema} cascade`);
          await admin.close();
        },
      };
    },
  },
];

for (const engine of engines)
  describe.skipIf(!engine.run)(`records store and disposal function on ${engine.label}`, () => {
    let db: SqlDatabase;
    let close: () => Promise<void>;
    const store = createSqlDisputeStore();
    const records = createSqlRecordsStore();
    const dispose = (disputeId: string, team: string | null = 'North Team') =>
      db.transaction((tx) =>
        records.dispose(tx, {
          disputeId,
          at: '2027-02-01T09:00:00.000Z',
          rule: '7 years after closure',
          team,
        }),
      );

    beforeAll(async () => {
      ({ db, close } = await engine.open());
      await migrate(db);
      for (const id of ['d-1', 'd-2', 'd-3']) await store.append(db, closedDispute(id));
      await store.append(db, closedDispute('d-open', 'open'));
    }, 120_000);

    afterAll(async () => {
      await close?.();
    });

    it('lists closed disputes for retention with the date of birth, and none that is open', async () => {
      const list = await records.retentionCandidates(db, TENANT);
      expect(list.map((c) => c.disputeId)).toEqual(['d-1', 'd-2', 'd-3']);
      expect(list[0]).toMatchObject({
        reference: 'REF-d-1',
        status: 'resolved',
        closedAt: '2020-01-09T10:00:00.000Z',
        dateOfBirth: CHILD.dateOfBirth,
        hold: null,
      });
      expect(await records.retentionCandidates(db, 'council-b')).toEqual([]);
    });

    it('erases personal data, appends Redacted, and keeps the skeleton', async () => {
      expect(await dispose('d-1')).toBe('disposed');
      const events = await loadEvents(db, 'd-1');
      expect(events.map((e) => e.event.type)).toEqual([
        'Raised',
        'StageOpened',
        'Responded',
        'Resolved',
        'Redacted',
      ]);
      const text = JSON.stringify(events);
      for (const gone of [
        CHILD.name,
        CHILD.caseNumber,
        CHILD.dateOfBirth,
        CONCERN,
        RESPONSE,
        'chair-1',
        'tm-1',
        'sw-1',
        'Mr Jones',
      ])
        expect(text).not.toContain(gone);
      const [raised, opened, responded] = events.map((e) => e.event);
      // What the board report needs is still there.
      expect(raised).toMatchObject({
        type: 'Raised',
        protocolId: 'liquidlogic-four-stage',
        theme: 'plan',
        immediateRisk: true,
        recurrenceOf: [],
        child: { name: '[redacted]', dateOfBirth: '[redacted]', caseNumber: '[redacted]' },
        concern: '[redacted]',
        actorId: '[redacted]',
      });
      expect(opened).toMatchObject({
        stageId: 'stage-1',
        openedOn: '2020-01-06',
        workingDays: 5,
        dueOn: '2020-01-13',
        respondentIds: [],
        meeting: { need: 'optional', chairId: '[redacted]', attendeeIds: [] },
        routingNotes: [],
      });
      expect(responded).toMatchObject({
        outcome: 'actions-agreed',
        at: '2020-01-08T10:00:00.000Z',
        text: '[redacted]',
      });
      expect(events[4]).toMatchObject({
        seq: 5,
        event: { type: 'Redacted', actorId: 'system', rule: '7 years after closure', team: 'North Team' },
      });
      expect(await store.getProjection(db, 'd-1')).toMatchObject({
        version: 5,
        status: 'resolved',
        raiserId: '[redacted]',
        socialWorkerId: '[redacted]',
        caseNumber: '[redacted] REF-d-1',
        participantIds: [],
        theme: 'plan',
        raisedAt: '2020-01-06T10:00:00.000Z',
      });
      expect(
        (await store.outboxFor(db, 'd-1')).map((o) => [
          o.recipientId,
          o.idempotencyKey.startsWith('redacted:'),
        ]),
      ).toEqual([['[redacted]', true]]);
      expect((await readsOf(db, 'd-1')).map((r) => r.personId)).toEqual(['[redacted]']);
      expect(await records.retentionCandidates(db, TENANT)).not.toContainEqual(
        expect.objectContaining({ disputeId: 'd-1' }),
      );
    });

    it('refuses what is not its to dispose of, changing nothing', async () => {
      expect(await dispose('d-1')).toBe('already-disposed');
      expect(await dispose('d-open')).toBe('open');
      expect(await dispose('no-such')).toBe('not-found');
      await db.transaction((tx) =>
        records.setHold(tx, TENANT, {
          disputeId: 'd-2',
          since: '2026-01-01T00:00:00Z',
          setBy: 'ig-1',
          reason: 'Claim',
        }),
      );
      expect(await dispose('d-2')).toBe('held');
      expect(JSON.stringify(await loadEvents(db, 'd-2'))).toContain(CHILD.name);
      expect(await records.liftHold(db, 'd-2')).toBe(true);
      expect(await records.liftHold(db, 'd-2')).toBe(false);
      await expect(
        db.transaction((tx) =>
          records.dispose(tx, { disputeId: 'd-2', at: '2027-02-01T09:00:00Z', rule: '', team: null }),
        ),
      ).rejects.toThrow(/rule/);
    });

    it('keeps the append-only guard for every other change', async () => {
      await expect(
        db.query(`update dispute_events set data = '{}'::jsonb where dispute_id = 'd-3'`),
      ).rejects.toThrow(/dispute_events is append-only: UPDATE refused/);
      await expect(db.query(`delete from dispute_events where dispute_id = 'd-1'`)).rejects.toThrow(
        /append-only: DELETE refused/,
      );
      await expect(db.query(`update dispute_reads set person_id = 'x'`)).rejects.toThrow(/append-only/);
      await expect(db.query(`truncate records_audit`)).rejects.toThrow(/append-only: TRUNCATE refused/);
      // The function's mark, set by hand, lets no other column change and no row go.
      for (const sql of [
        `update dispute_events set seq = seq + 100 where dispute_id = 'd-3'`,
        `update dispute_events set type = 'Withdrawn' where dispute_id = 'd-3'`,
        `delete from dispute_events where dispute_id = 'd-3'`,
        `update dispute_events set data = '{}'::jsonb where dispute_id = 'd-2'`,
      ])
        await expect(
          db.transaction(async (tx) => {
            await tx.query(`select set_config('cpd.disposing', 'd-3', true)`);
            await tx.query(sql);
          }),
        ).rejects.toThrow(/append-only/);
      // And the function leaves no mark behind it in the transaction.
      await expect(
        db.transaction(async (tx) => {
          await records.dispose(tx, { disputeId: 'd-3', at: '2027-02-01T09:00:00Z', rule: 'r', team: null });
          await tx.query(`update dispute_events set data = '{}'::jsonb where dispute_id = 'd-3'`);
        }),
      ).rejects.toThrow(/append-only/);
      expect(JSON.stringify(await loadEvents(db, 'd-3'))).toContain(CHILD.name);
    });

    it.skipIf(engine.label !== 'PostgreSQL')(
      'lets a role that owns nothing call the function, and nothing more',
      async () => {
        const role = `cpd_app_${randomBytes(4).toString('hex')}`;
        const schema = (await db.query<{ s: string }>('select current_schema() as s')).rows[0]!.s;
        await db.query(`create role ${role} nologin`);
        try {
          await db.query(`grant usage on schema ${schema} to ${role}`);
          await db.query(`grant select, insert on all tables in schema ${schema} to ${role}`);
          await db.query(`grant execute on function cpd_dispose_dispute(text, text, text, text) to ${role}`);
          const asApp = <T>(work: (q: SqlDatabase['query']) => Promise<T>) =>
            db.transaction(async (tx) => {
              await tx.query(`set local role ${role}`);
              return work((sql, params) => tx.query(sql, params));
            });
          await expect(
            asApp((q) => q(`update dispute_events set data = '{}'::jsonb where dispute_id = 'd-2'`)),
          ).rejects.toThrow(/permission denied/);
          await expect(
            asApp(async (q) => {
              await q(`select set_config('cpd.disposing', 'd-2', true)`);
              await q(`update dispute_events set data = '{}'::jsonb where dispute_id = 'd-2'`);
            }),
          ).rejects.toThrow(/permission denied/);
          await expect(
            asApp((q) => q(`update disputes set case_number = 'x' where id = 'd-2'`)),
          ).rejects.toThrow(/permission denied/);
          const r = await asApp((q) =>
            q<{ outcome: string }>(
              `select cpd_dispose_dispute('d-2', '2027-02-01T09:00:00Z', 'r', null) as outcome`,
            ),
          );
          expect(r.rows[0]!.outcome).toBe('disposed');
          expect(JSON.stringify(await loadEvents(db, 'd-2'))).not.toContain(CHILD.name);
        } finally {
          await db.query(`drop owned by ${role}`);
          await db.query(`drop role ${role}`);
        }
      },
    );
  });
