// Test kit for the calendar, mail and subscription adapters: Microsoft Graph served by msw (any
// request without a handler fails the test), every request body we send validated against the JSON
// Schema generated from Graph's metadata for its route, the docs' example responses from
// test/graph/fixtures, and a fake Outlook calendar that keeps the events it is asked to create.
import { readFileSync } from 'node:fs';
import type { Client } from '@microsoft/microsoft-graph-client';
import Ajv2020Module from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { http, HttpResponse, type HttpHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createGraphClient } from '../../../src/adapters/graph/graph-client.ts';

// Both packages set `module.exports = X` and `X.default = X`; under NodeNext the types see the
// CommonJS module, so take `.default`, which is the same function at run time.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export const GRAPH = 'https://graph.microsoft.com/v1.0';
export const ORGANIZER = 'meetings@council.example';

/** A docs example from test/graph/fixtures, without its "_source" / "_note" keys. */
export function fixture<T = Record<string, unknown>>(name: string): T {
  const data = JSON.parse(
    readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;
  for (const key of Object.keys(data)) if (key.startsWith('_')) delete data[key];
  return data as T;
}

export type SchemaName =
  | 'event'
  | 'event-cancel'
  | 'getSchedule'
  | 'sendMail'
  | 'subscription-create'
  | 'subscription-renew'
  | 'chat-installedApp'
  | 'chat-tab'
  | 'sendActivityNotification'
  | 'userScopeTeamsAppInstallation';

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addVocabulary(['x-source', 'x-docs']);
const validators = new Map<SchemaName, ValidateFunction>();

export function graphBodyValidator(name: SchemaName): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    const schema = JSON.parse(
      readFileSync(new URL(`./${name}.schema.json`, import.meta.url), 'utf8'),
    ) as object;
    v = ajv.compile(schema);
    validators.set(name, v);
  }
  return v;
}

/** The body is what Graph's metadata says a `name` body may be; the failure lists every problem. */
export function expectValidGraphBody(name: SchemaName, body: unknown): void {
  const validate = graphBodyValidator(name);
  const ok = validate(body);
  const problems = (validate.errors ?? []).map(
    (e) => `${e.instancePath || '(body)'} ${e.message} ${JSON.stringify(e.params)}`,
  );
  expect(problems, `${name} body: ${JSON.stringify(body)}`).toEqual([]);
  expect(ok).toBe(true);
}

/** Which schema a request to Graph must match, by method and path; null for requests without a body. */
export function schemaForRoute(method: string, pathname: string): SchemaName | 'none' | null {
  const p = pathname.replace(/^\/v1\.0/, '');
  const m = method.toUpperCase();
  if (m === 'POST' && /^\/users\/[^/]+\/calendar\/getSchedule$/i.test(p)) return 'getSchedule';
  if (m === 'POST' && /^\/users\/[^/]+\/events$/i.test(p)) return 'event';
  if (m === 'PATCH' && /^\/users\/[^/]+\/events\/[^/]+$/i.test(p)) return 'event';
  if (m === 'POST' && /^\/users\/[^/]+\/events\/[^/]+\/cancel$/i.test(p)) return 'event-cancel';
  if (m === 'POST' && /^\/users\/[^/]+\/sendMail$/i.test(p)) return 'sendMail';
  if (m === 'POST' && /^\/subscriptions$/i.test(p)) return 'subscription-create';
  if (m === 'PATCH' && /^\/subscriptions\/[^/]+$/i.test(p)) return 'subscription-renew';
  if (m === 'POST' && /^\/chats\/[^/]+\/installedApps$/i.test(p)) return 'chat-installedApp';
  if (m === 'POST' && /^\/chats\/[^/]+\/tabs$/i.test(p)) return 'chat-tab';
  if (m === 'POST' && /^\/users\/[^/]+\/teamwork\/sendActivityNotification$/i.test(p))
    return 'sendActivityNotification';
  if (m === 'POST' && /^\/users\/[^/]+\/teamwork\/installedApps$/i.test(p))
    return 'userScopeTeamsAppInstallation';
  if (m === 'GET' || m === 'DELETE') return 'none';
  return null;
}

export interface SentRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: unknown;
}

/**
 * msw for a test file: `onUnhandledRequest: 'error'`, handlers reset after each test, every request
 * recorded, and after each test every body checked against its route's generated schema (a body
 * sent to a route with no schema fails too).
 */
export function useGraph() {
  const server = setupServer();
  const pending: Promise<SentRequest>[] = [];
  server.events.on('request:start', ({ request }) => {
    const copy = request.clone();
    pending.push(
      copy.text().then((text) => ({
        method: request.method,
        url: new URL(request.url),
        headers: request.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      })),
    );
  });
  /** Every request sent so far in this test, in order. */
  const sent = () => Promise.all(pending);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(async () => {
    const requests = await sent();
    pending.length = 0;
    server.resetHandlers();
    for (const r of requests) {
      const schema = schemaForRoute(r.method, r.url.pathname);
      if (schema === null)
        throw new Error(`no schema for ${r.method} ${r.url.pathname}: add its body to generate-schemas.ts`);
      if (schema === 'none') {
        expect(r.body, `${r.method} ${r.url.pathname} sends no body`).toBeUndefined();
        continue;
      }
      expectValidGraphBody(schema, r.body);
    }
  });
  afterAll(() => server.close());
  return { server, sent };
}

