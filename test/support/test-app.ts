// Starts the real app (real store, real directory file, test clock, dev sign-in) for API tests,
// on PGlite in memory or on the PostgreSQL server in a schema of its own.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp } from '../../src/start-app.ts';
import { checkResponsesOf } from './response-contract.ts';

export type StoreKind = 'pglite' | 'postgres';

export const postgresUrl = process.env.TEST_DATABASE_URL;

/** The engines an API suite runs on: PGlite always; PostgreSQL when TEST_DATABASE_URL is set (skipped by name otherwise). */
export const storeKinds: readonly { kind: StoreKind; run: boolean; label: string }[] = [
  { kind: 'pglite', run: true, label: 'on PGlite' },
  {
    kind: 'postgres',
    run: Boolean(postgresUrl),
    label: postgresUrl ? 'on PostgreSQL' : 'on PostgreSQL (TEST_DATABASE_URL not set)',
  },
];

/** Creates an empty schema and returns a connection string whose search_path is that schema. */
export async function freshPostgresSchema(
  prefix: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!postgresUrl) throw new Error('TEST_DATABASE_URL is not set');
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const url = new URL(postgresUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresUrl });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

export interface TestApp extends RunningApp {
  close(): Promise<void>;
}

export async function startTestApp(kind: StoreKind, env: Record<string, string> = {}): Promise<TestApp> {
  let drop = async () => {};
  const storeEnv: Record<string, string> = {};
  if (kind === 'postgres') {
    const fresh = await freshPostgresSchema('cpd_api');
    storeEnv.DATABASE_URL = fresh.url;
    drop = fresh.drop;
  } else storeEnv.DATA_DIR = 'memory://';
  const fullEnv = { NODE_ENV: 'test', ...storeEnv, ...env };
  const config = loadConfig(fullEnv);
  const app = await startApp(config, pino({ level: 'silent' }), {
    listen: false,
    background: false,
    env: fullEnv,
  });
  // Every response a test sees must be what the OpenAPI document says.
  checkResponsesOf(app.server);
  return {
    server: app.server,
    services: app.services,
    councils: app.councils,
    database: app.database,
    testClock: app.testClock,
    get delivery() {
      return app.delivery;
    },
    readiness: app.readiness,
    drain: app.drain,
    stop: app.stop,
    async close() {
      await app.stop();
      await drop();
    },
  };
}

/** A small client over fastify's inject: JSON in, JSON out, as a named directory person. */
export function apiAs(app: RunningApp, personId: string | null) {
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown, raw?: string) => {
    const res = await app.server.inject({
      method,
      url,
      headers: {
        ...(personId ? { 'x-dev-user': personId } : {}),
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(raw !== undefined ? { payload: raw } : body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body?: unknown) => call('POST', url, body ?? {}),
    postRaw: (url: string, raw: string) => call('POST', url, undefined, raw),
  };
}
