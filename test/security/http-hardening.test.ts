// The HTTP front door, through the real app (PGlite, demo directory, dev sign-in): security headers,
// no-store on API answers, rate limits that say when to retry, which proxy is believed, text the
// database cannot store refused by name, malformed bot activities refused without a stack trace,
// one 404 for a dispute whether it exists or not, other chairs' disputes not named, and calendar
// links that lapse.
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { registerSecurityHeaders } from '../../src/http/security-headers.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';

const json = { 'content-type': 'application/json' };

// One app for everything but the rate limits (starting one costs seconds): its log is kept.
let app: RunningApp;
const log: string[] = [];
beforeAll(async () => {
  const env = { NODE_ENV: 'test', DATA_DIR: 'memory://' };
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
  await apiAs(app, 'chair-amara').post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
}, 120_000);
afterAll(async () => app?.stop());

describe('security headers', () => {
  it('every answer says nosniff and no-referrer, with a full CSP that only Microsoft 365 hosts may frame', async () => {
    for (const url of ['/api/me', '/api/openapi.json', '/healthz', '/api/nothing-here', '/tab/']) {
      const res = await app.server.inject({ url, headers: { 'x-dev-user': 'chair-amara' } });
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['referrer-policy'], url).toBe('no-referrer');
      const csp = String(res.headers['content-security-policy']);
      for (const directive of [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'self' https://*.cloud.microsoft https://teams.microsoft.com",
      ])
        expect(csp, url).toContain(directive);
      expect(csp, url).toContain('https://outlook.office.com');
      // Framing is decided by frame-ancestors: X-Frame-Options would stop Teams showing the tab.
      expect(res.headers['x-frame-options'], url).toBeUndefined();
      // HSTS only in production (over plain HTTP on this machine it would be sticky and wrong).
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('HSTS in production: a year, subdomains included', async () => {
    const bare = Fastify();
    await registerSecurityHeaders(bare, { production: true, devMode: false });
    bare.get('/x', async () => ({}));
    const res = await bare.inject({ url: '/x' });
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    // Production frames in Microsoft 365 only, not on this machine.
    expect(String(res.headers['content-security-policy'])).not.toContain('localhost');
    await bare.close();
  });

  it('no cache keeps an API answer that carries personal data', async () => {
    const chair = apiAs(app, 'chair-amara');
    const raised = await chair.post('/api/disputes', raiseBody);
    expect(raised.headers['cache-control']).toBe('no-store');
    for (const url of [
      '/api/me',
      '/api/disputes?view=raised-by-me',
      `/api/disputes/${raised.body.id}`,
      `/api/disputes/${raised.body.id}/case-note`,
      `/api/disputes/by-reference/${raised.body.reference}`,
      '/api/directory/users?q=a',
      '/api/disputes/00000000-0000-4000-8000-000000000000',
    ]) {
      const r = await chair.get(url);
      expect(r.headers['cache-control'], url).toMatch(/no-store/);
    }
    const form = await app.server.inject({
      url: `/api/disputes/${raised.body.id}/form.docx`,
      headers: { 'x-dev-user': 'chair-amara' },
    });
    expect(form.headers['cache-control']).toMatch(/no-store/);
  });
});

describe('rate limits, and which proxy is believed (TRUST_PROXY)', () => {
  let limited: TestApp;
  beforeAll(async () => {
    // The ingress is 10.0.0.0/8: its X-Forwarded-For is believed; anyone else's is not.
    limited = await startTestApp('pglite', {
      RATE_LIMIT_PER_PERSON: '5',
      RATE_LIMIT_PER_ADDRESS: '8',
      TRUST_PROXY: '10.0.0.0/8',
    });
  }, 120_000);
  afterAll(async () => limited?.close());

  const get = (person: string, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) =>
    limited.server.inject({ url: '/api/me', headers: { 'x-dev-user': person, ...headers }, remoteAddress });

  it('a person past their limit gets a 429 that says when to retry; someone else at the same address does not', async () => {
    for (let i = 0; i < 5; i++) expect((await get('sw-ben', '198.51.100.1')).statusCode).toBe(200);
    const refused = await get('sw-ben', '198.51.100.1');
    expect(refused.statusCode).toBe(429);
    const seconds = Number(refused.headers['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThanOrEqual(60);
    expect(refused.json()).toEqual({
      error: 'too-many-requests',
      code: 'too-many-requests',
      message: expect.stringMatching(
        new RegExp(`^Too many requests from you in a minute: try again in ${seconds} seconds?\\.$`),
      ),
    });
    // The same person from another address is still one person.
    expect((await get('sw-ben', '198.51.100.2')).statusCode).toBe(429);
    // Another person at the first address has their own count, until the address's limit: 8
    // requests (sw-ben's 6 and these 2).
    expect((await get('sw-dana', '198.51.100.1')).statusCode).toBe(200);
    expect((await get('sw-dana', '198.51.100.1')).statusCode).toBe(200);
    const byAddress = await get('sw-dana', '198.51.100.1');
    expect(byAddress.statusCode).toBe(429);
    expect(byAddress.json().message).toMatch(/from this address/);
  });

  it('unauthenticated guessing counts against the address too', async () => {
    for (let i = 0; i < 8; i++)
      expect((await get(`nobody-${i}`, '198.51.100.7')).statusCode, `attempt ${i}`).toBe(401);
    expect((await get('nobody-9', '198.51.100.7')).statusCode).toBe(429);
  });

  it('the bot endpoint counts per Teams user and per address', async () => {
    const activity = (from: string) => ({
      type: 'conversationUpdate',
      channelId: 'msteams',
      from: { id: from, aadObjectId: from },
      conversation: { id: 'a:1' },
      recipient: { id: 'bot' },
      serviceUrl: 'https://smba.trafficmanager.net/teams/',
    });
    const post = (from: string) =>
      limited.server.inject({
        method: 'POST',
        url: '/api/messages',
        headers: json,
        payload: activity(from),
        remoteAddress: '127.0.0.1',
      });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post('teams-user-1')).statusCode);
    expect(statuses.slice(0, 5).every((s) => s !== 429)).toBe(true);
    expect(statuses[5]).toBe(429);
    expect((await post('teams-user-2')).statusCode).not.toBe(429);
  });

  it('believes X-Forwarded-For from the ingress only: each forwarded client has its own count', async () => {
    // Through the ingress, 9 requests from 9 clients (the public document: no person counted).
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++)
      statuses.push(
        (
          await limited.server.inject({
            url: '/api/openapi.json',
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
            remoteAddress: '10.0.0.5',
          })
        ).statusCode,
      );
    expect(statuses).toEqual(Array(9).fill(200));
    // From anyone else, X-Forwarded-For is ignored: one peer, one count, whatever it claims.
    const claimed: number[] = [];
    for (let i = 0; i < 9; i++)
      claimed.push(
        (
          await limited.server.inject({
            url: '/api/openapi.json',
            headers: { 'x-forwarded-for': `203.0.113.${100 + i}` },
            remoteAddress: '198.51.100.50',
          })
        ).statusCode,
      );
    expect(claimed.slice(0, 8)).toEqual(Array(8).fill(200));
    expect(claimed[8]).toBe(429);
  });

  it('refuses a TRUST_PROXY it cannot read', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'the-ingress' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({}).trustProxy).toBe(false);
  });
});