/** The project's Graph client with a stub token, so only Graph is faked. */
export function graphClient(): Client {
  return createGraphClient({
    credentials: { appToken: async () => 'test-token' },
    retry: { maxRetries: 3, delaySeconds: 0 },
  });
}

/** A JSON answer in Graph's style. */
export const graphJson = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  HttpResponse.json(body as Record<string, unknown>, { status, headers });

/** Sleeps that do not wait, but remember how long they were asked for. */
export function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

interface StoredEvent extends Record<string, unknown> {
  id: string;
  isCancelled: boolean;
  singleValueExtendedProperties?: { id: string; value: string }[];
}

/**
 * The meetings mailbox's calendar as Graph serves it, built from the docs' example events. It does
 * not fold repeated POSTs with the same transactionId into one (Exchange may; the adapter must not
 * depend on it), so "exactly one event" in a test is the adapter's doing.
 */
export class FakeOutlook {
  readonly events = new Map<string, StoredEvent>();
  /** Teams meetings allowed for the calendar: created online events get a join URL. */
  teams = true;
  /** Answers given *instead of* the next creates (throttled, refused): nothing is stored. */
  readonly failBeforeCreate: (() => Response)[] = [];
  /** Answers given *after* the next creates have been stored (a lost or failed answer). */
  readonly failAfterCreate: (() => Response)[] = [];
  creates = 0;
  private next = 1;

  constructor(readonly mailbox = ORGANIZER) {}

  get live(): StoredEvent[] {
    return [...this.events.values()].filter((e) => !e.isCancelled);
  }

  handlers(): HttpHandler[] {
    const base = `${GRAPH}/users/${this.mailbox}`;
    return [
      http.post(`${base}/events`, async ({ request }) => {
        const refusal = this.failBeforeCreate.shift();
        if (refusal) return refusal();
        const body = (await request.json()) as Record<string, unknown>;
        this.creates++;
        const template = fixture<Record<string, unknown>>(
          this.teams && body.isOnlineMeeting ? 'calendar-event-created' : 'calendar-event-created-no-teams',
        );
        const id = `AAMkAGI1AAAt${this.next++}AHjAAA=`;
        const event: StoredEvent = {
          ...template,
          ...body,
          id,
          isCancelled: false,
          createdDateTime: new Date(Date.UTC(2025, 0, 1, 0, 0, this.next)).toISOString(),
          attendees: ((body.attendees as { emailAddress: unknown; type: string }[]) ?? []).map((a) => ({
            ...a,
            status: { response: 'none', time: '0001-01-01T00:00:00Z' },
          })),
        };
        if (!(this.teams && body.isOnlineMeeting)) delete event.onlineMeeting;
        this.events.set(id, event);
        const failure = this.failAfterCreate.shift();
        if (failure) return failure();
        const { singleValueExtendedProperties: _hidden, ...visible } = event;
        return graphJson(visible, 201);
      }),
      http.get(`${base}/events`, ({ request }) => {
        const filter = new URL(request.url).searchParams.get('$filter') ?? '';
        const m =
          /^singleValueExtendedProperties\/Any\(ep: ep\/id eq '((?:[^']|'')*)' and ep\/value eq '((?:[^']|'')*)'\)$/.exec(
            filter,
          );
        if (!m) return graphJson(fixture('calendar-event-not-found'), 400);
        const [id, value] = [m[1]!.replace(/''/g, "'"), m[2]!.replace(/''/g, "'")];
        const value_ = [...this.events.values()]
          .filter((e) =>
            e.singleValueExtendedProperties?.some(
              (p) => p.id === id && p.value.toLowerCase() === value.toLowerCase(),
            ),
          )
          .map((e) => ({
            id: e.id,
            isCancelled: e.isCancelled,
            createdDateTime: e.createdDateTime,
            onlineMeeting: e.onlineMeeting ?? null,
          }));
        return graphJson({
          '@odata.context': `${GRAPH}/$metadata#users('${this.mailbox}')/events`,
          value: value_,
        });
      }),
      http.get(`${base}/events/:id`, ({ params, request }) => {
        const event = this.events.get(String(params.id));
        if (!event) return graphJson(fixture('calendar-event-not-found'), 404);
        const select = new URL(request.url).searchParams.get('$select');
        if (!select) return graphJson(event);
        return graphJson(Object.fromEntries(['id', ...select.split(',')].map((k) => [k, event[k] ?? null])));
      }),
      http.patch(`${base}/events/:id`, async ({ params, request }) => {
        const event = this.events.get(String(params.id));
        if (!event || event.isCancelled) return graphJson(fixture('calendar-event-not-found'), 404);
        Object.assign(event, (await request.json()) as object);
        const { singleValueExtendedProperties: _hidden, ...visible } = event;
        return graphJson(visible);
      }),
      http.post(`${base}/events/:id/cancel`, async ({ params, request }) => {
        const event = this.events.get(String(params.id));
        if (!event || event.isCancelled) return graphJson(fixture('calendar-event-not-found'), 404);
        event.isCancelled = true;
        event.cancelComment = ((await request.json()) as { comment?: string }).comment;
        return new HttpResponse(null, { status: 202 });
      }),
    ];
  }
}
