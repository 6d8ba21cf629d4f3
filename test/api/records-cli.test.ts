// `cp-disputes retention` and `cp-disputes dispose` against a server's PGlite data directory: the
// admin sees what falls due and when, and the disposal run erases what is past retention.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadConfig } from '../../src/config.ts';
import { startApp } from '../../src/start-app.ts';
import { apiAs } from '../support/test-app.ts';

let root: string;
let env: Record<string, string>;
let reference: string;

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(
    args,
    { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } },
    env,
  );
  return { code, stdout, stderr };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cpd-records-cli-'));
  env = { NODE_ENV: 'test', DATA_DIR: join(root, 'data') };
  // A server raises a dispute in January 2020 and withdraws it the same day, then stops.
  const app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
    listen: false,
    background: false,
    env,
  });
  try {
    const chair = apiAs(app, 'chair-amara');
    await chair.post('/api/dev/clock', { now: '2020-01-06T10:00:00Z' });
    const r = await chair.post('/api/disputes', {
      protocolId: 'gloucestershire',
      child: { name: 'Tobias Fenwright', dateOfBirth: '2012-05-01', caseNumber: 'NB-9' },
      conferenceDate: '2020-01-03',
      socialWorkerId: 'sw-ben',
      theme: 'statutory-requirements',
      concern: 'No visit.',
      actionsRequired: 'Visit.',
    });
    expect(r.status).toBe(201);
    reference = r.body.reference;
    await chair.post(`/api/disputes/${r.body.id}/withdraw`, { version: r.body.version, reason: 'Error.' });
  } finally {
    await app.stop();
  }
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('cp-disputes retention and dispose', () => {
  it('shows nothing due without a schedule, and disposes of nothing', async () => {
    const r = await cli('retention');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('No retention schedule: nothing is ever disposed of.');
    expect(r.stdout).toContain(`${reference}`);
    expect(r.stdout).toContain('kept: no retention schedule');
    expect((await cli('dispose', '--json')).stdout).toContain('"disposed": []');
  }, 60_000);

  it('refuses a schedule it cannot read, in one line', async () => {
    env.RETENTION_SCHEDULE = '{"yearsAfterClosure":"soon"}';
    const r = await cli('retention');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^cp-disputes: configuration refused: RETENTION_SCHEDULE: yearsAfterClosure/);
  }, 60_000);

  it('with a schedule, shows what is due and when, then disposes of it', async () => {
    env.RETENTION_SCHEDULE = '{"yearsAfterClosure":1}';
    const listed = await cli('retention', '--json');
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).disputes).toEqual([
      expect.objectContaining({ reference, closedOn: '2020-01-06', dueOn: '2021-01-06', dueNow: true }),
    ]);
    expect((await cli('retention')).stdout).toContain(`DUE NOW 2021-01-06 (1 years after closure)`);
    const run = await cli('dispose');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${reference}: 1 years after closure`);
    expect((await cli('retention')).stdout).toContain('No closed dispute is waiting for disposal.');
  }, 60_000);
});
