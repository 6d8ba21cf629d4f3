// The metric names are a contract: the alert rules in infra/ and the runbook name them. Rename
// one and those must change with it.
export const metricNames = {
  outboxPending: 'cp_disputes.outbox.pending',
  outboxDead: 'cp_disputes.outbox.dead',
  outboxOldestAgeSeconds: 'cp_disputes.outbox.oldest_age_seconds',
  deadlinesDue: 'cp_disputes.deadlines.due',
  deadlinesFired: 'cp_disputes.deadlines.fired',
  deadlinesStale: 'cp_disputes.deadlines.stale',
  sweepLagSeconds: 'cp_disputes.sweep.lag_seconds',
  deliveriesFailed: 'cp_disputes.deliveries.failed',
  cardActionDuration: 'cp_disputes.card_action.duration',
} as const;
