// The safeguarding board's report over the API: seven disputes raised across themes, teams and
// two protocols with the test clock; some answered in time, one late, one deadline missed, one
// resolved at the informal stage, a Gloucestershire dispute past its 20-working-day cap. Every
// figure is checked, the CSV too, and neither says anything that identifies a child or a dispute.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const as = (id: string) => apiAs(app, id);
const chair = () => as('chair-amara');
const oversight = () => as('hos-ruth');
const setClock = async (now: string) => {
  const r = await chair().post('/api/dev/clock', { now });
  expect(r.status).toBe(200);
};

interface Child {
  name: string;
  dateOfBirth: string;
  caseNumber: string;
}
const zebedee: Child = { name: 'Zebedee Quartermaine', dateOfBirth: '2018-03-14', caseNumber: 'NB-1001' };
const yolanda: Child = { name: 'Yolanda Pemberton-Vance', dateOfBirth: '2020-07-09', caseNumber: 'NB-2002' };
const xavier: Child = { name: 'Xavier Lindqvist-Ore', dateOfBirth: '2016-12-01', caseNumber: 'NB-4004' };
const wilhelmina: Child = { name: 'Wilhelmina Achterberg', dateOfBirth: '2021-01-30', caseNumber: 'NB-6006' };
const violet: Child = { name: 'Violet Strandqvist', dateOfBirth: '2019-05-05', caseNumber: 'NB-7007' };

const raised: { id: string; reference: string }[] = [];

