// Two councils on one PostgreSQL database, whose directories share every person id (Northmoor and
// a copy of it, Southmere): every read, write, audit, delivery, sweep and report path stays within
// its council. The app connects as a role that owns nothing, so row-level security is what keeps
// them apart; the test looks behind it as the server's superuser. See docs/tenancy.md.
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachCouncil } from '../../src/app/council-work.ts';
import { sweepDeadlines } from '../../src/app/deadline-sweeper.ts';
import { deliverAllDue } from '../../src/app/outbox-worker.ts';
import type { Delivery } from '../../src/app/ports/delivery.ts';
import type { OutboxRow } from '../../src/app/ports/outbox.ts';
import type { Person } from '../../src/app/ports/directory.ts';
import { cardText } from '../support/card-inspection.ts';
import { startFakeBotConnector } from '../support/fake-bot-connector.ts';
import { raiseBody } from '../support/raise-body.ts';
import { teamsClient } from '../support/teams-client.ts';
import { postgresUrl } from '../support/test-app.ts';
import {
  councilApi,
  NORTHMOOR,
  SOUTHMERE,
  startTwoCouncilApp,
  type TwoCouncilApp,
} from '../support/two-councils.ts';

const describeOnPostgres = postgresUrl ? describe : describe.skip;

describe('two councils on PGlite', () => {
  it('are refused at start: PGlite runs as a superuser, whom row-level security does not restrict', async () => {
    await expect(startTwoCouncilApp('pglite')).rejects.toThrow(/Several councils .* need PostgreSQL/);
  });
});