describe('input the database cannot store, and malformed bot activities', () => {
  const textFields: [string, (bad: string) => unknown][] = [
    ['child.name', (bad) => ({ ...raiseBody, child: { ...raiseBody.child, name: bad } })],
    ['child.caseNumber', (bad) => ({ ...raiseBody, child: { ...raiseBody.child, caseNumber: bad } })],
    ['concern', (bad) => ({ ...raiseBody, concern: bad })],
    ['actionsRequired', (bad) => ({ ...raiseBody, actionsRequired: bad })],
    ['reason', (bad) => ({ ...raiseBody, reason: bad })],
  ];
  const badTexts: [string, string][] = [
    ['a NUL character', 'before\u0000after'],
    ['a lone high surrogate', 'before\uD800after'],
    ['a lone low surrogate', 'before\uDC00after'],
    ['a surrogate at the end', 'text\uDBFF'],
  ];

  it.each(
    textFields.flatMap(([field, make]) => badTexts.map(([what, bad]) => [field, what, make(bad)] as const)),
  )('%s with %s: 400 naming the field, nothing raised', async (field, _what, body) => {
    const chair = apiAs(app, 'chair-amara');
    const before = (await chair.get('/api/disputes?view=raised-by-me')).body.disputes.length;
    // As JSON would send it over the wire: \u escapes, so lone surrogates survive.
    const res = await app.server.inject({
      method: 'POST',
      url: '/api/disputes',
      headers: { ...json, 'x-dev-user': 'chair-amara' },
      payload: JSON.stringify(body),
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'bad-request', field });
    expect((await chair.get('/api/disputes?view=raised-by-me')).body.disputes.length).toBe(before);
  });

  it('a real emoji (a surrogate pair) is text like any other', async () => {
    const r = await apiAs(app, 'chair-amara').post('/api/disputes', {
      ...raiseBody,
      concern: 'The child drew 😢 at school.',
    });
    expect(r.status).toBe(201);
    expect(r.body.concern).toBe('The child drew 😢 at school.');
  });

  it('NUL in a path or query is a 400 too', async () => {
    const chair = apiAs(app, 'chair-amara');
    const byId = await chair.get('/api/disputes/abc%00def');
    expect(byId.status).toBe(400);
    expect(byId.body.field).toBe('id');
    const search = await chair.get('/api/directory/users?q=a%00b');
    expect(search.status).toBe(400);
    expect(search.body.field).toBe('q');
  });

  it.each([
    ['an empty body', ''],
    ['an empty object', '{}'],
    ['an array', '[]'],
    ['a string', '"hello"'],
    ['null', 'null'],
    ['no type', '{"text":"hi"}'],
    ['a type that is not text', '{"type":42}'],
    ['a blank type', '{"type":"  "}'],
    ['malformed JSON', '{"type":"message",'],
    ['from without an id', '{"type":"message","from":{}}'],
  ])('an activity with %s: 4xx, and no stack trace in the log', async (_what, payload) => {
    const before = log.length;
    const res = await app.server.inject({ method: 'POST', url: '/api/messages', headers: json, payload });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    const written = log.slice(before).join('');
    expect(written).not.toMatch(/"stack"|\n\s+at /);
    expect(written).not.toMatch(/"level":50/);
  });
});

