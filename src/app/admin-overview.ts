// What an administrator needs to keep the service running: the protocols in force, the roles open
// disputes will need soon that the directory cannot fill, and the messages that could not be
// delivered. References and staff only: nothing about a child.
import type { z } from 'zod';
import type { AdminOverviewSchema } from '../contract/admin.ts';
import { rolesInvolved, nextStage, stageById, stageWorkingDays } from '../core/protocol/stage-queries.ts';
import type { ServicesUsing } from './app-services.ts';
import type { SqlExecutor } from './ports/sql-database.ts';
import type { DisputeProjection, StoredEvent } from './ports/dispute-event-store.ts';
import type { DisputeQueries } from './ports/dispute-queries.ts';
import type { Outbox } from './ports/outbox.ts';
import type { DisputeEvent } from '../core/dispute/dispute-events.ts';
import { foldEvents } from '../core/dispute/dispute-state.ts';
import { resolveRoster } from './resolve-roster.ts';

/** AdminOverview: declared once, as the API contract's schema (admin.ts). */
export type AdminOverview = z.infer<typeof AdminOverviewSchema>;

const FAILED_DELIVERIES_SHOWN = 200;

export async function loadAdminOverview(
  services: ServicesUsing<DisputeQueries & Pick<Outbox, 'deadOutbox'>>,
  tx: SqlExecutor,
): Promise<AdminOverview> {
  const { store, directory, protocols, tenantId } = services;

  const protocolSummaries: AdminOverview['protocols'] = protocols.all().map(({ protocol: p }) => ({
    id: p.id,
    name: p.name,
    council: p.council,
    flow: p.flow,
    cap: p.cap ? { workingDays: p.cap.workingDays, countsFromStageId: p.cap.countsFromStageId } : null,
    stages: p.stages.map((s) => ({
      id: s.id,
      name: s.name,
      formal: s.formal,
      days: stageWorkingDays(s),
      daysSetByChair: s.responseTime.kind === 'set-by-chair',
      daysFromSource: s.responseTime.source.fromSource,
      onDeadline: s.onDeadline.action,
      meeting: s.meeting.need,
    })),
  }));

  // Issue 17: the overview read every open dispute and all their events. It now resolves one roster
  // per staff combination of the open disputes (a grouped read of the projection) and reads only the
  // disputes it names: those whose combination leaves a role of their stage unfilled, and those with
  // a refused automatic step.
  const unresolvedRoles: AdminOverview['unresolvedRoles'] = [];
  const listOrder = new Map<string, string>();
  for (const group of await store.openRosterGroups(tx, tenantId)) {
    const entry = protocols.get(group.protocolId);
    if (!entry) continue;
    const { unfilled } = await resolveRoster(entry.protocol, directory, {
      raiserId: group.raiserId,
      socialWorkerId: group.socialWorkerId,
    });
    if (unfilled.length === 0) continue;
    const rolesAt = new Map<string, Map<string, string[]>>();
    for (const stageId of group.stageIds) {
      const current = stageById(entry.protocol, stageId);
      if (!current) continue;
      const next = nextStage(entry.protocol, current.id);
      const stagesOf = new Map<string, string[]>();
      for (const stage of [current, ...(next ? [next] : [])])
        for (const role of rolesInvolved(entry.protocol, stage))
          stagesOf.set(role, [...(stagesOf.get(role) ?? []), stage.id]);
      if (unfilled.some((u) => stagesOf.has(u.role))) rolesAt.set(stageId, stagesOf);
    }
    if (rolesAt.size === 0) continue;
    const named = await store.openInRosterGroup(tx, { tenantId, ...group, stageIds: [...rolesAt.keys()] });
    for (const d of named) {
      const stagesOf = rolesAt.get(d.stageId ?? '');
      if (!stagesOf) continue;
      listOrder.set(d.id, `${d.dueAt ?? '9999'}\u0000${d.raisedAt}\u0000${d.id}`);
      for (const u of unfilled) {
        const stageIds = stagesOf.get(u.role);
        if (stageIds)
          unresolvedRoles.push({
            disputeId: d.id,
            reference: d.reference,
            protocolId: d.protocolId,
            stageIds,
            role: u.role,
            label: u.label,
            why: u.why,
          });
      }
    }
  }
  // In the lists' order (soonest due first), as before: groups came back one after another.
  const orderOf = (id: string) => listOrder.get(id) ?? '';
  unresolvedRoles.sort((a, b) =>
    orderOf(a.disputeId) < orderOf(b.disputeId) ? -1 : orderOf(a.disputeId) > orderOf(b.disputeId) ? 1 : 0,
  );

  const withRefusals = await store.openWithRefusedSteps(tx, tenantId);
  const refusedSteps = await refusedStepsOf(
    withRefusals,
    await store.eventsOf(
      tx,
      withRefusals.map((d) => d.id),
    ),
  );

  const failedDeliveries: AdminOverview['failedDeliveries'] = [];
  const references = new Map<string, string | null>();
  for (const row of await store.deadOutbox(tx, tenantId, FAILED_DELIVERIES_SHOWN)) {
    if (!references.has(row.disputeId))
      references.set(row.disputeId, (await store.getProjection(tx, row.disputeId))?.reference ?? null);
    const recipient = await directory.byId(row.recipientId);
    failedDeliveries.push({
      disputeId: row.disputeId,
      reference: references.get(row.disputeId) ?? '',
      recipientId: row.recipientId,
      recipientName: recipient?.name ?? null,
      reason: row.reason,
      stageId: row.stageId,
      channel: row.channel,
      attempts: row.attempts,
      lastError: row.lastError,
      createdAt: row.createdAt,
    });
  }

  return { protocols: protocolSummaries, unresolvedRoles, refusedSteps, failedDeliveries };
}

/** The refused automatic steps among open disputes, from their events (one read for all of them). */
async function refusedStepsOf(
  open: readonly DisputeProjection[],
  events: readonly StoredEvent[],
): Promise<AdminOverview['refusedSteps']> {
  const byDispute = new Map<string, DisputeEvent[]>();
  for (const e of events) byDispute.set(e.disputeId, [...(byDispute.get(e.disputeId) ?? []), e.event]);
  const out: AdminOverview['refusedSteps'] = [];
  for (const d of open) {
    const refused = foldEvents(byDispute.get(d.id) ?? []).stage?.stepRefused;
    if (refused)
      out.push({
        disputeId: d.id,
        reference: d.reference,
        protocolId: d.protocolId,
        stageId: d.stageId ?? '',
        toStageId: refused.toStageId,
        why: refused.why,
        since: refused.since,
        lastReportedOn: refused.lastOn,
      });
  }
  return out;
}

/** The disputes an overview mentions, for the read audit. */
export function disputesIn(overview: AdminOverview): string[] {
  return [
    ...new Set([
      ...overview.unresolvedRoles.map((r) => r.disputeId),
      ...overview.refusedSteps.map((r) => r.disputeId),
      ...overview.failedDeliveries.map((f) => f.disputeId),
    ]),
  ];
}
