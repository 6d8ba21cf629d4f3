// A closed loop of any request: `clients` clients, each starting its next item as soon as its last
// one is answered, until `items` have been sent. The latencies, the wall time and the failures.
import { performance } from 'node:perf_hooks';

export interface LoopResult {
  label: string;
  clients: number;
  /** Sorted latencies, ms. */
  latencies: number[];
  wallMs: number;
  errors: number;
}

export const throughputOf = (r: LoopResult) => r.latencies.length / (r.wallMs / 1000);

/** `send(i)` answers whether item i succeeded; the first three failures are printed. */
export async function closedLoop(
  label: string,
  items: number,
  clients: number,
  send: (i: number) => Promise<true | string>,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let next = 0;
  const client = async () => {
    for (let i = next++; i < items; i = next++) {
      const t = performance.now();
      const outcome = await send(i).catch((e: unknown) => String(e));
      latencies.push(performance.now() - t);
      if (outcome !== true && ++errors <= 3) console.error(`${label} #${i}: ${outcome}`);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(clients, items) }, client));
  const wallMs = performance.now() - t0;
  latencies.sort((x, y) => x - y);
  return { label, clients, latencies, wallMs, errors };
}
