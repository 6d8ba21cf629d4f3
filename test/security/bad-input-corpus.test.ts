// A corpus of bad input over every endpoint the OpenAPI document describes (and the bot's
// /api/messages): path parameters, query parameters, bodies (each property given each wrong kind of
// value, each required one left out, whole bodies that are not objects or not JSON), and sign-in
// headers. The corpus is built from the document itself, so a new endpoint is covered the day it is
// described. Every case must be answered without a 5xx and without an unhandled error in the log,
// and the whole corpus must store nothing: no dispute, event, deadline, outbox row, feed link or
// meeting record (refused reads are audited, as they should be).
import { Writable } from 'node:stream';
import Ajv2020Module from 'ajv/dist/2020.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, freshPostgresSchema, storeKinds } from '../support/test-app.ts';

const Ajv2020 = Ajv2020Module.default;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  enum?: Json[];
  anyOf?: Schema[];
  format?: string;
  pattern?: string;
  default?: Json;
};
interface Operation {
  parameters?: { name: string; in: 'path' | 'query'; required?: boolean; schema?: Schema }[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Case {
  name: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

const STORED_TABLES = [
  'disputes',
  'dispute_events',
  'deadlines',
  'outbox',
  'calendar_feed_tokens',
  'meeting_records',
  'bot_conversation_references',
  'bot_posted_cards',
];

/** Text PostgreSQL cannot store, and text that is merely hostile. Always bad in a text field. */
const unstorable: [string, string][] = [
  ['NUL', 'a\u0000b'],
  ['lone high surrogate', 'a\uD800b'],
  ['lone low surrogate', '\uDC00'],
];

/** Values of every JSON kind (and some hostile strings), tried in place of each property. */
const wrongValues: [string, Json][] = [
  ['null', null],
  ['true', true],
  ['zero', 0],
  ['negative', -1],
  ['fraction', 1.5],
  ['huge number', 1e300],
  ['empty string', ''],
  ['blank string', '   '],
  ['long string', 'x'.repeat(20_000)],
  ['SQL', "' OR 1=1; DROP TABLE disputes; --"],
  ['markup', '<script>alert(1)</script>'],
  ['impossible date', '2026-02-30'],
  ['array', ['a']],
  ['object', { a: 1 }],
  ['prototype pollution', { __proto__: { admin: true } } as unknown as Json],
];

const pathValues: [string, string][] = [
  ['NUL', 'a%00b'],
  ['invalid UTF-8', '%ED%A0%80'],
  ['byte FF', '%FF'],
  ['traversal', '..%2F..%2Fpackage.json'],
  ['SQL', "'%20OR%201=1--"],
  ['long', 'x'.repeat(3000)],
  ['emoji', '%F0%9F%98%A2'],
  ['percent', '%25'],
  ['__proto__', '__proto__'],
  ['unknown uuid', '00000000-0000-4000-8000-000000000000'],
];

const queryValues: [string, string][] = [
  ['NUL', '%00'],
  ['invalid UTF-8', '%ED%A0%80'],
  ['empty', ''],
  ['long', 'y'.repeat(3000)],
  ['impossible date', '2026-02-30'],
  ['SQL', "'%20OR%201=1--"],
  ['negative', '-1'],
  ['huge', '1e400'],
];

/** A value the schema accepts, to stand in for the properties a case does not change. */
function sampleOf(schema: Schema, name: string): Json {
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0]!;
  if (schema.anyOf) return sampleOf(schema.anyOf.find((s) => s.type !== 'null') ?? {}, name);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out: Record<string, Json> = {};
      for (const key of schema.required ?? []) out[key] = sampleOf(schema.properties?.[key] ?? {}, key);
      return out;
    }
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return false;
    default:
      if (schema.format === 'date-time') return '2026-11-23T10:00:00Z';
      if (schema.pattern?.includes('\\d{4}') || /date|On$/.test(name)) return '2026-11-23';
      return 'x';
  }
}