describe('what a reader may not see', () => {
  it('a dispute they may not read and one that does not exist get the same 404, for every way of asking', async () => {
    const raised = await apiAs(app, 'chair-amara').post('/api/disputes', raiseBody);
    const outsider = apiAs(app, 'sw-gus');
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const suffix of ['', '/case-note', '/form.docx', '/meeting.ics']) {
      const hidden = await app.server.inject({
        url: `/api/disputes/${raised.body.id}${suffix}`,
        headers: { 'x-dev-user': 'sw-gus' },
      });
      const absent = await app.server.inject({
        url: `/api/disputes/${missing}${suffix}`,
        headers: { 'x-dev-user': 'sw-gus' },
      });
      expect(hidden.statusCode, suffix).toBe(404);
      expect(hidden.body, suffix).toBe(absent.body);
    }
    const acted = await outsider.post(`/api/disputes/${raised.body.id}/notes`, { version: 2, text: 'Hello' });
    const actedOnNothing = await outsider.post(`/api/disputes/${missing}/notes`, {
      version: 2,
      text: 'Hello',
    });
    expect(acted.status).toBe(404);
    expect(acted.body).toEqual(actedOnNothing.body);
  });

  it('raising a dispute about a child another chair has raised one about does not reveal that dispute’s id', async () => {
    const caseNumber = 'NB-990001';
    const first = await apiAs(app, 'chair-amara').post('/api/disputes', {
      ...raiseBody,
      child: { ...raiseBody.child, caseNumber },
    });
    const second = await apiAs(app, 'chair-idris').post('/api/disputes', {
      ...raiseBody,
      child: { ...raiseBody.child, caseNumber },
    });
    expect(second.status).toBe(201);
    // The recurrence rule still applies (a similar unresolved concern: not informal) ...
    const raised = second.body.events.find((e: { type: string }) => e.type === 'Raised');
    expect(raised.startStageId).toBe('stage-1');
    // ... and says how many earlier disputes there were, but not which.
    expect(raised.recurrenceOf).toEqual(['not-available-1']);
    expect(JSON.stringify(second.body)).not.toContain(first.body.id);
    expect(JSON.stringify(second.body)).not.toContain(first.body.reference);
    const read = await apiAs(app, 'chair-idris').get(`/api/disputes/${second.body.id}`);
    expect(JSON.stringify(read.body)).not.toContain(first.body.id);
    // Oversight may read both, and sees which.
    const overseen = await apiAs(app, 'hos-ruth').get(`/api/disputes/${second.body.id}`);
    expect(overseen.body.events.find((e: { type: string }) => e.type === 'Raised').recurrenceOf).toEqual([
      first.body.id,
    ]);
  });
});

// Last: it moves the shared app's clock half a year on.
describe('calendar feed links lapse', () => {
  const feed = (url: string) => app.server.inject({ url: new URL(url).pathname });

  it('works for the council’s number of days (CALENDAR_FEED_DAYS, 180 by default), then answers as if it never existed; a new link works again', async () => {
    const chair = apiAs(app, 'chair-amara');
    await chair.post('/api/dev/clock', { now: '2027-01-04T10:00:00Z' });
    const created = await chair.post('/api/me/calendar-feed');
    // 180 days on (the test clock ticks on from where it was set, so to the minute).
    expect(created.body.expiresAt.slice(0, 16)).toBe('2027-07-03T10:00');
    expect((await feed(created.body.url)).statusCode).toBe(200);
    await chair.post('/api/dev/clock', { now: '2027-07-03T09:59:00Z' });
    expect((await feed(created.body.url)).statusCode).toBe(200);
    await chair.post('/api/dev/clock', { now: '2027-07-03T10:01:00Z' });
    const lapsed = await feed(created.body.url);
    expect(lapsed.statusCode).toBe(404);
    expect(lapsed.body).toBe((await app.server.inject({ url: `/calendar/${'A'.repeat(43)}.ics` })).body);
    const renewed = await chair.post('/api/me/calendar-feed');
    expect((await feed(renewed.body.url)).statusCode).toBe(200);
    expect(
      (
        await app.server.inject({
          method: 'DELETE',
          url: '/api/me/calendar-feed',
          headers: { 'x-dev-user': 'chair-amara' },
        })
      ).statusCode,
    ).toBe(204);
    expect((await feed(renewed.body.url)).statusCode).toBe(404);
  });
});
