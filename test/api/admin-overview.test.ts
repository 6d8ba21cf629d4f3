// The admin overview, on a directory where North's team manager has lost their tier: a dispute
// about a North social worker opens at the informal stage, but the team manager the next stage
// needs cannot be found, and the overview says so with the reason. Deliveries that died (nobody
// here has the Teams app) are listed too. Oversight posts only.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { readsOf } from '../support/store-probes.ts';
import { apiAs, startTestApp, type TestApp } from '../support/test-app.ts';
import { raiseBody } from '../support/raise-body.ts';

let app: TestApp;
let open: { id: string; reference: string };
let withdrawn: { id: string; reference: string };

/** The demo directory with tm-carla's `tier: team-manager` removed. */
function directoryWithoutNorthTeamManagerTier(): string {
  const lines = readFileSync(demoDirectoryPath, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.trim() === '- id: tm-carla');
  const tier = lines.findIndex((l, i) => i > start && l.trim() === 'tier: team-manager');
  expect(start).toBeGreaterThan(0);
  expect(lines.slice(start + 1, tier).some((l) => l.trim().startsWith('- id:'))).toBe(false);
  lines.splice(tier, 1);
  const file = join(mkdtempSync(join(tmpdir(), 'cpd-dir-')), 'directory.yaml');
  writeFileSync(file, lines.join('\n'));
  return file;
}

beforeAll(async () => {
  app = await startTestApp('pglite', { DIRECTORY_FILE: directoryWithoutNorthTeamManagerTier() });
  const chair = apiAs(app, 'chair-amara');
  await chair.post('/api/dev/clock', { now: '2026-11-23T10:00:00Z' });
  const a = await chair.post('/api/disputes', raiseBody);
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  open = a.body;
  const b = await chair.post('/api/disputes', {
    ...raiseBody,
    child: { ...raiseBody.child, caseNumber: 'NB-999' },
  });
  withdrawn = b.body;
  await chair.post(`/api/disputes/${withdrawn.id}/withdraw`, {
    version: b.body.version,
    reason: 'Raised twice by mistake.',
  });
  // The sweep and the outbox run: every delivery fails for want of a Teams chat.
  await chair.post('/api/dev/clock', { now: '2026-11-23T10:05:00Z' });
}, 60_000);

afterAll(async () => {
  await app?.close();
});

describe('the admin overview', () => {
  it('lists the protocols with their stages: days, what happens at the deadline, meetings', async () => {
    const r = await apiAs(app, 'hos-ruth').get('/api/admin/overview');
    expect(r.status).toBe(200);
    const glos = r.body.protocols.find((p: { id: string }) => p.id === 'gloucestershire');
    expect(glos).toMatchObject({
      name: 'Gloucestershire Child Protection Dispute Resolution Protocol',
      cap: { workingDays: 20, countsFromStageId: 'stage-1' },
    });
    expect(glos.stages.map((s: { id: string }) => s.id)).toEqual([
      'informal',
      'stage-1',
      'stage-2',
      'stage-3',
      'stage-4',
      'stage-5',
      'stage-6',
    ]);
    expect(glos.stages[0]).toMatchObject({
      name: 'Informal',
      days: 2,
      onDeadline: 'ask-chair',
      meeting: 'none',
      formal: false,
      daysFromSource: true,
    });
    expect(glos.stages[2]).toMatchObject({ days: 4, meeting: 'required' });
    const calderdale = r.body.protocols.find((p: { id: string }) => p.id === 'calderdale');
    expect(calderdale.stages[0]).toMatchObject({ days: 10, daysSetByChair: true });
    expect(calderdale.stages[1]).toMatchObject({ days: 5, onDeadline: 'escalate' });
  });

  it('names the roles the current and next stage need that the directory cannot fill, for open disputes only', async () => {
    const r = await apiAs(app, 'hos-ruth').get('/api/admin/overview');
    const mine = r.body.unresolvedRoles.filter((u: { disputeId: string }) => u.disputeId === open.id);
    expect(mine).toEqual([
      {
        disputeId: open.id,
        reference: open.reference,
        protocolId: 'gloucestershire',
        stageIds: ['informal', 'stage-1'],
        role: 'teamManager',
        label: 'Team Manager',
        why: expect.stringMatching(
          /Ben Harrowgate \(sw-ben\) has no manager at tier team-manager up their line/,
        ),
      },
    ]);
    // A closed dispute needs nobody.
    expect(r.body.unresolvedRoles.some((u: { disputeId: string }) => u.disputeId === withdrawn.id)).toBe(
      false,
    );
    // Nothing about the child.
    expect(JSON.stringify(r.body)).not.toMatch(/Amelia|NB-104233|NB-999|2019-04-02/);
  });

  it('lists the deliveries that will not be tried again, with the reason', async () => {
    const r = await apiAs(app, 'hos-ruth').get('/api/admin/overview');
    const swBen = r.body.failedDeliveries.find(
      (f: { disputeId: string; recipientId: string; reason: string }) =>
        f.disputeId === open.id && f.recipientId === 'sw-ben' && f.reason === 'respond',
    );
    expect(swBen).toMatchObject({
      reference: open.reference,
      recipientName: 'Ben Harrowgate',
      stageId: 'informal',
      channel: expect.any(String),
      attempts: 1,
      lastError: expect.stringMatching(/no Teams chat/),
    });
  });

  it('is for oversight posts only, and records which disputes it showed to whom', async () => {
    for (const who of ['chair-amara', 'sw-ben', 'tm-carla'])
      expect((await apiAs(app, who).get('/api/admin/overview')).status, who).toBe(403);
    expect((await apiAs(app, 'tm-hana').get('/api/admin/overview')).status).toBe(200);
    const reads = await app.services.db.transaction((tx) => readsOf(tx, open.id));
    expect(reads).toContainEqual(
      expect.objectContaining({ personId: 'hos-ruth', what: 'admin:overview', allowed: true }),
    );
  });
});
