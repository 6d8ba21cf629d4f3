// Records for their whole life, over the REST API on both stores: the retention view, legal holds,
// subject access exports (JSON and Word, parsed back), disposal that erases a closed dispute's
// personal data while the board report still counts it, and the append-only guard that only the
// disposal function gets past.
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startTestApp, storeKinds, type TestApp } from '../support/test-app.ts';

const zebedee = { name: 'Zebedee Quartermaine', dateOfBirth: '2018-03-14', caseNumber: 'NB-1001' };
const yolanda = { name: 'Yolanda Pemberton-Vance', dateOfBirth: '2020-07-09', caseNumber: 'NB-2002' };
const concern = 'Xylophone concern: no statutory visit since the review conference.';
const response = 'Quokka reply: the family cancelled the visit twice.';
const summary = 'Narwhal summary: visits restarted, monitoring at core group.';
const noteText = 'Wombat note about the family situation.';
const holdReason = 'Ombudsman complaint 2028/17 open';

async function wordText(buffer: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  // Text runs only, joined: what a reader of the document sees.
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(' ');
}

for (const store of storeKinds)
  describe.skipIf(!store.run)(`records management ${store.label}`, () => {
    let app: TestApp;
    const as = (id: string) => apiAs(app, id);
    const chair = () => as('chair-amara');
    const ig = () => as('ig-nadia');
    const setClock = async (now: string) =>
      expect((await chair().post('/api/dev/clock', { now })).status).toBe(200);
    const raise = async (child: typeof zebedee, socialWorkerId = 'sw-ben') => {
      const r = await chair().post('/api/disputes', {
        protocolId: 'gloucestershire',
        child,
        conferenceDate: '2026-11-16',
        socialWorkerId,
        theme: 'statutory-requirements',
        concern,
        actionsRequired: 'Visit within 2 working days and see the child alone.',
        immediateRisk: false,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return r.body as { id: string; reference: string; version: number };
    };
    const act = async (person: string, id: string, action: string, body: Record<string, unknown>) => {
      const { version } = (await as(person).get(`/api/disputes/${id}`)).body;
      const r = await as(person).post(`/api/disputes/${id}/${action}`, { version, ...body });
      expect(r.status, `${person} ${action}: ${JSON.stringify(r.body)}`).toBe(200);
      return r.body;
    };
    const docx = async (person: string, body: unknown) =>
      app.server.inject({
        method: 'POST',
        url: '/api/admin/subject-access',
        headers: { 'x-dev-user': person, 'content-type': 'application/json' },
        payload: JSON.stringify(body),
      });

    let a: { id: string; reference: string };
    let b: { id: string; reference: string };
    let c: { id: string; reference: string };

    beforeAll(async () => {
      app = await startTestApp(store.kind, { RETENTION_SCHEDULE: '{"yearsAfterClosure":2}' });
      await setClock('2026-11-23T10:00:00Z');
      a = await raise(zebedee);
      b = await raise(zebedee);
      c = await raise(yolanda, 'sw-dana');
      await act('sw-ben', a.id, 'responses', { outcome: 'disagree', text: response });
      await act('chair-amara', a.id, 'resolve', { summary, keepMonitoring: false });
      await act('chair-amara', b.id, 'notes', { text: noteText });
      await setClock('2026-11-24T10:00:00Z');
      await act('chair-amara', b.id, 'withdraw', { reason: 'Raised twice in error.' });
    }, 120_000);

    afterAll(async () => {
      await app?.close();
    });

    it('shows admins what falls due for disposal and when; nobody else', async () => {
      const r = await ig().get('/api/admin/retention');
      expect(r.status).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
      expect(r.body).toMatchObject({
        configured: true,
        schedule: 'Kept 2 years after closure.',
        today: '2026-11-24',
      });
      expect(r.body.disputes.map((d: { reference: string }) => d.reference)).toEqual([
        a.reference,
        b.reference,
      ]);
      expect(r.body.disputes[0]).toMatchObject({
        status: 'resolved',
        closedOn: '2026-11-23',
        dueOn: '2028-11-23',
        rule: '2 years after closure',
        dueNow: false,
        hold: null,
      });
      // The open dispute never falls due; the view names no child.
      expect(JSON.stringify(r.body)).not.toContain(zebedee.name);
      expect(JSON.stringify(r.body)).not.toContain(c.reference);
      expect((await as('hos-ruth').get('/api/admin/retention')).status).toBe(200);
      expect((await as('sw-ben').get('/api/admin/retention')).status).toBe(403);
      expect((await chair().get('/api/admin/retention')).status).toBe(403);
    });

    it('sets and lifts legal holds with a reason, for admins only', async () => {
      const refused = await as('sw-ben').post('/api/admin/legal-holds', {
        reference: b.reference,
        hold: true,
        reason: 'x',
      });
      expect(refused.status).toBe(403);
      expect(
        (await ig().post('/api/admin/legal-holds', { reference: b.reference, hold: true })).body,
      ).toMatchObject({ error: 'bad-request', field: 'reason' });
      expect(
        (await ig().post('/api/admin/legal-holds', { reference: 'CPD-NOSUCH', hold: true, reason: 'x' }))
          .status,
      ).toBe(404);
      const set = await ig().post('/api/admin/legal-holds', {
        reference: b.reference,
        hold: true,
        reason: holdReason,
      });
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body.hold).toMatchObject({ setBy: 'ig-nadia', reason: holdReason });
      expect(
        (await ig().post('/api/admin/legal-holds', { reference: b.reference, hold: true, reason: 'again' }))
          .status,
      ).toBe(409);
      const view = (await ig().get('/api/admin/retention')).body;
      expect(
        view.disputes.find((d: { reference: string }) => d.reference === b.reference).hold,
      ).toMatchObject({
        reason: holdReason,
      });
    });

    it('exports every record about a child as JSON, and audits the export', async () => {
      const refused = await as('sw-ben').post('/api/admin/subject-access', {
        subject: { kind: 'child', caseNumber: zebedee.caseNumber },
      });
      expect(refused.status).toBe(403);
      const r = await ig().post('/api/admin/subject-access', {
        subject: { kind: 'child', caseNumber: zebedee.caseNumber },
        format: 'json',
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.headers['cache-control']).toBe('no-store');
      const x = r.body;
      expect(x.disputes.map((d: { reference: string }) => d.reference).sort()).toEqual(
        [a.reference, b.reference].sort(),
      );
      const first = x.disputes.find((d: { reference: string }) => d.reference === a.reference);
      expect(first.events[0]).toMatchObject({ type: 'Raised', data: { child: zebedee, concern } });
      expect(first.events.map((e: { type: string }) => e.type)).toContain('Responded');
      expect(JSON.stringify(first.events)).toContain(response);
      expect(first.notifications.length).toBeGreaterThan(0);
      expect(
        x.disputes.find((d: { reference: string }) => d.reference === b.reference).legalHold,
      ).toMatchObject({
        reason: holdReason,
      });
      expect(x.reads.some((rd: { personId: string }) => rd.personId === 'sw-ben')).toBe(true);
      expect(x.recordsAudit.map((e: { action: string }) => e.action)).toContain('legal-hold-set');
      expect(JSON.stringify(x)).not.toContain(yolanda.name);

      // The next export shows this one: every export is recorded, with who asked and about whom.
      const again = (
        await ig().post('/api/admin/subject-access', {
          subject: { kind: 'child', caseNumber: zebedee.caseNumber },
        })
      ).body;
      expect(again.recordsAudit).toContainEqual(
        expect.objectContaining({
          action: 'subject-access-export',
          personId: 'ig-nadia',
          subjectKind: 'child',
          subject: zebedee.caseNumber,
          allowed: true,
        }),
      );
    });

    it('exports the same as a Word document that holds the records', async () => {
      const res = await docx('ig-nadia', {
        subject: { kind: 'child', caseNumber: zebedee.caseNumber },
        format: 'docx',
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('wordprocessingml');
      expect(res.headers['content-disposition']).not.toContain(zebedee.caseNumber);
      const text = await wordText(res.rawPayload);
      for (const expected of [
        a.reference,
        b.reference,
        zebedee.name,
        concern,
        response,
        summary,
        noteText,
        holdReason,
      ])
        expect(text).toContain(expected);
      expect(text).not.toContain(yolanda.name);
    });

    it("exports a member of staff's records without the child's details", async () => {
      const r = await ig().post('/api/admin/subject-access', {
        subject: { kind: 'staff', personId: 'sw-ben' },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      const x = r.body;
      expect(x.person).toMatchObject({ id: 'sw-ben', team: 'North Child Protection Team' });
      expect(x.disputes.map((d: { reference: string }) => d.reference).sort()).toEqual(
        [a.reference, b.reference].sort(),
      );
      const first = x.disputes.find((d: { reference: string }) => d.reference === a.reference);
      expect(first.roles).toEqual(expect.arrayContaining(['social worker', 'acted in it']));
      expect(JSON.stringify(first.events)).toContain(response);
      const text = JSON.stringify(x);
      expect(text).not.toContain(zebedee.name);
      expect(text).not.toContain(zebedee.dateOfBirth);
      expect(x.withheld.length).toBeGreaterThan(0);
      // His refused attempts at records management are records about him too.
      expect(x.recordsAudit).toContainEqual(
        expect.objectContaining({ personId: 'sw-ben', action: 'subject-access-export', allowed: false }),
      );
      const word = await wordText(
        (await docx('ig-nadia', { subject: { kind: 'staff', personId: 'sw-ben' }, format: 'docx' }))
          .rawPayload,
      );
      expect(word).toContain(response);
      expect(word).not.toContain(zebedee.name);
    });

    it('checks its input', async () => {
      expect(
        (await ig().post('/api/admin/subject-access', { subject: { kind: 'pet', caseNumber: 'x' } })).status,
      ).toBe(400);
      expect(
        (await ig().post('/api/admin/subject-access', { subject: { kind: 'child', caseNumber: '' } })).body,
      ).toMatchObject({ error: 'bad-request', field: 'subject.caseNumber' });
      expect((await ig().post('/api/admin/disposal', { now: 'x' })).status).toBe(400);
    });

    it('disposes of what is past retention, skips held disputes, and the board report still counts them', async () => {
      // Nothing is due yet.
      expect((await ig().post('/api/admin/disposal', {})).body).toMatchObject({ disposed: [], held: [] });
      expect((await as('sw-ben').post('/api/admin/disposal', {})).status).toBe(403);

      await setClock('2028-11-24T09:00:00Z');
      const before = (await as('hos-ruth').get('/api/reports?from=2026-11-01&to=2026-11-30')).body;
      const northBefore = (
        await as('hos-ruth').get(
          '/api/reports?from=2026-11-01&to=2026-11-30&team=North%20Child%20Protection%20Team',
        )
      ).body;
      const run = await ig().post('/api/admin/disposal', {});
      expect(run.status, JSON.stringify(run.body)).toBe(200);
      expect(run.body.disposed).toEqual([{ reference: a.reference, rule: '2 years after closure' }]);
      expect(run.body.held).toEqual([b.reference]);

      // The skeleton: reference, protocol, status and the timeline's shape, nothing personal.
      const view = await as('hos-ruth').get(`/api/disputes/${a.id}`);
      expect(view.status).toBe(200);
      const shown = JSON.stringify(view.body);
      for (const gone of [
        zebedee.name,
        zebedee.caseNumber,
        zebedee.dateOfBirth,
        concern,
        response,
        summary,
        'sw-ben',
      ])
        expect(shown).not.toContain(gone);
      expect(view.body.reference).toBe(a.reference);
      expect(view.body.child).toEqual({
        name: '[redacted]',
        initials: '',
        dateOfBirth: null,
        caseNumber: '[redacted]',
      });
      expect(view.body.events.map((e: { type: string }) => e.type)).toContain('Redacted');
      // The people named on it no longer are.
      // (404, as for any dispute one may not read: whether it exists is not said.)
      expect((await chair().get(`/api/disputes/${a.id}`)).status).toBe(404);
      // Nothing can be added to it.
      const version = view.body.version;
      expect((await as('hos-ruth').post(`/api/disputes/${a.id}/notes`, { version, text: 'x' })).status).toBe(
        409,
      );

      // In the database: events, outbox, reads hold nothing personal.
      const db = app.services.db;
      const left = await db.query<{ n: number }>(
        `select count(*)::int as n from dispute_events
          where dispute_id = $1 and (data::text ilike '%zebedee%' or data::text like '%sw-ben%' or data::text like '%chair-amara%'
            or data::text like '%Quokka%' or actor_id <> all (array['[redacted]', 'system']))`,
        [a.id],
      );
      expect(left.rows[0]!.n).toBe(0);
      const outbox = await db.query<{ n: number }>(
        `select count(*)::int as n from outbox where dispute_id = $1 and recipient_id <> '[redacted]'`,
        [a.id],
      );
      expect(outbox.rows[0]!.n).toBe(0);
      const reads = await db.query<{ n: number }>(
        // Reads from before the disposal (looks at the skeleton since are recorded as usual).
        `select count(*)::int as n from dispute_reads
          where dispute_id = $1 and at < '2028-11-24T09:00:00Z' and person_id <> '[redacted]'`,
        [a.id],
      );
      expect(reads.rows[0]!.n).toBe(0);
      const projection = await app.services.store.getProjection(db, a.id);
      expect(projection).toMatchObject({
        caseNumber: `[redacted] ${a.reference}`,
        participantIds: [],
        status: 'resolved',
      });

      // The append-only guard still refuses the application any other way past it.
      await expect(
        db.query(`update dispute_events set data = '{}'::jsonb where dispute_id = $1`, [b.id]),
      ).rejects.toThrow(/append-only/);
      // Even with the disposal function's mark set by hand, only its columns could change.
      await expect(
        db.transaction(async (tx) => {
          await tx.query(`select set_config('cpd.disposing', $1, true)`, [b.id]);
          await tx.query(`update dispute_events set type = 'Resolved' where dispute_id = $1`, [b.id]);
        }),
      ).rejects.toThrow(/append-only/);

      // The board report's figures are unchanged: it still counts the disposed dispute, in its team.
      const after = (await as('hos-ruth').get('/api/reports?from=2026-11-01&to=2026-11-30')).body;
      expect(after.totals).toEqual(before.totals);
      expect(after.byTeam).toEqual(before.byTeam);
      expect(after.raisedByTheme).toEqual(before.raisedByTheme);
      expect(after.stageReached).toEqual(before.stageReached);
      expect(after.responseTimes).toEqual(before.responseTimes);
      const northAfter = (
        await as('hos-ruth').get(
          '/api/reports?from=2026-11-01&to=2026-11-30&team=North%20Child%20Protection%20Team',
        )
      ).body;
      expect(northAfter.totals).toEqual(northBefore.totals);
      expect(northAfter.totals.raised).toBe(3);

      // A subject access export about the child finds only what is still held.
      const x = (
        await ig().post('/api/admin/subject-access', {
          subject: { kind: 'child', caseNumber: zebedee.caseNumber },
        })
      ).body;
      expect(x.disputes.map((d: { reference: string }) => d.reference)).toEqual([b.reference]);

      // Lifted, the held dispute goes at the next run; the retention view then lists neither.
      await ig().post('/api/admin/legal-holds', {
        reference: b.reference,
        hold: false,
        reason: 'Complaint closed',
      });
      expect((await ig().post('/api/admin/disposal', {})).body.disposed).toEqual([
        { reference: b.reference, rule: '2 years after closure' },
      ]);
      expect((await ig().get('/api/admin/retention')).body.disputes).toEqual([]);
      const audit = await db.query<{
        action: string;
        person_id: string;
        subject: string | null;
        detail: unknown;
      }>(
        `select action, person_id, subject, detail from records_audit where dispute_ids @> array[$1] order by id`,
        [b.id],
      );
      expect(audit.rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['legal-hold-set', 'legal-hold-lifted', 'subject-access-export', 'disposal']),
      );
      // The audit keeps who did what and when; the reasons and the child's case number are erased.
      expect(JSON.stringify(audit.rows)).not.toContain(holdReason);
      expect(JSON.stringify(audit.rows)).not.toContain(zebedee.caseNumber);
      expect(audit.rows.map((r) => r.person_id)).toContain('ig-nadia');
    });
  });

describe('with no retention schedule', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp('pglite');
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  it('nothing ever falls due, and disposal erases nothing', async () => {
    const chair = apiAs(app, 'chair-amara');
    await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
    const r = await chair.post('/api/disputes', {
      protocolId: 'gloucestershire',
      child: zebedee,
      conferenceDate: '2026-11-16',
      socialWorkerId: 'sw-ben',
      theme: 'statutory-requirements',
      concern,
      actionsRequired: 'Visit.',
    });
    await chair.post(`/api/disputes/${r.body.id}/withdraw`, { version: r.body.version, reason: 'Error.' });
    await chair.post('/api/dev/clock', { now: '2126-11-23T10:00:00Z' });
    const view = (await apiAs(app, 'ig-nadia').get('/api/admin/retention')).body;
    expect(view).toMatchObject({
      configured: false,
      schedule: 'No retention schedule: nothing is ever disposed of.',
    });
    expect(view.disputes[0]).toMatchObject({
      dueOn: null,
      dueNow: false,
      keptBecause: 'no retention schedule',
    });
    expect((await apiAs(app, 'ig-nadia').post('/api/admin/disposal', {})).body.disposed).toEqual([]);
    expect(JSON.stringify((await apiAs(app, 'hos-ruth').get(`/api/disputes/${r.body.id}`)).body)).toContain(
      concern,
    );
  });
});
