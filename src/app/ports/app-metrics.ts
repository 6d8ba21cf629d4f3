// What the use cases count and time, for the operators' dashboards and alerts. The OpenTelemetry
// implementation is in src/telemetry/otel-metrics.ts; without it nothing is recorded.
export interface AppMetrics {
  /** A due deadline was fired by the sweep: `applied` (it moved the dispute on) or `stale`. */
  deadlineFired(outcome: 'applied' | 'stale'): void;
  /** A delivery attempt failed (it will be retried, or the row is now dead). */
  deliveryFailed(channel: string): void;
  /** How long a card action (Universal Action from Teams or Outlook) took to answer. */
  cardActionDuration(ms: number, status: number): void;
}

export const noMetrics: AppMetrics = {
  deadlineFired: () => {},
  deliveryFailed: () => {},
  cardActionDuration: () => {},
};
