// Reads across disputes in SQL, from the projection table `disputes` (and `dispute_events` for the
// reports). Dates are 'YYYY-MM-DD'; events are JSONB and come back as the objects that were written.
import type { DisputeEvent } from '../../core/dispute/dispute-events.ts';
import type { DisputeListName, DisputeQueries } from '../../app/ports/dispute-queries.ts';
import { PROJECTION_COLUMNS, toProjection, type ProjectionRecord } from './dispute-rows.ts';
import { caseNumberKey } from '../../core/dispute/case-number.ts';

/**
 * A list's order: soonest due first (no due date last), then oldest first. Written as one key that
 * the indexes of migration 11 hold (`coalesce(due_at, 'infinity')`), so that a page is an index
 * range: `(key) > (the last row's key) order by key limit n` reads n rows, however long the list.
 */
const LIST_KEY = `(coalesce(due_at, 'infinity'::timestamptz), raised_at, id)`;
const IN_LIST_ORDER = `order by coalesce(due_at, 'infinity'::timestamptz), raised_at, id`;

/** Each list's condition on a person ($2); `all-open` does not depend on the person. */
const LIST_FILTERS: Record<DisputeListName, string | null> = {
  'raised-by-me': 'raiser_id = $2',
  // Waiting for this person: an answer they owe, or (issue 12 item 8) the decision a chair owes on her
  // own dispute after a missed deadline.
  'awaiting-me': `status = 'open' and (respondent_ids @> array[$2::text] or (raiser_id = $2 and awaiting_chair_decision))`,
  'copied-to-me': `status = 'open' and copied_ids @> array[$2::text]`,
  'all-open': null,
  // $2 is the team's members here, not the person.
  team: `status = 'open' and social_worker_id = any($2::text[])`,
};

/**
 * The lists whose membership is an array (GIN-indexed): with LIMIT, PostgreSQL may walk the lists'
 * order index and filter, which reads one page when most rows match but every row when none do
 * (its estimate for array containment is a fixed fraction: "copied to me" took 782 ms at 1,000,000
 * open disputes with nobody copied). So these lists first count the person's rows through the GIN
 * index, up to FEW_MATCHES: a short list is then read through that index and sorted (it reads only
 * its own rows); a long one is read in the lists' order, where its rows are dense.
 */
const ARRAY_LISTS: ReadonlySet<DisputeListName> = new Set(['awaiting-me', 'copied-to-me']);
const FEW_MATCHES = 2000;

