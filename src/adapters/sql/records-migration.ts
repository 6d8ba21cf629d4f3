// Migration 7, records management (docs/records-management.md): legal holds, the records audit
// (holds, exports, disposals), and ONE database function that disposes of a closed dispute's
// personal data. It is the only way past the append-only guard: the guard lets an UPDATE through
// only while that function has marked the dispute it is disposing of (a transaction-local setting
// it clears again), and only to the columns that carry personal data. The function is SECURITY
// DEFINER, so an application role that owns nothing and has no UPDATE on the audit tables can call
// it (when granted EXECUTE) without being able to change events any other way.
//
// Every new table carries tenant_id (the dispute's council), like the tables before it, so
// row-level security per council applies to them as to the rest.

/**
 * Keys of an event (at any depth) whose values are kept by disposal: the de-identified skeleton
 * that the board report's figures are computed from. Every other value is erased: strings become
 * "[redacted]", arrays become empty, objects are walked. A field added to an event later is
 * therefore erased unless it is added here: the list fails closed.
 */
export const SKELETON_KEYS: readonly string[] = [
  'type',
  'at',
  'disputeId',
  'protocolId',
  'theme',
  'startStageId',
  'recurrenceOf',
  'chairSetWorkingDays',
  'immediateRisk',
  'stageId',
  'openedOn',
  'workingDays',
  'dueOn',
  'dueAt',
  'capOn',
  'outcome',
  'moreTimeUntil',
  'previousDueOn',
  'kind',
  'forDate',
  'action',
  'autoEscalateOn',
  'fromStageId',
  'toStageId',
  'cause',
  'keepMonitoring',
  'meetingKey',
  'start',
  'end',
  'provider',
  'sequence',
  'response',
  'need',
  // The Redacted event's own fields.
  'rule',
  'team',
];

/** What erased text reads as, everywhere. */
export const REDACTED = '[redacted]';

const keep = SKELETON_KEYS.map((k) => `'${k}'`).join(', ');

