// Shared pieces for the Graph adapter tests: the docs' example responses (test/graph/fixtures, each
// citing its page in "_source"), a fake Entra ID for MSAL's network client, and Microsoft Graph served
// by msw with every unexpected request failing the test.
import { readFileSync } from 'node:fs';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { loadGraphSettings, type GraphSettings } from '../../src/adapters/graph/graph-settings.ts';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const CLIENT = '2846f71b-a7a4-4987-bab3-760035b2f389';
export const SECRET = 'BYyVnAt56JpLwUcyo47XODd';
export const GRAPH = 'https://graph.microsoft.com/v1.0';
export const TOKEN_URL = `https://login.microsoftonline.com/${TENANT}/oauth2/v2.0/token`;

/** A doc example from test/graph/fixtures, without our "_source"/"_note"/"_adapted" keys. */
export function doc<T = Record<string, unknown>>(name: string): T {
  const text = readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
  const data = JSON.parse(text) as Record<string, unknown>;
  for (const key of Object.keys(data)) if (key.startsWith('_')) delete data[key];
  return data as T;
}

/** Settings as loadGraphSettings makes them from a secret and `env`. */
export function graphSettings(env: Record<string, string> = {}): GraphSettings {
  const settings = loadGraphSettings({
    GRAPH_TENANT_ID: TENANT,
    GRAPH_CLIENT_ID: CLIENT,
    GRAPH_CLIENT_SECRET: SECRET,
    ...env,
  });
  if (!settings) throw new Error('expected Graph settings');
  return settings;
}

export interface EntraCall {
  method: 'GET' | 'POST';
  url: string;
  body: string;
  form: URLSearchParams;
}

/**
 * Entra ID as MSAL's network client sees it: answers the token endpoint (and, for authority hosts MSAL
 * does not know, instance discovery and the OpenID configuration) with the docs' examples, and
 * records every request.
 */
export class FakeEntra implements INetworkModule {
  readonly calls: EntraCall[] = [];
  tokenResponse: (call: EntraCall) => { status: number; body: object } = (call) => ({
    status: 200,
    body:
      call.form.get('grant_type') === 'client_credentials'
        ? doc('token-client-credentials')
        : { ...doc('token-on-behalf-of'), scope: 'https://graph.microsoft.com/user.read offline_access' },
  });
  constructor(readonly authorityHost = 'https://login.microsoftonline.com') {}

  async sendGetRequestAsync<T>(url: string, _options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const call: EntraCall = { method: 'GET', url, body: '', form: new URLSearchParams() };
    this.calls.push(call);
    const host = this.authorityHost;
    const fill = (o: object) =>
      JSON.parse(
        JSON.stringify(o).replaceAll('https://login.microsoftonline.com/{tenant}', `${host}/${TENANT}`),
      ) as T;
    if (url.startsWith('https://login.microsoftonline.com/common/discovery/instance')) {
      const discovery = doc<{ metadata: object[] }>('instance-discovery');
      const hostname = new URL(host).hostname;
      discovery.metadata.push({
        preferred_network: hostname,
        preferred_cache: hostname,
        aliases: [hostname],
      });
      return { status: 200, headers: {}, body: fill(discovery) };
    }
    if (url === `${host}/${TENANT}/v2.0/.well-known/openid-configuration`)
      return { status: 200, headers: {}, body: fill(doc('openid-configuration')) };
    return { status: 404, headers: {}, body: {} as T };
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    const body = options?.body ?? '';
    const call: EntraCall = { method: 'POST', url, body, form: new URLSearchParams(body) };
    this.calls.push(call);
    if (url.split('?')[0] !== `${this.authorityHost}/${TENANT}/oauth2/v2.0/token`)
      return { status: 404, headers: {}, body: {} as T };
    const answer = this.tokenResponse(call);
    return { status: answer.status, headers: { 'content-type': 'application/json' }, body: answer.body as T };
  }

  get tokenRequests(): EntraCall[] {
    return this.calls.filter((c) => c.method === 'POST');
  }
}

/** A JSON answer in Graph's style. */
export function graphJson(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return HttpResponse.json(body as Record<string, unknown>, { status, headers });
}

export const notFound = () => graphJson(doc('error-not-found'), 404);

/**
 * Microsoft Graph for a test file: msw with `onUnhandledRequest: 'error'`, handlers reset after each
 * test, and every request seen recorded in `requests` (cleared after each test).
 */
export function useGraphServer(...handlers: HttpHandler[]) {
  const server = setupServer(...handlers);
  const requests: { method: string; url: URL; headers: Headers }[] = [];
  server.events.on('request:start', ({ request }) => {
    requests.push({ method: request.method, url: new URL(request.url), headers: request.headers });
  });
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    requests.length = 0;
  });
  afterAll(() => server.close());
  return { server, requests, http };
}

/** A clock the test moves. */
export function testClock(start: string) {
  let now = Date.parse(start);
  return {
    now: () => new Date(now).toISOString(),
    advance(seconds: number) {
      now += seconds * 1000;
    },
  };
}
