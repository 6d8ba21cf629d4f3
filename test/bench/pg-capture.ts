// What the app sends to PostgreSQL while it handles a request in this process: every statement
// pg's Client is asked to run, with its parameters, recorded by wrapping Client.prototype.query
// for the duration of `work` (a measurement aid for the bench, never part of the app). Gives the
// round trips a request costs, and the dashboards' statements to EXPLAIN with their real values.
import pg from 'pg';

export interface CapturedQuery {
  text: string;
  values: unknown[];
}

export async function captureQueries(work: () => Promise<unknown>): Promise<CapturedQuery[]> {
  type Query = (this: pg.Client, ...args: unknown[]) => unknown;
  const proto = pg.Client.prototype as unknown as { query: Query };
  const original = proto.query;
  const seen: CapturedQuery[] = [];
  proto.query = function (this: pg.Client, ...args: unknown[]) {
    const [first, second] = args;
    const config =
      typeof first === 'object' && first !== null ? (first as { text?: string; values?: unknown[] }) : null;
    const text = typeof first === 'string' ? first : config?.text;
    if (text) seen.push({ text, values: (Array.isArray(second) ? second : config?.values) ?? [] });
    return original.apply(this, args);
  };
  try {
    await work();
  } finally {
    proto.query = original;
  }
  return seen;
}

/**
 * The statements of a request, by kind: writes (any INSERT, UPDATE or DELETE, also inside a WITH:
 * the app appends a dispute in one statement), reads, and the rest (transaction control, settings).
 */
export function roundTripsOf(queries: CapturedQuery[]): {
  total: number;
  reads: number;
  writes: number;
  other: number;
} {
  const writes = queries.filter((q) => /\b(insert|update|delete)\b/i.test(q.text)).length;
  const reads = queries.filter(
    (q) => !/\b(insert|update|delete)\b/i.test(q.text) && /^\s*(select|with)\b/i.test(q.text),
  ).length;
  return { total: queries.length, reads, writes, other: queries.length - reads - writes };
}
