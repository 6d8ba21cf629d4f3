// "Overdue" means past the due date and still unanswered: a stage answered in time stays answered.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('pglite');
});
afterAll(async () => {
  await app?.close();
});

it('marks only the unanswered stage overdue once its due date has passed', async () => {
  const chair = apiAs(app, 'chair-amara');
  await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
  const answered = (await chair.post('/api/disputes', raiseBody)).body;
  const silent = (
    await chair.post('/api/disputes', { ...raiseBody, child: { ...raiseBody.child, caseNumber: 'NB-2' } })
  ).body;
  await apiAs(app, 'sw-ben').post(`/api/disputes/${answered.id}/responses`, {
    version: answered.version,
    outcome: 'actions-completed',
    text: 'Visited today and saw the child alone.',
  });
  await chair.post('/api/dev/clock', { now: '2026-11-27T10:00:00Z' });
  const a = (await chair.get(`/api/disputes/${answered.id}`)).body;
  const s = (await chair.get(`/api/disputes/${silent.id}`)).body;
  expect(a.stage).toMatchObject({ dueOn: '2026-11-25', answered: true, overdue: false });
  expect(s.stage).toMatchObject({ dueOn: '2026-11-25', answered: false, overdue: true });
  // The lists read the projection, which knows the stage was answered (issue 12 item 8).
  const rows = (await chair.get('/api/disputes?view=raised-by-me')).body.disputes as {
    id: string;
    stageAnswered: boolean;
  }[];
  expect(rows.find((r) => r.id === answered.id)?.stageAnswered).toBe(true);
  expect(rows.find((r) => r.id === silent.id)?.stageAnswered).toBe(false);
});
