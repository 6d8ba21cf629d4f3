// The app's metrics on an OpenTelemetry Meter: counters and a histogram recorded where things
// happen, and gauges read from the database when the exporter collects (every instance reports
// the same shared numbers; an alert takes the max across instances).
import type { Meter } from '@opentelemetry/api';
import type { AppMetrics } from '../app/ports/app-metrics.ts';
import type { OperationalGauges } from '../app/ports/operational-gauges.ts';
import { metricNames } from './metric-names.ts';

export interface OtelMetrics {
  metrics: AppMetrics;
  /** Stops reading the gauges (before the database closes). */
  stop(): void;
}

export function createOtelMetrics(
  meter: Meter,
  readGauges: () => Promise<OperationalGauges>,
  onGaugeError: (e: Error) => void,
): OtelMetrics {
  const fired = meter.createCounter(metricNames.deadlinesFired, {
    description: 'Deadlines fired by the sweep (outcome: applied or stale)',
  });
  const failed = meter.createCounter(metricNames.deliveriesFailed, {
    description: 'Failed delivery attempts, by channel',
  });
  const cardAction = meter.createHistogram(metricNames.cardActionDuration, {
    description: 'Time to answer a card action (Universal Action)',
    unit: 'ms',
  });
  const gauge = (name: string, description: string, unit?: string) =>
    meter.createObservableGauge(name, { description, ...(unit ? { unit } : {}) });
  const g = {
    outboxPending: gauge(metricNames.outboxPending, 'Notifications waiting to be delivered'),
    outboxDead: gauge(metricNames.outboxDead, 'Notifications given up on after the last attempt'),
    outboxOldestAgeSeconds: gauge(
      metricNames.outboxOldestAgeSeconds,
      'Age of the oldest pending notification',
      's',
    ),
    deadlinesDue: gauge(metricNames.deadlinesDue, 'Deadlines due and waiting for the sweep'),
    deadlinesStale: gauge(
      metricNames.deadlinesStale,
      'Due deadlines unfired for longer than two sweep intervals',
    ),
    sweepLagSeconds: gauge(metricNames.sweepLagSeconds, 'How long the oldest due deadline has waited', 's'),
  };
  const observables = Object.values(g);
  const observe = async (result: {
    observe(o: (typeof observables)[number], value: number): void;
  }): Promise<void> => {
    let values: OperationalGauges;
    try {
      values = await readGauges();
    } catch (e) {
      // An unreachable database leaves the gauges unreported for this interval (readiness says why).
      onGaugeError(e as Error);
      return;
    }
    for (const key of Object.keys(g) as (keyof typeof g)[]) result.observe(g[key], values[key]);
  };
  meter.addBatchObservableCallback(observe, observables);
  return {
    metrics: {
      deadlineFired: (outcome) => fired.add(1, { outcome }),
      deliveryFailed: (channel) => failed.add(1, { channel }),
      cardActionDuration: (ms, status) => cardAction.record(ms, { status }),
    },
    stop: () => meter.removeBatchObservableCallback(observe, observables),
  };
}