export const RECORDS_MANAGEMENT_STATEMENTS: readonly string[] = [
  // A dispute under legal hold is never disposed of. The current holds only; the history of
  // setting and lifting them (who, when, why) is in records_audit.
  `create table legal_holds (
     dispute_id text        not null references disputes (id),
     tenant_id  text        not null,
     since      timestamptz not null,
     set_by     text        not null,
     reason     text        not null,
     constraint legal_holds_pkey primary key (dispute_id)
   )`,

  // Who set or lifted a hold, who exported what about whom (subject access), who ran a disposal.
  // Append-only, like the other audit tables.
  `create table records_audit (
     id           bigserial   primary key,
     tenant_id    text        not null,
     at           timestamptz not null,
     person_id    text        not null,
     action       text        not null,
     allowed      boolean     not null,
     dispute_ids  text[]      not null default '{}',
     subject_kind text        check (subject_kind in ('child', 'staff')),
     subject      text,
     detail       jsonb       not null default '{}'
   )`,
  'create index records_audit_tenant_at on records_audit (tenant_id, at)',
  'create index records_audit_disputes on records_audit using gin (dispute_ids)',
  'create index records_audit_person on records_audit (tenant_id, person_id)',

  // The guard, with its one exception: while cpd_dispose_dispute marks a dispute (cpd.disposing),
  // an UPDATE of that dispute's rows may change the columns named in the trigger's arguments and
  // nothing else. DELETE and TRUNCATE stay refused. Setting cpd.disposing by hand gives nothing to
  // a role without UPDATE on these tables (the application role); the owner can disable triggers
  // anyway.
  `create function cpd_refuse_change_unless_disposing() returns trigger language plpgsql as $$
   declare
     disposing text := coalesce(current_setting('cpd.disposing', true), '');
     before_row jsonb;
     after_row jsonb;
     col text;
   begin
     if tg_op = 'UPDATE' and disposing <> '' then
       before_row := to_jsonb(old);
       after_row := to_jsonb(new);
       if before_row->>'dispute_id' = disposing or coalesce(before_row->'dispute_ids', '[]'::jsonb) ? disposing then
         foreach col in array tg_argv loop
           before_row := before_row - col;
           after_row := after_row - col;
         end loop;
         if before_row = after_row then
           return new;
         end if;
       end if;
     end if;
     raise exception '% is append-only: % refused', tg_table_name, tg_op
       using errcode = 'P0001', hint = 'the dispute''s audit trail is never changed; append an event instead';
   end
   $$`,
  'drop trigger dispute_events_no_update_delete on dispute_events',
  `create trigger dispute_events_no_update_delete before update or delete on dispute_events
     for each row execute function cpd_refuse_change_unless_disposing('data', 'actor_id')`,
  'drop trigger dispute_reads_no_update_delete on dispute_reads',
  `create trigger dispute_reads_no_update_delete before update or delete on dispute_reads
     for each row execute function cpd_refuse_change_unless_disposing('person_id')`,
  `create trigger records_audit_no_update_delete before update or delete on records_audit
     for each row execute function cpd_refuse_change_unless_disposing('subject', 'detail')`,
  `create trigger records_audit_no_truncate before truncate on records_audit
     for each statement execute function cpd_refuse_change()`,

  // An event's JSON with every value outside the skeleton erased (see SKELETON_KEYS).
  `create function cpd_redact_json(j jsonb) returns jsonb language plpgsql immutable as $$
   begin
     return case jsonb_typeof(j)
       when 'object' then coalesce(
         (select jsonb_object_agg(k, case when k in (${keep}) then v else cpd_redact_json(v) end)
            from jsonb_each(j) as e(k, v)),
         '{}'::jsonb)
       when 'array' then '[]'::jsonb
       when 'string' then to_jsonb('${REDACTED}'::text)
       else j
     end;
   end
   $$`,

  // Disposes of one closed dispute's personal data, in the caller's transaction. Answers what it
  // did: disposed, held (legal hold), open, already-disposed or not-found; only "disposed" changed
  // anything. p_at is the instant of the Redacted event; p_rule the rule that fell due; p_team the
  // social worker's team (a team, not a person), kept for the board report's by-team figure.
  `create function cpd_dispose_dispute(p_dispute_id text, p_at text, p_rule text, p_team text)
   returns text language plpgsql security definer as $$
   declare
     d record;
     at_instant timestamptz := p_at::timestamptz;
   begin
     if p_rule is null or length(p_rule) not between 1 and 200 then
       raise exception 'cpd_dispose_dispute: the rule must be 1 to 200 characters' using errcode = '22023';
     end if;
     if p_team is not null and length(p_team) > 200 then
       raise exception 'cpd_dispose_dispute: the team must be at most 200 characters' using errcode = '22023';
     end if;
     select id, tenant_id, status, version, reference into d from disputes where id = p_dispute_id for update;
     if not found then
       return 'not-found';
     end if;
     if d.status = 'open' then
       return 'open';
     end if;
     if exists (select 1 from dispute_events where dispute_id = p_dispute_id and type = 'Redacted') then
       return 'already-disposed';
     end if;
     if exists (select 1 from legal_holds where dispute_id = p_dispute_id) then
       return 'held';
     end if;

     perform set_config('cpd.disposing', p_dispute_id, true);
     update dispute_events set data = cpd_redact_json(data), actor_id = '${REDACTED}'
       where dispute_id = p_dispute_id;
     update dispute_reads set person_id = '${REDACTED}' where dispute_id = p_dispute_id;
     update records_audit
        set subject = case when subject_kind = 'child' then null else subject end,
            detail = cpd_redact_json(detail)
      where dispute_ids @> array[p_dispute_id];
     perform set_config('cpd.disposing', '', true);

     insert into dispute_events (dispute_id, seq, type, at, actor_id, data, tenant_id)
     values (p_dispute_id, d.version + 1, 'Redacted', at_instant, 'system',
       jsonb_build_object('type', 'Redacted', 'at', p_at, 'actorId', 'system', 'rule', p_rule, 'team', p_team),
       d.tenant_id);
     -- The case number gives way to a value unique to the dispute, so that no two disposed
     -- disputes look like the same child to the board report's repeat-concern figure.
     update disputes
        set version = d.version + 1, raiser_id = '${REDACTED}', social_worker_id = '${REDACTED}',
            case_number = '${REDACTED} ' || d.reference, respondent_ids = '{}', copied_ids = '{}',
            participant_ids = '{}', awaiting_chair_decision = false, due_on = null, due_at = null
      where id = p_dispute_id;
     update outbox
        set recipient_id = '${REDACTED}', idempotency_key = 'redacted:' || id,
            last_error = case when status = 'pending' then 'not sent: the record was disposed of' end,
            status = case when status = 'pending' then 'dead' else status end
      where dispute_id = p_dispute_id;
     delete from deadlines where dispute_id = p_dispute_id and fired_at is null;
     delete from bot_posted_cards where dispute_id = p_dispute_id;
     return 'disposed';
   end
   $$`,
  // A SECURITY DEFINER function resolves names on a fixed path (this schema, temporary objects
  // last), so a caller cannot put tables of their own in its way.
  `do $$ begin
     execute format('alter function cpd_dispose_dispute(text, text, text, text) set search_path = %I, pg_temp',
       current_schema());
   end $$`,
  // Nobody but the owner may call it until granted (GRANT EXECUTE to the application role).
  'revoke all on function cpd_dispose_dispute(text, text, text, text) from public',
];
