// What the use cases need, wired once at start (src/main.ts) and in tests.
import type { AppMetrics } from './ports/app-metrics.ts';
import type { Clock } from './ports/clock.ts';
import type { Directory } from './ports/directory.ts';
import type { DisputeStore } from './ports/dispute-store.ts';
import type { SqlDatabase } from './ports/sql-database.ts';
import type { ProtocolRegistry } from './protocol-registry.ts';
import type { RecordsStore } from './ports/records-store.ts';
import type { RetentionSchedule } from '../core/records/retention.ts';

export interface AppServices {
  db: SqlDatabase;
  store: DisputeStore;
  directory: Directory;
  protocols: ProtocolRegistry;
  clock: Clock;
  tenantId: string;
  /** Records management (legal holds, disposal, subject access); see docs/records-management.md. */
  records?: RecordsStore;
  /** This council's retention schedule; unset or null: nothing is ever disposed of. */
  retention?: RetentionSchedule | null;
  /** Which channel a person's notifications go by; the delivery adapters may still fall back. */
  channelFor?: (recipientId: string) => 'teams' | 'email' | 'log';
  /** The Teams activity feed is on (Graph and TEAMS_APP_ID): its moments get a `feed` outbox row. */
  activityFeed?: boolean;
  /** Draws a new dispute's reference (default: random, CPD- and 6 letters or digits); tests pin it. */
  newReference?: () => string;
  /** Called after a person's change is committed, to deliver its notifications soon (best effort). */
  onDisputeChanged?: (disputeId: string) => void;
  /** Called after a committed write scheduled a deadline due at `dueAt`, so the sweeper wakes for it. */
  onDeadlineScheduled?: (dueAt: string) => void;
  /** Counters and timings for operators (OpenTelemetry); nothing is recorded when absent. */
  metrics?: AppMetrics;
}

/** The services with the store narrowed to the ports a use case reads or writes through. */
export type ServicesUsing<Store> = Omit<AppServices, 'store'> & { store: Store };
