// Shared pieces for the stage-2 meeting scenarios: the demo people, driving the outbox until it is
// quiet, reading a dispute's state and outbox, and raising a Gloucestershire dispute straight at its
// stage 2 (the chair may bypass any stage in Gloucestershire).
import { expect } from 'vitest';
import { deliverOutbox } from '../../src/app/outbox-worker.ts';
import { loadDispute } from '../../src/app/dispute-writer.ts';
import { raiseBody } from '../support/raise-body.ts';
import { apiAs, type TestApp } from '../support/test-app.ts';

export const people = {
  chair: { id: 'chair-amara', email: 'amara.quillfeather@northmoor.example', name: 'Amara Quillfeather' },
  teamManager: { id: 'tm-carla', email: 'carla.brightwater@northmoor.example', name: 'Carla Brightwater' },
  socialWorker: { id: 'sw-ben', email: 'ben.harrowgate@northmoor.example', name: 'Ben Harrowgate' },
  southManager: { id: 'tm-emeka', email: 'emeka.stonebridge@northmoor.example', name: 'Emeka Stonebridge' },
  partTime: { id: 'sw-fern', email: 'fern.oakhollow@northmoor.example', name: 'Fern Oakhollow' },
} as const;

/** Runs the outbox worker until a run finds nothing due (retries are due later, so this ends). */
export async function deliverUntilQuiet(app: TestApp, maxRuns = 20): Promise<void> {
  for (let i = 0; i < maxRuns; i++) {
    const r = await deliverOutbox(app.services, app.delivery);
    if (r.delivered + r.retried + r.dead === 0) return;
  }
  throw new Error(`the outbox was still busy after ${maxRuns} runs`);
}

export const stateOf = (app: TestApp, disputeId: string) =>
  app.services.db.transaction(
    async (tx) => (await loadDispute(app.services.store, app.services.protocols, tx, disputeId))!.state,
  );

export const outboxOf = (app: TestApp, disputeId: string) =>
  app.services.db.transaction((tx) => app.services.store.outboxFor(tx, disputeId));

/** Raises a Gloucestershire dispute as the chair, straight at stage 2 (the resolutions meeting). */
export async function raiseAtStage2(
  app: TestApp,
  options: { socialWorkerId?: string; caseNumber?: string } = {},
): Promise<{
  id: string;
  reference: string;
  version: number;
  openedOn: string;
  dueOn: string;
  dueAt: string;
}> {
  const raised = await apiAs(app, people.chair.id).post('/api/disputes', {
    ...raiseBody,
    socialWorkerId: options.socialWorkerId ?? raiseBody.socialWorkerId,
    child: { ...raiseBody.child, caseNumber: options.caseNumber ?? raiseBody.child.caseNumber },
    startStageId: 'stage-2',
    reason: 'Visits have been missed repeatedly; a resolutions meeting is needed now.',
  });
  expect(raised.status, JSON.stringify(raised.body)).toBe(201);
  const stage = raised.body.stage;
  expect(stage).toMatchObject({ id: 'stage-2', meeting: { need: 'required' } });
  return {
    id: raised.body.id,
    reference: raised.body.reference,
    version: raised.body.version,
    openedOn: stage.openedOn,
    dueOn: stage.dueOn,
    dueAt: stage.dueAt,
  };
}

/** The chair resolves the dispute through the REST API. */
export async function resolveAsChair(app: TestApp, disputeId: string) {
  const chair = apiAs(app, people.chair.id);
  const { body: view } = await chair.get(`/api/disputes/${disputeId}`);
  const resolved = await chair.post(`/api/disputes/${disputeId}/resolve`, {
    version: view.version,
    summary: 'Visits are now happening; agreed at the resolutions meeting.',
    keepMonitoring: false,
  });
  expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
  return resolved.body;
}
