// The work a running app does on its own: the deadline sweep, outbox delivery (on a timer, and
// within moments of a person's change), planner statistics where nothing else keeps them, and
// disposal where a council has a retention schedule.
import type { Tracer } from '@opentelemetry/api';
import type { Logger } from 'pino';
import { analyzeStaleTables } from '../adapters/sql/planner-statistics.ts';
import type { AppServices } from '../app/app-services.ts';
import { forEachCouncil as eachCouncil } from '../app/council-work.ts';
import type { Council, Councils } from '../app/councils.ts';
import { sweepDeadlines } from '../app/deadline-sweeper.ts';
import {
  createDeadlineAlarm,
  oneAtATime,
  soonestDeadlineOf,
  type WakingTestClock,
} from '../app/deadline-alarm.ts';
import type { Clock } from '../app/ports/clock.ts';
import { deliverAllDue } from '../app/outbox-worker.ts';
import type { Delivery } from '../app/ports/delivery.ts';
import type { SqlDatabase } from '../app/ports/sql-database.ts';
import { runDisposal } from '../app/records-management.ts';
import type { AppConfig } from '../config.ts';

/**
 * How often the app checks its tables' planner statistics where nothing else keeps them (PGlite,
 * PostgreSQL without autovacuum): the check is one catalogue query; an ANALYZE follows only for a
 * table that changed past autovacuum's threshold.
 */
export const STATISTICS_CHECK_SECONDS = 5;

export interface BackgroundWork {
  /** Starts nothing new from now on: the timers stop, a pending kick is dropped. */
  halt(): void;
  /** Waits for work under way (a delivery, a sweep) to finish. */
  settled(): Promise<void>;
}

export interface BackgroundOptions {
  config: AppConfig;
  councils: Councils;
  /** The routing services, whose onDisputeChanged a person's change calls. */
  services: AppServices;
  /** The delivery in use at the time (the bot registers its own once it is ready). */
  delivery: () => Delivery;
  logger: Logger;
  tracer: Tracer;
  /** The app keeps the planner statistics, through this database view. */
  statistics: SqlDatabase | null;
  /** Off: nothing runs on its own (tests that drive the sweeper and the worker themselves). */
  enabled: boolean;
  clock: Clock;
  /** The dev test clock, if on: setting it re-arms the deadline alarm. */
  testClock: WakingTestClock | undefined;
}

export function startBackgroundWork(options: BackgroundOptions): BackgroundWork {
  const { config, councils, services, delivery, logger, tracer, statistics } = options;
  const timers: NodeJS.Timeout[] = [];
  let kick: NodeJS.Timeout | undefined;
  // Set once the deadline alarm is armed (only when background work is enabled).
  let stopAlarm = () => {};
  // Background work under way: stop() lets it finish before closing the database, so a delivery
  // or a sweep is never cut off half-way with "Cannot use a pool after calling end".
  const inFlight = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
  };
  let stopping = false;
  const halt = () => {
    stopping = true;
    for (const t of timers) clearInterval(t);
    if (kick) clearTimeout(kick);
    stopAlarm();
  };
  const settled = async () => void (await Promise.allSettled([...inFlight]));
  if (!options.enabled) return { halt, settled };

  // Each council's sweep and delivery run on their own, in that council's hands (what they reach
  // through the bot is that council's): one council's failure is logged and stops no other.
  const forEachCouncil = (name: string, work: (c: Council) => Promise<unknown>) =>
    eachCouncil(councils, work, (c, e) =>
      logger.error({ council: c.id, err: { type: e.name, stack: e.stack } }, `${name} failed`),
    );
  const deliverEverywhere = () =>
    forEachCouncil('outbox delivery', (c) => deliverAllDue(c.services, delivery(), { stop: () => stopping }));

  // A person's change is delivered within moments rather than at the next tick of the worker;
  // one delivery run at a time, and one more if changes arrived while it ran.
  let delivering = false;
  let again = false;
  services.onDisputeChanged = () => {
    if (delivering) {
      again = true;
      return;
    }
    if (stopping) return;
    kick ??= setTimeout(() => {
      kick = undefined;
      delivering = true;
      track(
        (async () => {
          try {
            do {
              again = false;
              await deliverEverywhere();
            } while (again && !stopping);
          } catch (e) {
            logger.error(
              { err: { type: (e as Error).name, stack: (e as Error).stack } },
              'outbox delivery failed',
            );
          } finally {
            delivering = false;
          }
        })(),
      );
    }, 50);
  };
  const every = (seconds: number, name: string, work: () => Promise<unknown>) => {
    let running = false;
    const t = setInterval(() => {
      if (running || stopping) return;
      running = true;
      track(
        tracer
          .startActiveSpan(name, (span) => work().finally(() => span.end()))
          .catch((e: Error) => logger.error({ err: { type: e.name, stack: e.stack } }, `${name} failed`))
          .finally(() => (running = false)),
      );
    }, seconds * 1000);
    t.unref();
    timers.push(t);
  };
  // One sweep at a time, woken by the alarm for the next due deadline or by the periodic tick (the
  // safety net: deadlines another instance scheduled); one more if woken meanwhile.
  const sweepOnce = oneAtATime(
    () =>
      tracer.startActiveSpan('deadline sweep', (span) =>
        forEachCouncil('deadline sweep', (c) => sweepDeadlines(c.services)).finally(() => span.end()),
      ),
    () => stopping,
  );
  const sweepNow = () => {
    const run = sweepOnce();
    track(run);
    return run;
  };
  const deadlineAlarm = createDeadlineAlarm({
    clock: options.clock,
    nextDueAt: () => soonestDeadlineOf(councils.all.map((c) => c.services)),
    sweep: () => (stopping ? Promise.resolve() : sweepNow()),
    maxSleepMs: config.sweepIntervalSeconds * 1000,
    onError: (e) => logger.error({ err: { type: e.name, stack: e.stack } }, 'deadline alarm failed'),
  });
  stopAlarm = () => deadlineAlarm.stop();
  services.onDeadlineScheduled = (dueAt) => deadlineAlarm.scheduled(dueAt);
  if (options.testClock) options.testClock.onSet = () => void deadlineAlarm.clockMoved();
  track(deadlineAlarm.rearm());
  every(config.sweepIntervalSeconds, 'deadline sweep (periodic)', () =>
    sweepNow().then(() => deadlineAlarm.rearm()),
  );
  every(config.outboxIntervalSeconds, 'outbox delivery', deliverEverywhere);
  if (statistics) every(STATISTICS_CHECK_SECONDS, 'planner statistics', () => analyzeStaleTables(statistics));
  // Disposal only where a council has a schedule: no schedule, no job.
  if (councils.all.some((c) => c.services.retention))
    every(config.disposalIntervalHours * 3600, 'disposal', () =>
      forEachCouncil('disposal', async (c) => {
        if (!c.services.retention) return;
        const run = await runDisposal(c.services, 'system');
        if (run.disposed.length || run.held.length)
          logger.info(
            { council: c.id, disposed: run.disposed.length, held: run.held.length },
            'disposal run',
          );
      }),
    );
  return { halt, settled };
}