describeOnPostgres('two councils on one PostgreSQL database', () => {
  let two: TwoCouncilApp;
  let admin: pg.Client;
  const north = (person: string) => councilApi(two.app, NORTHMOOR.id, person);
  const south = (person: string) => councilApi(two.app, SOUTHMERE.id, person);
  const raise = async (api: ReturnType<typeof north>, overrides: Record<string, unknown> = {}) => {
    const r = await api.post('/api/disputes', { ...raiseBody, ...overrides });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: string; reference: string; version: number };
  };
  /** Rows behind row-level security, as the superuser sees them. */
  const tenantsOf = async (table: string, where: string, params: unknown[]) =>
    (
      await admin.query<{ tenant_id: string }>(
        `select distinct tenant_id from ${table} where ${where} order by 1`,
        params,
      )
    ).rows.map((r) => r.tenant_id);

  let n1: { id: string; reference: string; version: number };
  let s1: { id: string; reference: string; version: number };

  beforeAll(async () => {
    two = await startTwoCouncilApp('postgres', postgresUrl);
    admin = new pg.Client({ connectionString: two.database!.adminUrl });
    await admin.connect();
    two.app.testClock!.set('2026-11-23T10:00:00Z');
    // The same chair id, the same social worker id, the same child's case number, in both councils.
    n1 = await raise(north('chair-amara'));
    s1 = await raise(south('chair-amara'));
  }, 60_000);

  afterAll(async () => {
    await admin?.end();
    await two?.close();
  });

  it('starts with the app connected as a role that is neither superuser nor BYPASSRLS', async () => {
    const { rows } = await admin.query('select rolsuper, rolbypassrls from pg_roles where rolname = $1', [
      two.database!.appRole,
    ]);
    expect(rows).toEqual([{ rolsuper: false, rolbypassrls: false }]);
    expect(two.app.councils.all.map((c) => [c.id, c.tenantId])).toEqual([
      [NORTHMOOR.id, NORTHMOOR.tenantId],
      [SOUTHMERE.id, SOUTHMERE.tenantId],
    ]);
  });

  it('dev sign-in asks which council when both directories have the person', async () => {
    const res = await two.app.server.inject({ url: '/api/me', headers: { 'x-dev-user': 'chair-amara' } });
    expect(res.statusCode).toBe(401);
    expect(JSON.parse(res.body).message).toMatch(/X-Dev-Council/);
    expect((await north('chair-amara').get('/api/me')).status).toBe(200);
  });

  it("every row is written with its own council's tenant", async () => {
    for (const [table, column] of [
      ['disputes', 'id'],
      ['dispute_events', 'dispute_id'],
      ['deadlines', 'dispute_id'],
      ['outbox', 'dispute_id'],
      ['dispute_reads', 'dispute_id'],
    ] as const) {
      expect(await tenantsOf(table, `${column} = $1`, [n1.id]), table).toEqual([NORTHMOOR.tenantId]);
      expect(await tenantsOf(table, `${column} = $1`, [s1.id]), table).toEqual([SOUTHMERE.tenantId]);
    }
  });

  it("a council's people cannot read the other council's dispute: it is as if it did not exist", async () => {
    const unknown = await south('chair-amara').get('/api/disputes/00000000-0000-4000-8000-000000000000');
    for (const path of [`/api/disputes/${n1.id}`, `/api/disputes/${n1.id}/case-note`]) {
      const r = await south('chair-amara').get(path);
      expect(r.status, path).toBe(unknown.status);
      expect(r.body.error).toBe(unknown.body.error);
    }
    const byRef = await south('chair-amara').get(`/api/disputes/by-reference/${n1.reference}`);
    expect(byRef.status).toBe(404);
    // Its own, with the same chair id and the same case number, it reads.
    expect((await south('chair-amara').get(`/api/disputes/${s1.id}`)).body.id).toBe(s1.id);
  });

  it("lists and the case-number history hold only the council's own disputes", async () => {
    for (const [api, own] of [
      [north, n1],
      [south, s1],
    ] as const) {
      for (const [person, view] of [
        ['chair-amara', 'raised-by-me'],
        ['sw-ben', 'awaiting-me'],
      ] as const) {
        const r = await api(person).get(`/api/disputes?view=${view}`);
        expect(r.status).toBe(200);
        expect(
          r.body.disputes.map((d: { id: string }) => d.id),
          `${person} ${view}`,
        ).toEqual([own.id]);
      }
    }
    // The same child raised again in Southmere is not a recurrence of Northmoor's dispute.
    const again = await raise(south('chair-amara'));
    const view = (await south('chair-amara').get(`/api/disputes/${again.id}`)).body;
    expect(JSON.stringify(view)).not.toContain(n1.id);
    expect(JSON.stringify(view)).not.toContain(n1.reference);
  });

  it("a council's people cannot write to the other council's dispute, and nothing of it changes", async () => {
    const before = (await north('chair-amara').get(`/api/disputes/${n1.id}`)).body;
    const nobodys = '00000000-0000-4000-8000-000000000000';
    for (const [person, action, body] of [
      ['sw-ben', 'responses', { outcome: 'disagree', text: 'Written from the other council.' }],
      ['chair-amara', 'withdraw', { reason: 'Written from the other council.' }],
    ] as const) {
      const unknown = await south(person).post(`/api/disputes/${nobodys}/${action}`, {
        version: before.version,
        ...body,
      });
      const attempt = await south(person).post(`/api/disputes/${n1.id}/${action}`, {
        version: before.version,
        ...body,
      });
      expect(unknown.status, action).toBeGreaterThanOrEqual(403);
      expect([attempt.status, attempt.body.error], action).toEqual([unknown.status, unknown.body.error]);
    }
    const after = (await north('chair-amara').get(`/api/disputes/${n1.id}`)).body;
    expect(after.version).toBe(before.version);
    expect(after.events.length).toBe(before.events.length);
  });

  it("the refused attempts are audited in the reader's own council, never in the other's", async () => {
    // Southmere's look at Northmoor's dispute id is on Southmere's record, refused.
    const { rows } = await admin.query<{ tenant_id: string; allowed: boolean }>(
      'select distinct tenant_id, allowed from dispute_reads where dispute_id = $1 order by 1, 2',
      [n1.id],
    );
    expect(rows).toEqual(
      [
        { tenant_id: NORTHMOOR.tenantId, allowed: true },
        { tenant_id: SOUTHMERE.tenantId, allowed: false },
      ].sort((a, b) => a.tenant_id.localeCompare(b.tenant_id)),
    );
    // Northmoor's dispute shows who has seen it: Northmoor's people only.
    const seenBy = (await north('chair-amara').get(`/api/disputes/${n1.id}`)).body.seenBy as {
      personId: string;
    }[];
    const northReads = await admin.query<{ person_id: string }>(
      'select distinct person_id from dispute_reads where dispute_id = $1 and tenant_id = $2 and allowed',
      [n1.id, NORTHMOOR.tenantId],
    );
    expect(new Set(seenBy.map((s) => s.personId))).toEqual(new Set(northReads.rows.map((r) => r.person_id)));
  });

  it("each council's delivery sends only its own notifications", async () => {
    const delivered = new Map<string, OutboxRow[]>();
    for (const council of two.app.councils.all) {
      const rows: OutboxRow[] = [];
      const delivery: Delivery = { kind: 'recording', deliver: async (row) => void rows.push(row) };
      await deliverAllDue(council.services, delivery);
      delivered.set(council.tenantId, rows);
    }
    const northIds = new Set(
      (
        await admin.query<{ id: string }>('select id from disputes where tenant_id = $1', [
          NORTHMOOR.tenantId,
        ])
      ).rows.map((r) => r.id),
    );
    const northRows = delivered.get(NORTHMOOR.tenantId)!;
    const southRows = delivered.get(SOUTHMERE.tenantId)!;
    expect(northRows.length).toBeGreaterThan(0);
    expect(southRows.length).toBeGreaterThan(0);
    expect(northRows.every((r) => northIds.has(r.disputeId))).toBe(true);
    expect(southRows.some((r) => northIds.has(r.disputeId))).toBe(false);
  });

  it("a bad due row in one council stops only that council's sweep", async () => {
    // A deadline no code knows how to fire, due before anything else: Northmoor's sweep fails on it.
    await admin.query(
      `insert into deadlines (dispute_id, key, kind, stage_id, due_at, tenant_id)
       values ($1, 'broken', 'no-such-kind', 'informal', '2026-11-01T00:00:00Z', $2)`,
      [n1.id, NORTHMOOR.tenantId],
    );
    // Past both disputes' informal stage (2 working days): Southmere's deadlines are due.
    two.app.testClock!.set('2026-11-30T08:00:00Z');
    const failed: string[] = [];
    const swept = new Map<string, unknown>();
    await forEachCouncil(
      two.app.councils,
      async (c) => swept.set(c.id, await sweepDeadlines(c.services)),
      (c) => failed.push(c.id),
    );
    expect(failed).toEqual([NORTHMOOR.id]);
    expect(swept.get(SOUTHMERE.id)).toMatchObject({ applied: expect.any(Number) });
    expect((swept.get(SOUTHMERE.id) as { applied: number }).applied).toBeGreaterThan(0);
    const fired = await admin.query<{ tenant_id: string }>(
      'select distinct tenant_id from deadlines where fired_at is not null',
    );
    expect(fired.rows.map((r) => r.tenant_id)).toContain(SOUTHMERE.tenantId);
    // The bad row is left unfired for someone to look at (Northmoor's other firers finish the rows
    // they already held when it failed, and claim no more).
    const broken = await admin.query<{ fired_at: string | null }>(
      `select fired_at from deadlines where key = 'broken'`,
    );
    expect(broken.rows).toEqual([{ fired_at: null }]);
    await admin.query(`delete from deadlines where key = 'broken'`);
  });

  it("reports count only the council's own disputes", async () => {
    await raise(south('chair-amara'), { child: { ...raiseBody.child, caseNumber: 'SM-1' } });
    const count = async (tenant: string) =>
      Number(
        (await admin.query('select count(*)::int as n from disputes where tenant_id = $1', [tenant])).rows[0]
          .n,
      );
    const [northCount, southCount] = [await count(NORTHMOOR.tenantId), await count(SOUTHMERE.tenantId)];
    expect(northCount).not.toBe(southCount);
    const range = '/api/reports?from=2026-11-01&to=2026-11-30';
    expect((await north('hos-ruth').get(range)).body.totals.raised).toBe(northCount);
    expect((await south('hos-ruth').get(range)).body.totals.raised).toBe(southCount);
    const reportTenants = await tenantsOf('report_reads', 'true', []);
    expect(reportTenants).toEqual([NORTHMOOR.tenantId, SOUTHMERE.tenantId].sort());
  });

  it('the same person id in both councils has a calendar link of each, found in its own council', async () => {
    const feedPath = (url: string) => new URL(url).pathname;
    const northLink = feedPath((await north('chair-amara').post('/api/me/calendar-feed')).body.url);
    const southLink = feedPath((await south('chair-amara').post('/api/me/calendar-feed')).body.url);
    expect(northLink).not.toBe(southLink);
    expect(await tenantsOf('calendar_feed_tokens', `person_id = 'chair-amara'`, [])).toEqual(
      [NORTHMOOR.tenantId, SOUTHMERE.tenantId].sort(),
    );
    const fetchFeed = async (path: string) => (await two.app.server.inject({ url: path })).statusCode;
    expect([await fetchFeed(northLink), await fetchFeed(southLink)]).toEqual([200, 200]);
    // Turning off Southmere's link leaves Northmoor's working.
    const revoked = await two.app.server.inject({
      method: 'DELETE',
      url: '/api/me/calendar-feed',
      headers: { 'x-dev-user': 'chair-amara', 'x-dev-council': SOUTHMERE.id },
    });
    expect(revoked.statusCode).toBe(204);
    expect([await fetchFeed(northLink), await fetchFeed(southLink)]).toEqual([200, 404]);
  });

  it("the bot answers each council's person from that council's disputes, and delivers each council's cards", async () => {
    const connector = await startFakeBotConnector();
    try {
      const client = teamsClient(two.app, connector.serviceUrl);
      const user = async (council: typeof NORTHMOOR) => {
        const c = two.app.councils.forTenant(council.tenantId)!;
        const person = (await c.services.directory.byId('chair-amara')) as Person;
        return { person, conversationId: `a:1to1-${council.id}-chair-amara` };
      };
      const [northChair, southChair] = [await user(NORTHMOOR), await user(SOUTHMERE)];
      // Same person id, same Entra object id (the directories are copies): only the tenant differs.
      expect(northChair.person.aadObjectId).toBe(southChair.person.aadObjectId);
      for (const chair of [northChair, southChair]) expect((await client.install(chair)).status).toBe(200);
      expect((await client.say(southChair, `open ${n1.reference}`)).status).toBe(200);
      expect((await client.say(southChair, 'mine')).status).toBe(200);
      const southText = connector.cardsIn(southChair.conversationId).map(cardText).join('\n');
      const refusal = `There is no dispute ${n1.reference} that you can see.`;
      expect(southText).toContain(refusal);
      // Besides echoing the reference typed, nothing of Northmoor's dispute is in Southmere's chat.
      expect(southText).toContain(s1.reference);
      expect(southText.replace(refusal, '')).not.toContain(n1.reference.slice(4));
      // A card button pressed on the other council's dispute changes nothing of it.
      const before = (await north('chair-amara').get(`/api/disputes/${n1.id}`)).body.version;
      await client.press(southChair, 'withdraw', { disputeId: n1.id, version: before, reason: 'Not ours.' });
      expect((await north('chair-amara').get(`/api/disputes/${n1.id}`)).body.version).toBe(before);
      // Each council's outbox, through the bot, reaches that council's conversations only.
      const sentBefore = connector.activities.length;
      const southmere = two.app.councils.byId(SOUTHMERE.id)!;
      await forEachCouncil(
        two.app.councils,
        (c) => (c === southmere ? deliverAllDue(c.services, two.app.delivery) : Promise.resolve()),
        (c, e) => {
          throw new Error(`${c.id}: ${e.message}`);
        },
      );
      const delivered = connector.activities.slice(sentBefore).map((a) => cardText(a.activity));
      expect(delivered.join('\n')).not.toContain(n1.reference.slice(4));
      expect(await tenantsOf('bot_conversation_references', `person_id = 'chair-amara'`, [])).toEqual(
        [NORTHMOOR.tenantId, SOUTHMERE.tenantId].sort(),
      );
      const postedTenants = await tenantsOf('bot_posted_cards', 'dispute_id = $1', [s1.id]);
      expect(postedTenants.every((t) => t === SOUTHMERE.tenantId)).toBe(true);
    } finally {
      await connector.close();
    }
  });

  it('holds for random case numbers, children and ids (property)', async () => {
    const caseNumber = fc.stringMatching(/^[A-Z]{2}-[0-9]{3,8}$/);
    const name = fc.stringMatching(/^[A-Z][a-z]{1,10} [A-Z][a-z]{1,10}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ inNorth: fc.boolean(), caseNumber, name }), { minLength: 1, maxLength: 4 }),
        fc.uuid({ version: 4 }),
        async (raises, randomId) => {
          const made: { id: string; reference: string; north: boolean }[] = [];
          for (const r of raises) {
            const d = await raise(r.inNorth ? north('chair-amara') : south('chair-amara'), {
              child: { name: r.name, dateOfBirth: '2019-04-02', caseNumber: r.caseNumber },
            });
            made.push({ ...d, north: r.inNorth });
          }
          for (const d of made) {
            const own = d.north ? north : south;
            const other = d.north ? south : north;
            expect((await own('chair-amara').get(`/api/disputes/${d.id}`)).status).toBe(200);
            // The other council's dispute answers as an id that is nobody's.
            const nobodys = await other('chair-amara').get(`/api/disputes/${randomId}`);
            const attempt = await other('chair-amara').get(`/api/disputes/${d.id}`);
            expect([attempt.status, attempt.body.error]).toEqual([nobodys.status, nobodys.body.error]);
            expect((await other('chair-amara').get(`/api/disputes/by-reference/${d.reference}`)).status).toBe(
              404,
            );
          }
          for (const api of [north, south]) {
            const listed = (await api('chair-amara').get('/api/disputes?view=raised-by-me')).body
              .disputes as {
              id: string;
            }[];
            const mine = await admin.query<{ id: string }>('select id from disputes where tenant_id = $1', [
              api === north ? NORTHMOOR.tenantId : SOUTHMERE.tenantId,
            ]);
            const ids = new Set(mine.rows.map((r) => r.id));
            expect(listed.every((d) => ids.has(d.id))).toBe(true);
          }
        },
      ),
      { numRuns: 15 },
    );
  }, 120_000);
});
