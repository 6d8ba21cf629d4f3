// A dispute's projection, events and (when asked) outbox rows and first reads, in ONE statement:
// the view of a dispute costs one round trip to the database instead of four.
import type { DisputeEvent } from '../../core/dispute/dispute-events.ts';
import type { DisputeSnapshot } from '../../app/ports/dispute-event-store.ts';
import type { FirstRead } from '../../app/ports/read-audit.ts';
import type { SqlExecutor } from '../../app/ports/sql-database.ts';
import {
  PROJECTION_COLUMNS,
  isoUtcSql,
  outboxJsonSql,
  toOutbox,
  toProjection,
  type OutboxRecord,
  type ProjectionRecord,
} from './dispute-rows.ts';

const projectionColumnsOf = (alias: string) =>
  PROJECTION_COLUMNS.split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');

// Events as a JSON array of the stored objects, in stream order. Outbox rows and reads are only
// read when the caller asks ($2, $3): the write paths need the events alone.
const SNAPSHOT_SQL = `select ${projectionColumnsOf('d')},
    (select coalesce(json_agg(json_build_object('seq', e.seq, 'data', e.data) order by e.seq), '[]'::json)
       from dispute_events e where e.dispute_id = d.id) as events_json,
    case when $2::boolean then
      (select coalesce(json_agg(${outboxJsonSql('o')} order by o.id), '[]'::json)
         from outbox o where o.dispute_id = d.id)
    end as outbox_json,
    case when $3::boolean then
      (select coalesce(json_agg(json_build_object('person_id', f.person_id, 'at', ${isoUtcSql('f.at')},
           'what', f.what) order by f.at, f.id), '[]'::json)
         from (select distinct on (r.person_id) r.person_id, r.at, r.what, r.id
                 from dispute_reads r where r.dispute_id = d.id and r.allowed
                 order by r.person_id, r.at, r.id) f)
    end as reads_json
  from disputes d where d.id = $1`;

type SnapshotRecord = ProjectionRecord & {
  events_json: { seq: number; data: DisputeEvent }[];
  outbox_json: OutboxRecord[] | null;
  reads_json: { person_id: string; at: string; what: string }[] | null;
};

export async function loadSnapshot(
  tx: SqlExecutor,
  disputeId: string,
  include: { outbox?: boolean; firstReads?: boolean } = {},
): Promise<DisputeSnapshot | null> {
  const { rows } = await tx.query<SnapshotRecord>(
    SNAPSHOT_SQL,
    [disputeId, Boolean(include.outbox), Boolean(include.firstReads)],
    { name: 'cpd_snapshot' },
  );
  const r = rows[0];
  if (!r) return null;
  const firstReads: FirstRead[] = (r.reads_json ?? []).map((x) => ({
    personId: x.person_id,
    at: x.at,
    what: x.what,
    allowed: true,
  }));
  return {
    projection: toProjection(r),
    events: r.events_json.map((e) => ({ disputeId, seq: e.seq, event: e.data })),
    outbox: (r.outbox_json ?? []).map(toOutbox),
    firstReads,
  };
}
