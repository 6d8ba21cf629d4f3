// Reads across disputes in SQL, from the projection table `disputes` (and `dispute_events` for the
// reports). Dates are 'YYYY-MM-DD'; events are JSONB and come back as the objects that were written.
import type { DisputeEvent } from '../../core/dispute/dispute-events.ts';
import type { DisputeListName, DisputeQueries } from '../../app/ports/dispute-queries.ts';
import { PROJECTION_COLUMNS, toProjection, type ProjectionRecord } from './dispute-rows.ts';
import { caseNumberKey } from '../../core/dispute/case-number.ts';

/** Orders a list of disputes soonest due first (no due date last), then oldest first. */
export const SOONEST_DUE = 'order by due_at asc nulls last, raised_at asc, id asc';

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

  async list(tx, { view, personId, tenantId, limit, socialWorkerIds }) {
    const byPerson = LIST_FILTERS[view];
    const { rows } = byPerson
      ? await tx.query<ProjectionRecord>(
          `select ${PROJECTION_COLUMNS} from disputes where tenant_id = $1 and ${byPerson} ${SOONEST_DUE} limit $3`,
          [tenantId, view === 'team' ? [...(socialWorkerIds ?? [])] : personId, limit ?? null],
        )
      : await tx.query<ProjectionRecord>(
          `select ${PROJECTION_COLUMNS} from disputes where tenant_id = $1 and status = 'open' ${SOONEST_DUE} limit $2`,
          [tenantId, limit ?? null],
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
