// Seeding many disputes in bulk SQL (generate_series): one dispute raised through the real write
// path is the template, cloned `count` times, its projection, its events (the Raised event's
// disputeId and case number rewritten) and its deadline rows; so every clone is a dispute the app
// could have written, at the cost of a few INSERT … SELECTs per 10,000.
import { performance } from 'node:perf_hooks';
import type { RunningApp } from '../../src/start-app.ts';
import { raiseBody } from '../support/raise-body.ts';

const PROJECTION_COPY = `tenant_id, protocol_id, version, status, raiser_id, social_worker_id, theme, stage_id,
  stage_opened_on, due_on, due_at, cap_on, respondent_ids, copied_ids, participant_ids, awaiting_chair_decision,
  raised_at, closed_at`;

const CHUNK = 10_000;

/**
 * Clones the template `count` times (ids `${prefix}-n`, n from `from`); `preFired` deadline kinds
 * are marked as already fired on their due time.
 */
export async function cloneDispute(
  app: RunningApp,
  templateId: string,
  prefix: string,
  from: number,
  count: number,
  preFired: string[] = [],
): Promise<void> {
  const { db } = app.services;
  for (let start = from; start < from + count; start += CHUNK) {
    const n = Math.min(CHUNK, from + count - start);
    const id = `'${prefix}-' || lpad(g::text, 7, '0')`;
    const series = `generate_series(${start}, ${start + n - 1}) g`;
    await db.transaction(async (tx) => {
      await tx.query(
        `insert into disputes (id, reference, case_number, ${PROJECTION_COPY})
         select ${id}, 'CPD-${prefix}' || lpad(g::text, 7, '0'), '${prefix}-' || g, ${PROJECTION_COPY}
         from disputes t cross join ${series} where t.id = $1`,
        [templateId],
      );
      await tx.query(
        `insert into dispute_events (dispute_id, seq, type, at, actor_id, data, tenant_id)
         select ${id}, e.seq, e.type, e.at, e.actor_id,
           case when e.type = 'Raised'
             then jsonb_set(jsonb_set(e.data, '{disputeId}', to_jsonb(${id})), '{child,caseNumber}', to_jsonb('${prefix}-' || g))
             else e.data end,
           e.tenant_id
         from dispute_events e cross join ${series} where e.dispute_id = $1`,
        [templateId],
      );
      await tx.query(
        `insert into deadlines (dispute_id, key, kind, stage_id, due_at, fired_at, outcome, tenant_id)
         select ${id}, d.key, d.kind, d.stage_id, d.due_at,
           case when d.kind = any($2::text[]) then d.due_at end,
           case when d.kind = any($2::text[]) then 'applied' end,
           d.tenant_id
         from deadlines d cross join ${series} where d.dispute_id = $1`,
        [templateId, preFired],
      );
    });
  }
}

/** Raises one dispute through the API in-process at the test clock's `at`; answers its id. */
export async function raiseTemplate(app: RunningApp, at: string, caseNumber: string): Promise<string> {
  app.testClock!.set(at); // set directly: POST /api/dev/clock would also sweep
  const res = await app.server.inject({
    method: 'POST',
    url: '/api/disputes',
    headers: { 'x-dev-user': 'chair-amara', 'content-type': 'application/json' },
    payload: JSON.stringify({ ...raiseBody, child: { ...raiseBody.child, caseNumber } }),
  });
  if (res.statusCode !== 201) throw new Error(`template raise: ${res.statusCode} ${res.body}`);
  return (JSON.parse(res.body) as { id: string }).id;
}

/**
 * After a bulk seed, the state autovacuum would bring the tables to in a running service: planner
 * statistics, and the GIN indexes' pending lists merged (a fresh bulk load leaves a million entries
 * there, which every lookup of the array indexes would scan; production never sees that).
 */
export async function analyze(app: RunningApp): Promise<void> {
  for (const t of ['disputes', 'dispute_events', 'deadlines'])
    await app.services.db.query(`vacuum (analyze) ${t}`);
}

export async function countRows(app: RunningApp, sql: string, params: unknown[] = []): Promise<number> {
  return Number((await app.services.db.query<{ n: number }>(sql, params)).rows[0]?.n);
}

/** Wall time of `work`, ms. */
export async function timed(work: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}
