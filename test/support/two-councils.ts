// Two councils on one deployment, for the tenancy tests: Northmoor (the demo directory) and
// Southmere, a copy of it with its own tenant, so the two directories share every person id.
// On PostgreSQL they share a database of their own (test_tenancy_<random> on TEST_DATABASE_URL's
// server) owned by a throwaway owner role, and the app connects as a throwaway role that owns
// nothing, as docs/tenancy.md sets up in production; both roles and the database are dropped after.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { loadConfig } from '../../src/config.ts';
import { startApp, type RunningApp, type StartOptions } from '../../src/start-app.ts';
import type { StoreKind } from './test-app.ts';

export const NORTHMOOR = { id: 'northmoor', tenantId: '00000000-0000-4000-8000-00000000a11c' };
export const SOUTHMERE = { id: 'southmere', tenantId: '00000000-0000-4000-8000-0000000050f7' };

export interface TwoCouncilDatabase {
  /** The app's role (owns nothing). */
  appUrl: string;
  /** The owner role: migrations. */
  ownerUrl: string;
  /** The server's superuser, on the same database: to look behind row-level security. */
  adminUrl: string;
  appRole: string;
  drop(): Promise<void>;
}

const withUser = (url: string, user: string, database: string) => {
  const u = new URL(url);
  u.username = user;
  u.password = '';
  u.pathname = `/${database}`;
  return u.toString();
};

/** A new database owned by a new owner role, and an app role granted nothing yet (trust auth). */
export async function createTwoRoleDatabase(serverUrl: string): Promise<TwoCouncilDatabase> {
  const suffix = randomBytes(4).toString('hex');
  const database = `test_tenancy_${suffix}`;
  const ownerRole = `cpd_owner_${suffix}`;
  const appRole = `cpd_app_${suffix}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create role ${ownerRole} login`);
    // NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE are PostgreSQL's defaults; said here anyway.
    await admin.query(`create role ${appRole} login nosuperuser nobypassrls nocreatedb nocreaterole`);
    await admin.query(`create database ${database} owner ${ownerRole}`);
  } finally {
    await admin.end();
  }
  return {
    appUrl: withUser(serverUrl, appRole, database),
    ownerUrl: withUser(serverUrl, ownerRole, database),
    adminUrl: withUser(serverUrl, new URL(serverUrl).username || 'postgres', database),
    appRole,
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`drop database if exists ${database} with (force)`);
        await c.query(`drop role if exists ${appRole}`);
        await c.query(`drop role if exists ${ownerRole}`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Directory files of both councils and the COUNCILS_FILE naming them, in a new directory. */
export function writeCouncilFiles(): { councilsFile: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cpd-councils-'));
  const demo = readFileSync(demoDirectoryPath, 'utf8');
  writeFileSync(join(dir, 'northmoor.yaml'), demo);
  writeFileSync(
    join(dir, 'southmere.yaml'),
    demo
      .replace(/^council: .*$/m, 'council: Southmere City Council')
      .replace(/^tenantId: .*$/m, `tenantId: ${SOUTHMERE.tenantId}`),
  );
  const councilsFile = join(dir, 'councils.yaml');
  writeFileSync(
    councilsFile,
    [
      'councils:',
      `  - id: ${NORTHMOOR.id}`,
      '    directoryFile: northmoor.yaml',
      `  - id: ${SOUTHMERE.id}`,
      '    directoryFile: southmere.yaml',
      '',
    ].join('\n'),
  );
  return { councilsFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface TwoCouncilApp {
  app: RunningApp;
  kind: StoreKind;
  /** PostgreSQL only. */
  database: TwoCouncilDatabase | null;
  close(): Promise<void>;
}

export async function startTwoCouncilApp(
  kind: StoreKind,
  serverUrl?: string,
  extra: { env?: Record<string, string>; options?: Pick<StartOptions, 'entraJwks'> } = {},
): Promise<TwoCouncilApp> {
  const files = writeCouncilFiles();
  const database = kind === 'postgres' ? await createTwoRoleDatabase(serverUrl!) : null;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    COUNCILS_FILE: files.councilsFile,
    ...(database
      ? { DATABASE_URL: database.appUrl, MIGRATION_DATABASE_URL: database.ownerUrl }
      : { DATA_DIR: 'memory://' }),
    ...extra.env,
  };
  try {
    const app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
      listen: false,
      background: false,
      env,
      ...extra.options,
    });
    return {
      app,
      kind,
      database,
      async close() {
        await app.stop();
        await database?.drop();
        files.remove();
      },
    };
  } catch (e) {
    await database?.drop();
    files.remove();
    throw e;
  }
}

/** A JSON client over inject, as a person of a named council (dev sign-in). */
export function councilApi(app: RunningApp, council: string, personId: string) {
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await app.server.inject({
      method,
      url,
      headers: {
        'x-dev-user': personId,
        'x-dev-council': council,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
    });
    let parsed: unknown = null;
    try {
      parsed = res.body ? JSON.parse(res.body) : null;
    } catch {
      parsed = res.body;
    }
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.statusCode, body: parsed as any };
  };
  return {
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown = {}) => call('POST', url, body),
  };
}
