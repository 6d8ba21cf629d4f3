// The directory looked up by an email address (GET /api/directory/users?email=): the Outlook add-in
// asks it who sent the open email, to name them as the social worker when they can be one. The
// address must match in full (any case); a partial address, or someone who cannot hold the role
// asked for, finds nobody.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
const chair = () => apiAs(app, 'chair-amara');

beforeAll(async () => {
  app = await startTestApp('pglite');
});
afterAll(async () => {
  await app?.stop();
});

describe('the directory by email address', () => {
  it('finds the one person with that address, whatever its case', async () => {
    const r = await chair().get('/api/directory/users?email=Ben.Harrowgate%40Northmoor.example');
    expect(r.status).toBe(200);
    expect(r.body.map((p: { id: string }) => p.id)).toEqual(['sw-ben']);
  });

  it('with a role, finds them only if they can hold it', async () => {
    const asWorker = await chair().get(
      '/api/directory/users?email=ben.harrowgate%40northmoor.example&role=socialWorker',
    );
    expect(asWorker.body.map((p: { id: string }) => p.id)).toEqual(['sw-ben']);
    const managerAsWorker = await chair().get(
      '/api/directory/users?email=carla.brightwater%40northmoor.example&role=socialWorker',
    );
    expect(managerAsWorker.status).toBe(200);
    expect(managerAsWorker.body).toEqual([]);
  });

  it('finds nobody for a partial or unknown address', async () => {
    for (const email of ['ben.harrowgate', 'harrowgate%40northmoor.example', 'someone%40elsewhere.example']) {
      const r = await chair().get(`/api/directory/users?email=${email}`);
      expect(r.status).toBe(200);
      expect(r.body).toEqual([]);
    }
  });

  it('is for signed-in people only', async () => {
    const r = await apiAs(app, null).get('/api/directory/users?email=ben.harrowgate%40northmoor.example');
    expect(r.status).toBe(401);
  });
});
