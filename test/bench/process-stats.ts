// CPU time of processes, from Linux's /proc: what a run cost the server, and PostgreSQL's
// backends, per request; and waiting for a process to go quiet before the next run starts, so
// that one run's leftovers (an outbox backlog being delivered) are not charged to the next.
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { sleep } from './bench-format.ts';

/** CPU time (user + system) of the processes `match` accepts, ms; null where /proc is missing. */
export function cpuMs(match: (pid: string, comm: string) => boolean): number | null {
  try {
    let total = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!match(pid, comm)) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ 100
    }
    return total;
  } catch {
    return null; // not Linux
  }
}

export const processCpu = (pid: number) => cpuMs((p) => p === String(pid));
export const postgresCpu = () => cpuMs((_, comm) => comm === 'postgres');

/** CPU per request between two readings, ms. */
export function perRequest(before: number | null, after: number | null, requests: number): number | null {
  return before === null || after === null || requests === 0 ? null : (after - before) / requests;
}

/**
 * Waits until the process used under 5% of one core for half a second (or `limitMs` passed).
 * Returns how long that took, ms.
 */
export async function waitIdle(pid: number, limitMs = 30_000): Promise<number> {
  const t0 = performance.now();
  let last = processCpu(pid);
  if (last === null) return 0;
  while (performance.now() - t0 < limitMs) {
    await sleep(500);
    const now = processCpu(pid);
    if (now === null || now - last! < 25) break;
    last = now;
  }
  return performance.now() - t0;
}
