// 3a. Deadlines on time, in real time (issue 17): the app as `npm start` runs it (its own deadline
// timers on, SWEEP_INTERVAL_SECONDS at its default), on PostgreSQL. A dispute is raised; the test
// clock (which keeps ticking at real speed from wherever it is set) is moved to a few seconds
// before the dispute's first deadline; then nothing is done but watch the deadline row. How late
// it was acted on = when the app marked it fired (its clock's instant, recorded in the row) minus
// its due instant; and, as a check, the real time from the due instant until the bench saw it.
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { raiseBody } from '../support/raise-body.ts';
import { sleep } from './bench-format.ts';
import { keepAliveAgent, postJson, setClock, startServerProcess } from './http-load.ts';
import type { ServerCommand } from './server-commands.ts';

const LEAD_SECONDS = 5;
export const LATENESS_TARGET_MS = 2000;

export interface LatenessResult {
  kind: string;
  dueAt: string;
  /** fired_at - due_at, ms: null when not acted on within the wait. */
  latenessMs: number | null;
  /** Real time from the due instant until the bench saw the row fired (polled every 100 ms). */
  observedMs: number | null;
  waitedSeconds: number;
}

export async function measureLateness(
  command: ServerCommand,
  databaseUrl: string,
  waitSeconds: number,
): Promise<LatenessResult> {
  const server = await startServerProcess(command, { DATABASE_URL: databaseUrl, DELIVERY: 'log' });
  const db = new pg.Client({ connectionString: databaseUrl });
  const agent = keepAliveAgent(1);
  try {
    await db.connect();
    await setClock(server.base);
    const raised = await postJson(
      agent,
      `${server.base}/api/disputes`,
      { ...raiseBody, child: { ...raiseBody.child, caseNumber: 'LATE-1' } },
      { 'x-dev-user': 'chair-amara' },
    );
    const id = (raised.body as { id?: string } | null)?.id;
    if (raised.status !== 201 || !id) throw new Error(`lateness: raise ${raised.status}`);
    const { rows } = await db.query<{ key: string; kind: string; due_at: Date }>(
      `select key, kind, due_at from deadlines where dispute_id = $1 and fired_at is null order by due_at limit 1`,
      [id],
    );
    const first = rows[0];
    if (!first) throw new Error('lateness: the raised dispute has no deadline');
    const dueMs = first.due_at.getTime();
    const set = await postJson(
      agent,
      `${server.base}/api/dev/clock`,
      { now: new Date(dueMs - LEAD_SECONDS * 1000).toISOString() },
      { 'x-dev-user': 'chair-amara' },
    );
    if (set.status !== 200) throw new Error(`lateness: setting the clock ${set.status}`);
    const dueRealTime = performance.now() + LEAD_SECONDS * 1000;
    const deadline = dueRealTime + waitSeconds * 1000;
    while (performance.now() < deadline) {
      const { rows: fired } = await db.query<{ fired_at: Date | null }>(
        'select fired_at from deadlines where dispute_id = $1 and key = $2',
        [id, first.key],
      );
      const firedAt = fired[0]?.fired_at ?? null;
      if (firedAt)
        return {
          kind: first.kind,
          dueAt: first.due_at.toISOString(),
          latenessMs: firedAt.getTime() - dueMs,
          observedMs: performance.now() - dueRealTime,
          waitedSeconds: waitSeconds,
        };
      await sleep(100);
    }
    return {
      kind: first.kind,
      dueAt: first.due_at.toISOString(),
      latenessMs: null,
      observedMs: null,
      waitedSeconds: waitSeconds,
    };
  } finally {
    agent.destroy();
    await db.end().catch(() => undefined);
    await server.stop();
  }
}