async function raise(body: {
  protocolId?: string;
  child: Child;
  socialWorkerId: string;
  theme: string;
  chairSetWorkingDays?: number;
}) {
  const r = await chair().post('/api/disputes', {
    protocolId: 'gloucestershire',
    conferenceDate: '2026-11-16',
    concern: 'The plan is drifting: visits and core groups are not happening as agreed.',
    actionsRequired: 'Hold the core group this week and visit the child.',
    immediateRisk: false,
    ...body,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  raised.push({ id: r.body.id, reference: r.body.reference });
  return r.body as { id: string; reference: string; stage: { id: string } };
}

/** Acts as `person` on the dispute's current version. */
async function act(person: string, id: string, action: string, body: Record<string, unknown>) {
  const { version } = (await as(person).get(`/api/disputes/${id}`)).body;
  const r = await as(person).post(`/api/disputes/${id}/${action}`, { version, ...body });
  expect(r.status, `${person} ${action}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body;
}

const november = '/api/reports?from=2026-11-01&to=2026-11-30';
let d3: { id: string };
let d5: { id: string; stage: { id: string } };

beforeAll(async () => {
  app = await startTestApp('pglite');

  // Monday 23 November 2026.
  await setClock('2026-11-23T10:00:00Z');
  const d1 = await raise({ child: zebedee, socialWorkerId: 'sw-ben', theme: 'statutory-requirements' });
  const d2 = await raise({ child: yolanda, socialWorkerId: 'sw-fern', theme: 'general-issues' });
  const d4 = await raise({ child: xavier, socialWorkerId: 'sw-dana', theme: 'statutory-requirements' });
  // The same child and theme while the first is unresolved: starts at formal stage 1 (recurrence).
  d5 = await raise({ child: xavier, socialWorkerId: 'sw-dana', theme: 'statutory-requirements' });
  const d6 = await raise({
    protocolId: 'calderdale',
    child: wilhelmina,
    socialWorkerId: 'sw-gus',
    theme: 'serious-safeguarding',
    chairSetWorkingDays: 3,
  });

  // Tuesday: D1 answered in 1 working day and resolved at the informal stage; D4 likewise.
  await setClock('2026-11-24T09:00:00Z');
  await act('sw-ben', d1.id, 'responses', { outcome: 'actions-agreed', text: 'Visit booked for Thursday.' });
  await act('chair-amara', d1.id, 'resolve', { summary: 'Visit done; plan back on track.' });
  await act('sw-dana', d4.id, 'responses', { outcome: 'actions-completed', text: 'Core group held today.' });
  await act('chair-amara', d4.id, 'resolve', { summary: 'Core group held.' });
  // D3: the same child as D1 again, another theme; straight to stage 1, more time given to 4 December.
  d3 = await raise({ child: zebedee, socialWorkerId: 'sw-ben', theme: 'plan-management' });
  await act('chair-amara', d3.id, 'escalate', { reason: 'The plan has drifted for a second time.' });
  await act('chair-amara', d3.id, 'extend', { dueOn: '2026-12-04', reason: 'The team manager is on leave.' });

  // Wednesday: D5 answered at stage 1 in 2 working days and resolved; D6 answered in 2 of its 3 days.
  await setClock('2026-11-25T09:00:00Z');
  await act('tm-carla', d5.id, 'responses', { outcome: 'actions-agreed', text: 'Agreed: weekly visits.' });
  await act('chair-amara', d5.id, 'resolve', { summary: 'Weekly visits agreed.' });
  await act('sw-gus', d6.id, 'responses', {
    outcome: 'actions-agreed',
    text: 'Strategy discussion arranged.',
  });

  // Thursday: D2's informal deadline (Wednesday) has passed without an answer; the chair withdraws it.
  await setClock('2026-11-26T08:00:00Z');
  await act('chair-amara', d2.id, 'withdraw', { reason: 'The child has moved out of the area.' });

  // 1 December: D3's team manager answers after 5 working days (the protocol gives 4).
  await setClock('2026-12-01T09:00:00Z');
  await act('tm-carla', d3.id, 'responses', { outcome: 'disagree', text: 'The plan is being followed.' });
  // D7 is raised in December (outside November's range) and withdrawn.
  const d7 = await raise({ child: violet, socialWorkerId: 'sw-ben', theme: 'general-issues' });
  await act('chair-amara', d7.id, 'withdraw', { reason: 'Raised in error.' });

  // 23 December: D3's overall 20-working-day limit (22 December) has passed.
  await setClock('2026-12-23T08:00:00Z');
}, 120_000);

afterAll(async () => {
  await app?.close();
});

describe('the board report', () => {
  it('set up the disputes as intended', async () => {
    expect(d5.stage.id).toBe('stage-1');
    const d3now = (await chair().get(`/api/disputes/${d3.id}`)).body;
    expect(d3now).toMatchObject({ status: 'open', capReached: true, stage: { id: 'stage-1' } });
  });

  it('gives every figure for November', async () => {
    const r = await oversight().get(november);
    expect(r.status).toBe(200);
    const report = r.body;
    expect(report.range).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      protocolId: null,
      team: null,
    });
    expect(Date.parse(report.range.asAt)).toBeGreaterThanOrEqual(Date.parse('2026-12-23T08:00:00Z'));
    expect(report.totals).toEqual({ raised: 6, open: 2, resolved: 3, withdrawn: 1 });

    const theme = (id: string) => report.raisedByTheme.find((t: { themeId: string }) => t.themeId === id);
    expect(theme('statutory-requirements')).toEqual({
      themeId: 'statutory-requirements',
      label: 'Failure to meet statutory requirements',
      count: 3,
    });
    expect(theme('general-issues').count).toBe(1);
    expect(theme('plan-management').count).toBe(1);
    expect(theme('serious-safeguarding').count).toBe(1);

    const reached = Object.fromEntries(
      report.stageReached.map((s: { protocolId: string; stageId: string; count: number }) => [
        `${s.protocolId}/${s.stageId}`,
        s.count,
      ]),
    );
    expect(reached).toMatchObject({
      'gloucestershire/informal': 3,
      'gloucestershire/stage-1': 2,
      'gloucestershire/stage-2': 0,
      'gloucestershire/stage-6': 0,
      'calderdale/informal': 1,
      'calderdale/stage-1': 0,
    });
    expect(
      report.stageReached.find(
        (s: { protocolId: string; stageId: string }) =>
          s.protocolId === 'gloucestershire' && s.stageId === 'stage-1',
      ),
    ).toMatchObject({ name: 'Formal Stage 1 - Team Manager' });

    expect(report.resolvedAtInformal).toEqual({ count: 2, share: 0.667 });

    // Protocols in the order they are loaded (by file name), stages in protocol order.
    expect(report.responseTimes).toEqual([
      {
        protocolId: 'calderdale',
        stageId: 'informal',
        name: 'Informal PDRP',
        protocolWorkingDays: 10,
        responses: 1,
        medianWorkingDays: 2,
        withinTime: 1,
        withinTimeShare: 1,
      },
      {
        protocolId: 'gloucestershire',
        stageId: 'informal',
        name: 'Informal',
        protocolWorkingDays: 2,
        responses: 2,
        medianWorkingDays: 1,
        withinTime: 2,
        withinTimeShare: 1,
      },
      {
        protocolId: 'gloucestershire',
        stageId: 'stage-1',
        name: 'Formal Stage 1 - Team Manager',
        protocolWorkingDays: 4,
        responses: 2,
        medianWorkingDays: 3.5,
        withinTime: 1,
        withinTimeShare: 0.5,
      },
    ]);

    expect(report.deadlinesMissed).toBe(1);
    expect(report.capBreaches).toBe(1);
    expect(report.repeatConcerns).toBe(2);
    expect(report.byTeam).toEqual([
      { team: 'North Child Protection Team', raised: 4, open: 1, deadlinesMissed: 0 },
      { team: 'South Child Protection Team', raised: 2, open: 1, deadlinesMissed: 1 },
    ]);
    expect(report.definitions.responseTimes).toMatch(/extensions not counted/);
  });

  it('filters by team and by protocol, and counts only disputes raised in the range', async () => {
    const south = (
      await oversight().get(`${november}&team=${encodeURIComponent('South Child Protection Team')}`)
    ).body;
    expect(south.totals).toEqual({ raised: 2, open: 1, resolved: 0, withdrawn: 1 });
    expect(south.deadlinesMissed).toBe(1);
    expect(south.byTeam).toEqual([
      { team: 'South Child Protection Team', raised: 2, open: 1, deadlinesMissed: 1 },
    ]);

    const calderdale = (await oversight().get(`${november}&protocolId=calderdale`)).body;
    expect(calderdale.totals).toEqual({ raised: 1, open: 1, resolved: 0, withdrawn: 0 });
    expect(new Set(calderdale.stageReached.map((s: { protocolId: string }) => s.protocolId))).toEqual(
      new Set(['calderdale']),
    );
    expect(calderdale.capBreaches).toBe(0);

    const december = (await oversight().get('/api/reports?from=2026-12-01&to=2026-12-31')).body;
    expect(december.totals).toEqual({ raised: 1, open: 0, resolved: 0, withdrawn: 1 });
    expect(december.repeatConcerns).toBe(0); // the same social worker, but a different child
  });

  it('says nothing that identifies a child or a dispute, in JSON or CSV', async () => {
    const json = (await oversight().get(november)).body;
    const csv = await app.server.inject({
      method: 'GET',
      url: november.replace('/api/reports', '/api/reports.csv'),
      headers: { 'x-dev-user': 'hos-ruth' },
    });
    for (const text of [JSON.stringify(json), csv.body]) {
      for (const child of [zebedee, yolanda, xavier, wilhelmina, violet]) {
        for (const part of child.name.split(/[\s-]+/)) expect(text).not.toContain(part);
        expect(text).not.toContain(child.dateOfBirth);
        expect(text).not.toContain(child.caseNumber);
      }
      for (const d of raised) {
        expect(text).not.toContain(d.id);
        expect(text).not.toContain(d.reference);
      }
      expect(text).not.toMatch(/CPD-/);
      // Nor the professionals: teams only.
      expect(text).not.toMatch(/sw-ben|Harrowgate|chair-amara|Quillfeather/);
    }
  });

  it('downloads as CSV: a header row, then one row per figure', async () => {
    const res = await app.server.inject({
      method: 'GET',
      url: '/api/reports.csv?from=2026-11-01&to=2026-11-30',
      headers: { 'x-dev-user': 'hos-ruth' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="board-report-2026-11-01-to-2026-11-30.csv"',
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]).toBe('section,protocol_id,stage_id,theme_id,team,label,metric,value');
    for (const line of [
      'range,,,,,,from,2026-11-01',
      'range,,,,,,to,2026-11-30',
      'totals,,,,,,raised,6',
      'totals,,,,,,open,2',
      'totals,,,,,,resolved,3',
      'totals,,,,,,withdrawn,1',
      'raised_by_theme,,,statutory-requirements,,Failure to meet statutory requirements,count,3',
      'stage_reached,gloucestershire,informal,,,Informal,count,3',
      'stage_reached,gloucestershire,stage-1,,,Formal Stage 1 - Team Manager,count,2',
      'resolved_at_informal,,,,,,count,2',
      'resolved_at_informal,,,,,,share_of_resolved,0.667',
      'response_times,gloucestershire,stage-1,,,Formal Stage 1 - Team Manager,median_working_days,3.5',
      'response_times,gloucestershire,stage-1,,,Formal Stage 1 - Team Manager,within_time,1',
      'response_times,calderdale,informal,,,Informal PDRP,protocol_working_days,10',
      'deadlines_missed,,,,,,count,1',
      'cap_breaches,,,,,,count,1',
      'repeat_concerns,,,,,,count,2',
      'by_team,,,,South Child Protection Team,,deadlines_missed,1',
      'by_team,,,,North Child Protection Team,,raised,4',
    ])
      expect(lines).toContain(line);
    // Every row has the header's eight columns.
    for (const line of lines) expect(line.split(',').length, line).toBe(8);
  });

  it('is for oversight posts only; others are refused, and every run or refusal is recorded', async () => {
    for (const who of ['chair-amara', 'sw-ben', 'tm-carla']) {
      expect((await as(who).get(november)).status, who).toBe(403);
      expect((await as(who).get(november.replace('/api/reports', '/api/reports.csv'))).status, who).toBe(403);
    }
    expect((await as('tm-hana').get(november)).status).toBe(200); // the CP service manager oversees too
    const { rows } = await app.services.db.query<{
      person_id: string;
      report: string;
      parameters: Record<string, unknown>;
      allowed: boolean;
    }>('select person_id, report, parameters, allowed from report_reads order by id');
    expect(rows).toContainEqual({
      person_id: 'hos-ruth',
      report: 'board-report',
      parameters: { from: '2026-11-01', to: '2026-11-30', protocolId: null, team: null },
      allowed: true,
    });
    expect(rows).toContainEqual(
      expect.objectContaining({ person_id: 'hos-ruth', report: 'board-report.csv', allowed: true }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ person_id: 'chair-amara', report: 'board-report', allowed: false }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({
        person_id: 'hos-ruth',
        parameters: expect.objectContaining({ team: 'South Child Protection Team' }),
      }),
    );
    // The audit is append-only.
    await expect(app.services.db.query('delete from report_reads')).rejects.toThrow(/append-only/);
  });

  it('is described in the OpenAPI document, with the other new routes', async () => {
    const doc = (await apiAs(app, null).get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/reports',
        '/api/reports.csv',
        '/api/admin/overview',
        '/api/disputes/{id}/form.docx',
      ]),
    );
    const report = doc.paths['/api/reports'].get.responses['200'].content['application/json'].schema;
    // The report's schema is a named component the route refers to.
    const reportSchema = report.$ref ? doc.components.schemas[report.$ref.split('/').pop()] : report;
    expect(reportSchema.required).toEqual(
      expect.arrayContaining([
        'totals',
        'raisedByTheme',
        'stageReached',
        'resolvedAtInformal',
        'responseTimes',
        'byTeam',
      ]),
    );
    expect(doc.paths['/api/disputes'].get.parameters[0].schema.enum).toContain('team');
  });

  it('checks its query', async () => {
    const bad = async (q: string) => (await oversight().get(`/api/reports${q}`)).body;
    expect(await bad('?from=2026-11-30&to=2026-11-01')).toMatchObject({ error: 'bad-request', field: 'to' });
    expect(await bad('?from=2026-11-01')).toMatchObject({ error: 'bad-request', field: 'to' });
    expect(await bad('?from=2026-02-30&to=2026-03-01')).toMatchObject({
      error: 'bad-request',
      field: 'from',
    });
    expect(await bad('?from=2026-11-01&to=2026-11-30&protocolId=nowhere')).toMatchObject({
      error: 'bad-request',
      field: 'protocolId',
    });
    expect(await bad('?from=2026-11-01&to=2026-11-30&colour=red')).toMatchObject({ error: 'bad-request' });
  });
});