export const sqlDisputeQueries: DisputeQueries = {
  async getProjection(tx, disputeId) {
    const { rows } = await tx.query<ProjectionRecord>(
      `select ${PROJECTION_COLUMNS} from disputes where id = $1`,
      [disputeId],
    );
    return rows[0] ? toProjection(rows[0]) : null;
  },

  async findByReference(tx, reference) {
    const { rows } = await tx.query<ProjectionRecord>(
      `select ${PROJECTION_COLUMNS} from disputes where reference = $1`,
      [reference],
    );
    return rows[0] ? toProjection(rows[0]) : null;
  },

  async list(tx, { view, personId, tenantId, limit, after, socialWorkerIds }) {
    const params: unknown[] = [tenantId];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = ['tenant_id = $1'];
    const byPerson = LIST_FILTERS[view];
    if (byPerson) {
      params.push(view === 'team' ? [...(socialWorkerIds ?? [])] : personId); // $2 in LIST_FILTERS
      conditions.push(byPerson);
    } else conditions.push(`status = 'open'`);
    // Two statements rather than "$n is null or ...": a generic plan could not use the index for the
    // keyset condition behind an "or".
    if (after)
      conditions.push(
        `${LIST_KEY} > (coalesce(${param(after.dueAt)}::timestamptz, 'infinity'::timestamptz), ${param(after.raisedAt)}::timestamptz, ${param(after.id)}::text)`,
      );
    let order = IN_LIST_ORDER;
    if (byPerson && ARRAY_LISTS.has(view)) {
      const { rows: counted } = await tx.query<{ n: number }>(
        `select count(*)::int as n from (select 1 from disputes where tenant_id = $1 and ${byPerson} limit ${FEW_MATCHES + 1}) few`,
        [tenantId, personId],
      );
      // "+ interval '0'" keeps the same order but hides it from the index, so the GIN index finds the rows.
      if ((counted[0]?.n ?? 0) <= FEW_MATCHES)
        order = `order by coalesce(due_at, 'infinity'::timestamptz) + interval '0', raised_at, id`;
    }
    const { rows } = await tx.query<ProjectionRecord>(
      `select ${PROJECTION_COLUMNS} from disputes where ${conditions.join(' and ')} ${order} limit ${param(limit)}`,
      params,
    );
    return rows.map(toProjection);
  },

  async openRosterGroups(tx, tenantId) {
    const { rows } = await tx.query<{
      protocol_id: string;
      raiser_id: string;
      social_worker_id: string;
      stage_ids: (string | null)[];
    }>(
      `select protocol_id, raiser_id, social_worker_id, array_agg(distinct stage_id) as stage_ids
         from disputes where tenant_id = $1 and status = 'open'
        group by protocol_id, raiser_id, social_worker_id`,
      [tenantId],
    );
    return rows.map((r) => ({
      protocolId: r.protocol_id,
      raiserId: r.raiser_id,
      socialWorkerId: r.social_worker_id,
      stageIds: r.stage_ids.filter((id): id is string => id !== null),
    }));
  },

  async openInRosterGroup(tx, { tenantId, protocolId, raiserId, socialWorkerId, stageIds }) {
    const { rows } = await tx.query<ProjectionRecord>(
      `select ${PROJECTION_COLUMNS} from disputes
        where tenant_id = $1 and raiser_id = $2 and status = 'open' and protocol_id = $3
          and social_worker_id = $4 and stage_id = any($5::text[])
        ${IN_LIST_ORDER}`,
      [tenantId, raiserId, protocolId, socialWorkerId, stageIds],
    );
    return rows.map(toProjection);
  },

  async openWithRefusedSteps(tx, tenantId) {
    const { rows } = await tx.query<ProjectionRecord>(
      // Driven from the few refusal events (partial index of migration 11), not from every open dispute.
      `select ${PROJECTION_COLUMNS} from disputes
        where id in (select dispute_id from dispute_events
                      where tenant_id = $1 and type = 'AutomaticStepRefused')
          and status = 'open'
        ${IN_LIST_ORDER}`,
      [tenantId],
    );
    return rows.map(toProjection);
  },

  async listByCaseNumber(tx, tenantId, caseNumber) {
    const { rows } = await tx.query<ProjectionRecord>(
      // Compared by caseNumberKey (src/core/dispute/case-number.ts): "gl 600" finds "GL-600".
      `select ${PROJECTION_COLUMNS} from disputes
       where tenant_id = $1 and regexp_replace(upper(case_number), '[^A-Z0-9]', '', 'g') = $2
       order by raised_at, id`,
      [tenantId, caseNumberKey(caseNumber)],
      { name: 'cpd_list_by_case_number' },
    );
    return rows.map(toProjection);
  },

  async openDisputesWithMeetings(tx) {
    const { rows } = await tx.query<{ id: string }>(
      `select d.id from disputes d
        where d.status = 'open'
          and exists (select 1 from dispute_events e where e.dispute_id = d.id and e.type = 'MeetingBooked')`,
    );
    return rows.map((r) => r.id);
  },

  async listRaisedBetween(tx, { tenantId, from, to, protocolId }) {
    const { rows } = await tx.query<ProjectionRecord>(
      `select ${PROJECTION_COLUMNS} from disputes
       where tenant_id = $1 and raised_at >= $2::timestamptz and raised_at <= $3::timestamptz
         and ($4::text is null or protocol_id = $4)
       order by raised_at, id`,
      [tenantId, from, to, protocolId ?? null],
    );
    return rows.map(toProjection);
  },

  async eventsOf(tx, disputeIds) {
    if (disputeIds.length === 0) return [];
    const { rows } = await tx.query<{ dispute_id: string; seq: number; data: DisputeEvent }>(
      'select dispute_id, seq, data from dispute_events where dispute_id = any($1::text[]) order by dispute_id, seq',
      [[...disputeIds]],
    );
    return rows.map((r) => ({ disputeId: r.dispute_id, seq: r.seq, event: r.data }));
  },
};
