// Every route in the OpenAPI document, driven once through the real app: each answer must be a
// status the document declares, with a body its schema accepts (test/support/response-contract.ts
// checks every response of every API test the same way). The checker itself is shown to fail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { responseContract, responsesChecked } from '../support/response-contract.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('pglite');
});
afterAll(async () => {
  await app?.close();
});

const send = (method: string, url: string, person: string | null, body?: unknown) =>
  app.server.inject({
    method: method as 'GET',
    url,
    headers: {
      ...(person ? { 'x-dev-user': person } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });

describe('the OpenAPI document describes every answer', () => {
  it('for every route, driven through a dispute from raising to resolution', async () => {
    const answered = new Map<string, number[]>();
    const call = async (
      method: string,
      template: string,
      url: string,
      person: string | null,
      body?: unknown,
    ) => {
      const res = await send(method, url, person, body);
      const key = `${method} ${template}`;
      answered.set(key, [...(answered.get(key) ?? []), res.statusCode]);
      return res;
    };
    const chair = 'chair-amara';
    await call('POST', '/api/dev/clock', '/api/dev/clock', chair, { now: '2026-11-23T10:00:00Z' });
    await call('GET', '/api/dev/clock', '/api/dev/clock', chair);
    await call('GET', '/api/dev/people', '/api/dev/people', null);
    await call('GET', '/api/sign-in-settings', '/api/sign-in-settings', null);
    for (const probe of ['/livez', '/readyz', '/healthz']) await call('GET', probe, probe, null);
    await call('GET', '/api/protocols', '/api/protocols', chair);
    await call('GET', '/api/protocols/{id}', '/api/protocols/bradford', chair);
    await call('GET', '/api/protocols/{id}', '/api/protocols/gloucestershire', chair);
    await call(
      'GET',
      '/api/protocols/{id}/preview',
      '/api/protocols/gloucestershire/preview?start=2026-11-23',
      chair,
    );
    await call('GET', '/api/directory/users', '/api/directory/users?role=social-worker', chair);
    await call('GET', '/api/me', '/api/me', chair);

    const raised = (await call('POST', '/api/disputes', '/api/disputes', chair, raiseBody)).json();
    const id = `/api/disputes/${raised.id}`;
    let version: number = raised.version;
    const act = async (path: string, person: string, body: Record<string, unknown>) => {
      const res = await call('POST', `/api/disputes/{id}/${path}`, `${id}/${path}`, person, {
        version,
        ...body,
      });
      if (res.statusCode === 200) version = res.json().version;
      return res;
    };
    await call('GET', '/api/disputes', '/api/disputes?view=raised-by-me', chair);
    await call(
      'GET',
      '/api/disputes',
      '/api/disputes?view=team&team=South%20Child%20Protection%20Team',
      'tm-carla',
    );
    await call(
      'GET',
      '/api/disputes/by-reference/{reference}',
      `/api/disputes/by-reference/${raised.reference}`,
      chair,
    );
    await call('GET', '/api/disputes/{id}/case-note', `${id}/case-note`, chair);
    await call('GET', '/api/disputes/{id}/form.docx', `${id}/form.docx`, chair);
    await act('acknowledge', 'sw-ben', {});
    await act('notes', chair, { text: 'Spoke to the team manager.' });
    await act('responses', 'sw-ben', { outcome: 'disagree', text: 'The family cancelled twice.' });
    await act('co-sign', 'tm-carla', { responseBy: 'sw-ben' });
    await act('extend', chair, { dueOn: '2026-11-26', reason: 'The team manager is away until Thursday.' });
    await act('escalate', chair, { reason: 'Two weeks without a visit is not acceptable.' });
    await act('meeting/request', chair, { reason: 'We should meet about this.' });
    await act('meeting/confirm', chair, { start: '2026-11-30T10:00:00Z' });
    await act('meeting/move', chair, {
      start: '2026-11-30T10:00:00Z',
      end: '2026-11-30T11:00:00Z',
      reason: 'The room is taken.',
    });
    await act('meeting-outcome', chair, { outcome: 'not-held', text: 'Nobody came.' });
    await call('GET', '/api/disputes/{id}/meeting.ics', `${id}/meeting.ics`, chair);
    await call('GET', '/api/disputes/{id}', id, 'sw-gus');
    await act('resolve', chair, { summary: 'Visits are happening again.', keepMonitoring: false });
    await act('withdraw', chair, { reason: 'Raised in error.' });
    await call('GET', '/api/disputes/{id}', id, chair);

    const feed = (await call('POST', '/api/me/calendar-feed', '/api/me/calendar-feed', chair)).json();
    await call('GET', '/calendar/{token}.ics', new URL(feed.url).pathname, null);
    await call('DELETE', '/api/me/calendar-feed', '/api/me/calendar-feed', chair);
    await call('GET', '/calendar/{token}.ics', new URL(feed.url).pathname, null);

    const oversight = 'hos-ruth';
    const records = 'ig-nadia';
    await call('GET', '/api/reports', '/api/reports?from=2026-11-01&to=2026-11-30', oversight);
    await call('GET', '/api/reports.csv', '/api/reports.csv?from=2026-11-01&to=2026-11-30', oversight);
    await call('GET', '/api/admin/overview', '/api/admin/overview', oversight);
    await call('GET', '/api/admin/retention', '/api/admin/retention', records);
    await call('POST', '/api/admin/disposal', '/api/admin/disposal', records, {});
    await call('POST', '/api/admin/legal-holds', '/api/admin/legal-holds', records, {
      reference: raised.reference,
      hold: true,
      reason: 'A complaint is open.',
    });
    await call('POST', '/api/admin/subject-access', '/api/admin/subject-access', records, {
      subject: { kind: 'child', caseNumber: raiseBody.child.caseNumber },
    });

    // Each documented operation was driven (every answer above was checked against the document).
    const document = (await apiAs(app, null).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(operations.filter((op) => !answered.has(op))).toEqual([]);
    // The answers that carry the contract's bodies succeeded at least once.
    const succeeded = (op: string) => (answered.get(op) ?? []).some((s) => s < 300);
    const mustSucceed = operations.filter((op) => !/meeting|co-sign|withdraw/.test(op));
    expect(mustSucceed.filter((op) => !succeeded(op))).toEqual([]);
    // ... and the test app's check saw them (it is on for every API test).
    expect([...responsesChecked(app.server)]).toEqual(
      expect.arrayContaining([
        'POST /api/disputes 201',
        'GET /api/disputes/{id} 200',
        'GET /api/reports 200',
      ]),
    );
  }, 300_000);
});

describe('the response check', () => {
  const document = {
    paths: {
      '/api/things/{id}': {
        get: {
          responses: {
            '200': {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: { name: { type: 'string' } },
                    required: ['name'],
                    additionalProperties: false,
                  },
                },
              },
            },
          },
        },
      },
    },
  };
  const response = (statusCode: number, body: unknown) =>
    ({
      statusCode,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
    }) as never;

  it('accepts a body the document describes and refuses one it does not', () => {
    const contract = responseContract(document);
    expect(() => contract.check('GET', '/api/things/1', response(200, { name: 'a' }))).not.toThrow();
    expect(() => contract.check('GET', '/api/things/1', response(200, { name: 'a', extra: 1 }))).toThrow(
      /does not match the OpenAPI document/,
    );
    expect(() => contract.check('GET', '/api/things/1', response(200, {}))).toThrow(/name/);
    expect(() => contract.check('GET', '/api/things/1', response(418, {}))).toThrow(/does not declare/);
  });
});
