// Oversight views (the team view, the all-open list, the board report in JSON and CSV, the admin
// overview and the retention view) show references and figures, never free text: no child's
// name or date of birth, no concern, response, note or reason typed by a person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const child = { name: 'Ottoline Brackenbury', dateOfBirth: '2017-08-19', caseNumber: 'NB-5150' };
const freeText = [
  child.name,
  child.dateOfBirth,
  'Marmoset concern about missed visits',
  'Capybara actions required',
  'Pangolin response from the social worker',
  'Axolotl note for the file',
  'Tapir reason for escalating',
];
let reference: string;

beforeAll(async () => {
  app = await startTestApp('pglite', { RETENTION_SCHEDULE: '{"yearsAfterClosure":6}' });
  const chair = apiAs(app, 'chair-amara');
  await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
  const raised = await chair.post('/api/disputes', {
    protocolId: 'gloucestershire',
    child,
    conferenceDate: '2026-11-16',
    socialWorkerId: 'sw-ben',
    theme: 'statutory-requirements',
    concern: freeText[2],
    actionsRequired: freeText[3],
  });
  expect(raised.status).toBe(201);
  reference = raised.body.reference;
  const id = raised.body.id;
  const version = async () => (await chair.get(`/api/disputes/${id}`)).body.version;
  const steps: [string, string, Record<string, unknown>][] = [
    ['sw-ben', 'responses', { outcome: 'disagree', text: freeText[4] }],
    ['chair-amara', 'notes', { text: freeText[5] }],
    ['chair-amara', 'escalate', { reason: freeText[6] }],
  ];
  for (const [person, action, body] of steps) {
    const r = await apiAs(app, person).post(`/api/disputes/${id}/${action}`, {
      version: await version(),
      ...body,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  }
  // A second dispute, closed, so that the retention view lists something.
  const other = await chair.post('/api/disputes', {
    protocolId: 'gloucestershire',
    child,
    conferenceDate: '2026-11-16',
    socialWorkerId: 'sw-ben',
    theme: 'statutory-requirements',
    concern: freeText[2],
    actionsRequired: freeText[3],
  });
  await chair.post(`/api/disputes/${other.body.id}/withdraw`, {
    version: other.body.version,
    reason: freeText[6],
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
});

const expectNoFreeText = (what: string, body: string) => {
  for (const text of freeText) expect(body, `${what} shows "${text}"`).not.toContain(text);
};

describe('oversight views', () => {
  it('the team view and the all-open list show references, not free text', async () => {
    const team = await apiAs(app, 'hos-ruth').get(
      `/api/disputes?view=team&team=${encodeURIComponent('North Child Protection Team')}`,
    );
    expect(team.status).toBe(200);
    expect(team.body.disputes.map((d: { reference: string }) => d.reference)).toContain(reference);
    expectNoFreeText('the team view (oversight)', JSON.stringify(team.body));
    const member = await apiAs(app, 'tm-carla').get(
      `/api/disputes?view=team&team=${encodeURIComponent('North Child Protection Team')}`,
    );
    expectNoFreeText('the team view (a member)', JSON.stringify(member.body));
    const all = await apiAs(app, 'hos-ruth').get('/api/disputes?view=all-open');
    expect(all.body.disputes.map((d: { reference: string }) => d.reference)).toContain(reference);
    expectNoFreeText('the all-open list', JSON.stringify(all.body));
  });

  it('a dispute seen by oversight shows the child by initials only', async () => {
    const id = (await apiAs(app, 'hos-ruth').get('/api/disputes?view=all-open')).body.disputes[0].id;
    const seen = (await apiAs(app, 'hos-ruth').get(`/api/disputes/${id}`)).body;
    expect(seen.child).toMatchObject({ name: 'OB', initials: 'OB' });
    expect(JSON.stringify(seen)).not.toContain(child.name);
    expect(JSON.stringify(seen)).not.toContain(child.dateOfBirth);
  });

  it('the board report, JSON and CSV, carries figures only', async () => {
    const json = await apiAs(app, 'hos-ruth').get('/api/reports?from=2026-11-01&to=2026-11-30');
    expect(json.status).toBe(200);
    expect(json.body.totals.raised).toBe(2);
    expectNoFreeText('the board report', JSON.stringify(json.body));
    expect(JSON.stringify(json.body)).not.toContain(reference);
    expect(JSON.stringify(json.body)).not.toContain(child.caseNumber);
    const csv = await app.server.inject({
      method: 'GET',
      url: '/api/reports.csv?from=2026-11-01&to=2026-11-30',
      headers: { 'x-dev-user': 'hos-ruth' },
    });
    expect(csv.statusCode).toBe(200);
    expectNoFreeText('the board report CSV', csv.body);
    expect(csv.body).not.toContain(child.caseNumber);
  });

  it('the admin overview and the retention view show references only', async () => {
    const overview = await apiAs(app, 'hos-ruth').get('/api/admin/overview');
    expect(overview.status).toBe(200);
    expectNoFreeText('the admin overview', JSON.stringify(overview.body));
    const retention = await apiAs(app, 'hos-ruth').get('/api/admin/retention');
    expect(retention.body.disputes).toHaveLength(1);
    expectNoFreeText('the retention view', JSON.stringify(retention.body));
    expect(JSON.stringify(retention.body)).not.toContain(child.caseNumber);
  });
});
