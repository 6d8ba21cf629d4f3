// Whether this instance should be sent traffic (/readyz). Ready means: the database answers and
// accepts a write (so a read-only or full database makes the instance unready while the process
// stays up, and it is ready again once writes succeed), the schema is migrated, and the instance is
// not draining for a shutdown. Liveness (/livez) is separate and does no I/O: an instance whose
// database is unwritable is not stuck, and restarting it would not help.
/** What a write probe answers: the SQL adapter's probeWrite runs one. */
export type WriteProbeResult = { ok: true } | { ok: false; reason: string };

/** A probe slower than this counts as a failure: a load balancer's probe must not hang. */
export const READINESS_TIMEOUT_MS = 2_000;

export interface ReadinessReport {
  ready: boolean;
  checks: { database: 'ok' | 'failed'; draining: boolean };
  /** Why not ready (no personal data: SQLSTATEs and states only). */
  reason?: string;
}

export interface Readiness {
  check(): Promise<ReadinessReport>;
  /** From now on the instance reports itself unready (a shutdown has begun). */
  drain(): void;
  readonly draining: boolean;
}

export function createReadiness(probe: () => Promise<WriteProbeResult>): Readiness {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
    },
    async check() {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<WriteProbeResult>((resolve) => {
        timer = setTimeout(
          () =>
            resolve({ ok: false, reason: `the database did not answer within ${READINESS_TIMEOUT_MS} ms` }),
          READINESS_TIMEOUT_MS,
        );
      });
      const result = await Promise.race([probe(), timeout]).finally(() => clearTimeout(timer));
      const reasons = [...(result.ok ? [] : [result.reason]), ...(draining ? ['draining for shutdown'] : [])];
      return {
        ready: reasons.length === 0,
        checks: { database: result.ok ? 'ok' : 'failed', draining },
        ...(reasons.length ? { reason: reasons.join('; ') } : {}),
      };
    },
  };
}