/** Every property path in a body schema (nested objects included), with its schema. */
function propertyPaths(
  schema: Schema,
  prefix: string[] = [],
): { path: string[]; schema: Schema; required: boolean }[] {
  const out: { path: string[]; schema: Schema; required: boolean }[] = [];
  for (const [key, inner] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, key];
    out.push({ path, schema: inner, required: (schema.required ?? []).includes(key) });
    if (inner.properties) out.push(...propertyPaths(inner, path));
  }
  return out;
}

function withValue(body: Json, path: string[], value: Json | undefined): Json {
  const copy = structuredClone(body) as Record<string, Json>;
  let at = copy;
  for (const key of path.slice(0, -1)) {
    at[key] ??= {};
    at = at[key] as Record<string, Json>;
  }
  if (value === undefined) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return copy;
}

function buildCorpus(
  document: { paths: Record<string, Record<string, Operation>> },
  fill: Record<string, string>,
): Case[] {
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false });
  const cases: Case[] = [];
  const as = { 'x-dev-user': 'chair-amara' };
  const json = { ...as, 'content-type': 'application/json' };
  for (const [template, operations] of Object.entries(document.paths))
    for (const [method, op] of Object.entries(operations)) {
      const M = method.toUpperCase();
      const params = op.parameters ?? [];
      const pathParams = params.filter((p) => p.in === 'path').map((p) => p.name);
      const url = (over: Record<string, string> = {}) =>
        template.replace(/\{(\w+)\}/g, (_m, name: string) => over[name] ?? fill[name] ?? 'x');
      const schema = op.requestBody?.content['application/json']?.schema;
      const base = schema ? sampleOf(schema, '') : undefined;
      const basePayload = base === undefined ? undefined : JSON.stringify(base);
      // `null` as the payload: send no body at all (undefined would mean the endpoint's sample body).
      const make = (
        name: string,
        u: string,
        given: string | null | undefined = basePayload,
        headers: Record<string, string> = json,
      ) => {
        const payload = given === null ? undefined : given;
        cases.push({
          name: `${M} ${template}: ${name}`,
          method: M,
          url: u,
          headers,
          ...(payload !== undefined ? { payload } : {}),
        });
      };
      const changesState = M !== 'GET';
      const validQuery = params
        .filter((p) => p.in === 'query' && p.required)
        .map((p) => `${p.name}=${encodeURIComponent(String(sampleOf(p.schema ?? {}, p.name)))}`)
        .join('&');
      const withQuery = (u: string, q: string) => (q ? `${u}?${q}` : u);

      // Path parameters.
      for (const name of pathParams)
        for (const [what, value] of pathValues)
          // A state-changing request keeps a bad body, so a good path with a good body never runs.
          make(
            `${name} ${what}`,
            withQuery(url({ [name]: value }), validQuery),
            changesState && base !== undefined
              ? JSON.stringify(withValue(base, ['version'], 'x'))
              : basePayload,
          );

      // Query parameters: each bad value for each one, the others valid; repeated; unknown.
      for (const p of params.filter((p) => p.in === 'query')) {
        const others = params
          .filter((o) => o.in === 'query' && o.required && o.name !== p.name)
          .map((o) => `${o.name}=${encodeURIComponent(String(sampleOf(o.schema ?? {}, o.name)))}`);
        for (const [what, value] of queryValues)
          make(`query ${p.name} ${what}`, `${url()}?${[...others, `${p.name}=${value}`].join('&')}`);
        make(`query ${p.name} twice`, `${url()}?${[...others, `${p.name}=a`, `${p.name}=b`].join('&')}`);
      }
      if (M === 'GET') {
        make(
          'an unknown query parameter',
          withQuery(url(), [validQuery, 'colour=red'].filter(Boolean).join('&')),
        );
        make(
          'a query of 200 parameters',
          `${url()}?${Array.from({ length: 200 }, (_, i) => `p${i}=${i}`).join('&')}`,
        );
      }

      // Sign-in headers that name nobody, or nobody real.
      for (const [what, who] of [
        ['empty', ''],
        ['unknown', 'nobody-here'],
        ['a shared mailbox', 'nscp-mailbox'],
        ['long', 'p'.repeat(4000)],
        ['SQL', "' OR 1=1 --"],
      ] as const)
        make(`X-Dev-User ${what}`, withQuery(url(), validQuery), basePayload, {
          'content-type': 'application/json',
          'x-dev-user': who,
        });

      if (!schema || base === undefined) continue;
      // Whole bodies that are not what the endpoint takes.
      for (const [what, raw, type] of [
        ['no body', null, 'application/json'],
        ['malformed JSON', '{"version": 1,', 'application/json'],
        ['null', 'null', 'application/json'],
        ['an array', '[]', 'application/json'],
        ['a string', '"text"', 'application/json'],
        ['a number', '42', 'application/json'],
        ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`, 'application/json'],
        ['an unknown field', JSON.stringify({ ...(base as object), colour: 'red' }), 'application/json'],
        [
          '__proto__ at the top',
          `{"__proto__": {"admin": true}, ${basePayload!.slice(1)}`,
          'application/json',
        ],
        [
          'too large',
          JSON.stringify({ ...(base as object), padding: 'z'.repeat(300 * 1024) }),
          'application/json',
        ],
        ['plain text', basePayload, 'text/plain'],
        ['form encoded', 'version=1', 'application/x-www-form-urlencoded'],
      ] as const)
        make(`body ${what}`, withQuery(url(), validQuery), raw, { ...as, 'content-type': type });

      // Each property: each wrong value (when the schema refuses it), text that cannot be stored,
      // and left out when required.
      const validate = ajv.compile(schema);
      for (const { path, schema: prop, required } of propertyPaths(schema)) {
        const field = path.join('.');
        for (const [what, value] of wrongValues) {
          const body = withValue(base, path, value);
          if (validate(body)) continue; // not bad input by the document's own rules
          make(`${field} ${what}`, withQuery(url(), validQuery), JSON.stringify(body));
        }
        const isText =
          prop.type === 'string' ||
          (prop.anyOf ?? []).some((s) => s.type === 'string') ||
          (Array.isArray(prop.type) && prop.type.includes('string'));
        if (isText)
          for (const [what, value] of unstorable)
            make(
              `${field} ${what}`,
              withQuery(url(), validQuery),
              JSON.stringify(withValue(base, path, `${sampleOf(prop, field)}${value}`)),
            );
        if (required)
          make(
            `${field} left out`,
            withQuery(url(), validQuery),
            JSON.stringify(withValue(base, path, undefined)),
          );
      }
    }

  // The bot's endpoint (not in the document: it speaks the Bot Framework protocol).
  const activity = {
    type: 'message',
    channelId: 'msteams',
    from: { id: '29:x' },
    conversation: { id: 'a:1' },
    serviceUrl: 'https://smba.trafficmanager.net/teams/',
  };
  for (const [what, raw] of [
    ['no body', undefined],
    ['{}', '{}'],
    ['an array', '[]'],
    ['null', 'null'],
    ['malformed', '{"type":'],
    ['a numeric type', '{"type": 1}'],
    ['NUL in the text', JSON.stringify({ ...activity, text: 'a\u0000b' })],
    ['a lone surrogate in the text', JSON.stringify({ ...activity, text: '\uD800' })],
    ['from as a string', JSON.stringify({ ...activity, from: 'me' })],
    ['conversation as a number', JSON.stringify({ ...activity, conversation: 5 })],
    [
      'an invoke without a value',
      JSON.stringify({ ...activity, type: 'invoke', name: 'adaptiveCard/action' }),
    ],
    [
      'an invoke with a junk value',
      JSON.stringify({ ...activity, type: 'invoke', name: 'adaptiveCard/action', value: { action: 7 } }),
    ],
    ['a long type', JSON.stringify({ ...activity, type: 't'.repeat(5000) })],
    ['deep nesting', `{"type":"message","x":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ] as const)
    cases.push({
      name: `POST /api/messages: ${what}`,
      method: 'POST',
      url: '/api/messages',
      headers: { 'content-type': 'application/json' },
      ...(raw !== undefined ? { payload: raw } : {}),
    });
  return cases;
}

for (const { kind, run, label } of storeKinds)
  (run ? describe : describe.skip)(`bad input over every endpoint in the OpenAPI document ${label}`, () => {
    let app: RunningApp;
    let drop = async () => {};
    const log: string[] = [];

    beforeAll(async () => {
      const storeEnv: Record<string, string> = { DATA_DIR: 'memory://' };
      if (kind === 'postgres') {
        const fresh = await freshPostgresSchema('cpd_corpus');
        storeEnv.DATABASE_URL = fresh.url;
        drop = fresh.drop;
      }
      // Limits off: the corpus is one person at machine speed, and every case must reach validation.
      const env = { NODE_ENV: 'test', RATE_LIMIT_PER_PERSON: '0', RATE_LIMIT_PER_ADDRESS: '0', ...storeEnv };
      const logger = pino(
        { level: 'info' },
        new Writable({
          write(chunk, _enc, done) {
            log.push(String(chunk));
            done();
          },
        }),
      );
      app = await startApp(loadConfig(env), logger, { listen: false, background: false, env });
    }, 120_000);
    afterAll(async () => {
      await app?.stop();
      await drop();
    });

    const counts = async () => {
      const out: Record<string, number> = {};
      for (const table of STORED_TABLES) {
        const { rows } = await app.services.db.query<{ n: string | number }>(
          `select count(*) as n from ${table}`,
        );
        out[table] = Number(rows[0]!.n);
      }
      return out;
    };

    it('answers at least 500 bad requests, none with a 5xx, and stores nothing', async () => {
      const chair = apiAs(app, 'chair-amara');
      await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
      const raised = await chair.post('/api/disputes', raiseBody);
      expect(raised.status).toBe(201);
      const feed = await chair.post('/api/me/calendar-feed');
      const token = new URL(feed.body.url).pathname.replace(/^\/calendar\/|\.ics$/g, '');
      const document = (await chair.get('/api/openapi.json')).body;

      const corpus = buildCorpus(document, { id: raised.body.id, reference: raised.body.reference, token });
      expect(corpus.length).toBeGreaterThanOrEqual(500);
      const endpoints = new Set(corpus.map((c) => c.name.split(':')[0]));
      for (const [path, ops] of Object.entries(document.paths as Record<string, object>))
        for (const method of Object.keys(ops))
          expect(endpoints, `${method} ${path}`).toContain(`${method.toUpperCase()} ${path}`);

      const before = await counts();
      const version = (await chair.get(`/api/disputes/${raised.body.id}`)).body.version;
      const logBefore = log.length;
      const failures: string[] = [];
      const statuses = new Map<number, number>();
      for (const c of corpus) {
        const res = await app.server.inject({
          method: c.method as 'GET',
          url: c.url,
          headers: c.headers,
          ...(c.payload !== undefined ? { payload: c.payload } : {}),
        });
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode >= 500) failures.push(`${c.name} → ${res.statusCode} ${res.body.slice(0, 200)}`);
        // A body change must be refused: the corpus holds no valid body.
        else if (
          c.payload !== undefined &&
          c.method !== 'GET' &&
          res.statusCode < 400 &&
          c.url !== '/api/messages'
        )
          failures.push(`${c.name} → accepted (${res.statusCode})`);
      }
      expect(failures).toEqual([]);
      // Nothing stored; the dispute the corpus aimed at is as it was.
      expect(await counts()).toEqual(before);
      expect((await chair.get(`/api/disputes/${raised.body.id}`)).body.version).toBe(version);
      // No unhandled error, no stack trace.
      const written = log.slice(logBefore).join('');
      expect(written).not.toMatch(/"level":50/);
      expect(written).not.toMatch(/"stack"/);
      // Most of it is refused outright (not a 200 for a GET that ignored it).
      const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, k]) => n + k, 0);
      expect(refused / corpus.length).toBeGreaterThan(0.8);
    }, 120_000);
  });
