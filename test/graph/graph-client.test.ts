// The shared Graph client against Microsoft Graph served by msw (any unexpected request fails the
// test), with MSAL for real behind it.
import { GraphError } from '@microsoft/microsoft-graph-client';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createGraphClient, isIdempotentGraphRequest } from '../../src/adapters/graph/graph-client.ts';
import { graphErrorMessage, GraphRequestError } from '../../src/adapters/graph/graph-request-error.ts';
import { createGraphCredentials, GraphAuthError } from '../../src/adapters/graph/msal-credentials.ts';
import { doc, FakeEntra, GRAPH, graphJson, graphSettings, notFound, useGraphServer } from './support.ts';

const { server, requests, http } = useGraphServer();
const ADELE = '87d349ed-44d7-43e1-9a83-5f2406dee5bd';
const CC_TOKEN = doc<{ access_token: string }>('token-client-credentials').access_token;

function client(retry = { maxRetries: 3, delaySeconds: 0.01 }) {
  const entra = new FakeEntra();
  const credentials = createGraphCredentials(graphSettings(), { networkClient: entra });
  return { graph: createGraphClient({ credentials, retry }), entra };
}

/** The error a Graph call throws. */
async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the call to fail');
}

describe('isIdempotentGraphRequest', () => {
  it('repeats reads and idempotent writes only', () => {
    for (const method of ['GET', 'get', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'])
      expect(isIdempotentGraphRequest(method, `${GRAPH}/users/${ADELE}`)).toBe(true);
    expect(isIdempotentGraphRequest(undefined, `${GRAPH}/users`)).toBe(true);
    expect(isIdempotentGraphRequest('POST', `${GRAPH}/users/cp@council.example/calendar/getSchedule`)).toBe(
      true,
    );
    expect(
      isIdempotentGraphRequest('POST', `${GRAPH}/users/cp@council.example/calendar/getSchedule/?x=1`),
    ).toBe(true);
    expect(isIdempotentGraphRequest('POST', `${GRAPH}/users/cp@council.example/events`)).toBe(false);
    expect(isIdempotentGraphRequest('POST', `${GRAPH}/users/cp@council.example/sendMail`)).toBe(false);
    expect(isIdempotentGraphRequest('POST', `${GRAPH}/users/cp@council.example/events/AAMk/cancel`)).toBe(
      false,
    );
    expect(isIdempotentGraphRequest('PATCH', `${GRAPH}/users/cp@council.example/events/AAMk`)).toBe(false);
  });
});

describe('createGraphClient', () => {
  it('sends the app token from MSAL as a bearer token', async () => {
    server.use(http.get(`${GRAPH}/users/:id`, () => graphJson(doc('user-get'))));
    const { graph } = client();
    const user = (await graph.api(`/users/${ADELE}`).get()) as { displayName: string };
    expect(user.displayName).toBe('Adele Vance');
    expect(requests).toHaveLength(1);
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${CC_TOKEN}`);
  });

  it('never sends "Bearer null": no token means no request', async () => {
    server.use(http.get(`${GRAPH}/users/:id`, () => graphJson(doc('user-get'))));
    const graph = createGraphClient({ credentials: { appToken: async () => null as unknown as string } });
    const error = await failure(graph.api(`/users/${ADELE}`).get());
    expect(requests).toHaveLength(0);
    expect(graphErrorMessage(error)).toMatch(
      /^Entra ID returned no token for CP Disputes, so Microsoft Graph was not called/,
    );
    const wrapped = new GraphRequestError(error);
    expect(wrapped.authFailure).toBe(true);
    expect(wrapped.transient).toBe(false);
  });

  it('retries a throttled GET after the Retry-After delay', async () => {
    let calls = 0;
    server.use(
      http.get(`${GRAPH}/users/:id`, () =>
        ++calls === 1
          ? graphJson(doc('error-throttled'), 429, { 'Retry-After': '0.15' })
          : graphJson(doc('user-get')),
      ),
    );
    const { graph } = client();
    const started = performance.now();
    const user = (await graph.api(`/users/${ADELE}`).get()) as { id: string };
    const waited = performance.now() - started;
    expect(user.id).toBe(ADELE);
    expect(calls).toBe(2);
    expect(waited).toBeGreaterThanOrEqual(140);
    expect(requests[1]!.headers.get('retry-attempt')).toBe('1');
  });

  it('gives up after maxRetries and reports "busy"', async () => {
    server.use(
      http.get(`${GRAPH}/users/:id`, () => graphJson(doc('error-throttled'), 503, { 'Retry-After': '0' })),
    );
    const { graph } = client({ maxRetries: 2, delaySeconds: 0 });
    const error = await failure(graph.api(`/users/${ADELE}`).get());
    expect(requests).toHaveLength(3);
    expect(graphErrorMessage(error)).toBe('Microsoft 365 is busy; we will try again.');
    expect(new GraphRequestError(error).transient).toBe(true);
  });

  it('does not re-send a POST that creates an event or sends mail: the caller decides', async () => {
    server.use(
      http.post(`${GRAPH}/users/:mailbox/events`, () =>
        graphJson(doc('error-throttled'), 429, { 'Retry-After': '0' }),
      ),
      http.post(`${GRAPH}/users/:mailbox/sendMail`, () =>
        graphJson(doc('error-throttled'), 503, { 'Retry-After': '0' }),
      ),
    );
    const { graph } = client();
    const event = await failure(
      graph.api('/users/cp-meetings@northmoor.example/events').post({ subject: 'CP dispute' }),
    );
    expect(event).toBeInstanceOf(GraphError);
    expect((event as GraphError).statusCode).toBe(429);
    expect(new GraphRequestError(event).retryAfterSeconds).toBe(0);
    const mail = await failure(
      graph.api('/users/cp-disputes@northmoor.example/sendMail').post({ message: {} }),
    );
    expect((mail as GraphError).statusCode).toBe(503);
    expect(requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('does retry POST …/calendar/getSchedule, which only reads', async () => {
    let calls = 0;
    server.use(
      http.post(`${GRAPH}/users/:mailbox/calendar/getSchedule`, () =>
        ++calls === 1
          ? graphJson(doc('error-throttled'), 503, { 'Retry-After': '0' })
          : graphJson({ value: [] }),
      ),
    );
    const { graph } = client();
    expect(
      await graph.api('/users/cp-meetings@northmoor.example/calendar/getSchedule').post({ schedules: [] }),
    ).toEqual({
      value: [],
    });
    expect(calls).toBe(2);
  });

  it('sends the token to a Graph base URL other than the public cloud (national clouds)', async () => {
    server.use(http.get('https://graph.microsoft.us/v1.0/users/:id', () => graphJson(doc('user-get'))));
    const credentials = createGraphCredentials(graphSettings(), { networkClient: new FakeEntra() });
    const graph = createGraphClient({ credentials, baseUrl: 'https://graph.microsoft.us' });
    await graph.api(`/users/${ADELE}`).get();
    expect(requests[0]!.headers.get('authorization')).toBe(`Bearer ${CC_TOKEN}`);
  });

  it('uses an injected fetch', async () => {
    const seen: string[] = [];
    const credentials = { appToken: async () => 'token' };
    const graph = createGraphClient({
      credentials,
      fetch: async (input) => {
        seen.push(String(input));
        return new Response(JSON.stringify(doc('user-get')), {
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    await graph.api(`/users/${ADELE}`).get();
    expect(seen).toEqual([`${GRAPH}/users/${ADELE}`]);
    expect(requests).toHaveLength(0);
  });
});

describe('graphErrorMessage', () => {
  it('maps Graph errors to messages a chair can act on', async () => {
    server.use(
      http.get(`${GRAPH}/users/:id`, ({ params }) =>
        params.id === 'gone' ? notFound() : graphJson(doc('error-forbidden'), 403),
      ),
      http.get(`${GRAPH}/users/:id/mailboxSettings`, () =>
        graphJson(doc('error-mailbox-access-denied'), 403),
      ),
      http.get(`${GRAPH}/users/:id/manager`, () => graphJson(doc('error-unsupported-query'), 400)),
    );
    const { graph } = client();

    const missing = await failure(graph.api('/users/gone').get());
    expect(graphErrorMessage(missing, { subject: 'Carla Brightwater' })).toBe(
      "Carla Brightwater is not in the council's directory (Entra ID).",
    );
    const forbidden = await failure(graph.api(`/users/${ADELE}`).get());
    expect(
      graphErrorMessage(forbidden, { action: "read people's line managers", permission: 'User.Read.All' }),
    ).toBe(
      "CP Disputes is not allowed to read people's line managers: ask IT to grant the app registration the Microsoft " +
        'Graph application permission User.Read.All (with admin consent).',
    );
    const mailbox = await failure(graph.api(`/users/${ADELE}/mailboxSettings`).get());
    expect(graphErrorMessage(mailbox)).toMatch(
      /^CP Disputes is not allowed to read this from Microsoft 365: ask IT to grant/,
    );
    const bad = await failure(graph.api(`/users/${ADELE}/manager`).get());
    expect(graphErrorMessage(bad)).toBe(
      'Microsoft 365 did not accept a request from CP Disputes (400 Request_UnsupportedQuery); please tell IT, who can report it to the CP Disputes team.',
    );
    expect(new GraphRequestError(missing, { subject: 'Carla Brightwater' })).toMatchObject({
      name: 'GraphRequestError',
      status: 404,
      code: 'Request_ResourceNotFound',
      message: "Carla Brightwater is not in the council's directory (Entra ID).",
    });
  });

  it('explains a network failure and an authentication failure', async () => {
    server.use(http.get(`${GRAPH}/users/:id`, () => HttpResponse.error()));
    const { graph } = client({ maxRetries: 0, delaySeconds: 0 });
    const network = await failure(graph.api(`/users/${ADELE}`).get());
    expect(graphErrorMessage(network)).toBe(
      'CP Disputes could not reach Microsoft 365 (a network problem); we will try again.',
    );
    expect(graphErrorMessage(new GraphAuthError('Entra ID refused it.'))).toBe('Entra ID refused it.');
    const mailboxless = Object.assign(new GraphError(404, 'no mailbox'), {
      code: 'MailboxNotEnabledForRESTAPI',
    });
    expect(graphErrorMessage(mailboxless, { subject: 'Ben Harrowgate' })).toBe(
      "Ben Harrowgate has no Outlook mailbox CP Disputes can read, so their calendar and out-of-office replies can't be checked.",
    );
  });
});
