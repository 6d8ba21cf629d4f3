// The state of the background work, as gauges (see README "Probes and metrics").
export interface OperationalGauges {
  /** Notifications waiting to be delivered (including those waiting for a retry). */
  outboxPending: number;
  /** Notifications given up on after the last attempt (the chair is told on the dispute). */
  outboxDead: number;
  /** Age of the oldest pending notification, in seconds (0 when none is pending). */
  outboxOldestAgeSeconds: number;
  /** Deadlines that have fallen due and are waiting for the sweep. */
  deadlinesDue: number;
  /** Due deadlines the sweep should already have fired (due for longer than two sweep intervals). */
  deadlinesStale: number;
  /** How long the oldest due, unfired deadline has been waiting, in seconds (0 when none). */
  sweepLagSeconds: number;
}
