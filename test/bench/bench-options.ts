// The bench's flags (`npm run bench -- --quick --only=write,card`), read once. Every heavy part has
// a size here and can be left out; the quick sizes are for developing the bench on a busy machine,
// the full ones are what the README quotes.
import { parseArgs } from 'node:util';

export const SECTIONS = ['write', 'card', 'deadlines', 'sweep', 'tab', 'scale'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  quick: boolean;
  /** Run the app server of the write and card sections under node's --cpu-prof and print where its time goes. */
  profile: boolean;
  sections: Set<Section>;
  clients: number;
  /** Closed-loop raise + respond pairs per run, for each of the reference and the app. */
  pairs: number;
  /** Interleaved rounds: reference, app, reference, app ... */
  rounds: number;
  warmupPairs: number;
  alonePairs: number;
  pacedRates: Record<'PostgreSQL' | 'PGlite', number[]>;
  pacedSeconds: number;
  /** Card presses per run, for each of the reference bot and the app. */
  cardPresses: number;
  openDisputes: number;
  dueDisputes: number;
  pgliteSweep: boolean;
  /** How long to wait for a deadline a few seconds ahead to be acted on, s. */
  latenessWaitSeconds: number;
  scaleSizes: number[];
  /** Requests per figure at each size. */
  scaleSamples: number;
  browserLoads: number;
  timeLimitMinutes: number;
}

export function readOptions(argv: string[] = process.argv.slice(2)): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      skip: { type: 'string' },
      'scale-1m': { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      'no-pglite-sweep': { type: 'boolean', default: false },
      rounds: { type: 'string' },
      'lateness-wait': { type: 'string' },
      'time-limit': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(
      'npm run bench -- [--quick] [--only=a,b] [--skip=a,b] [--scale-1m] [--profile] [--no-pglite-sweep] [--rounds=N] ' +
        `[--lateness-wait=S] [--time-limit=MIN]\nsections: ${SECTIONS.join(', ')}`,
    );
    process.exit(0);
  }
  const list = (s: string | undefined) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean)
      .map((x) => {
        if (!(SECTIONS as readonly string[]).includes(x))
          throw new Error(`unknown section "${x}" (sections: ${SECTIONS.join(', ')})`);
        return x as Section;
      });
  const only = list(values.only);
  const skip = new Set(list(values.skip));
  const sections = new Set((only.length ? only : SECTIONS).filter((s) => !skip.has(s)));
  const quick = values.quick;
  const num = (s: string | undefined, fallback: number) => (s === undefined ? fallback : Number(s));
  return {
    quick,
    profile: values.profile,
    sections,
    clients: Number(process.env.BENCH_CLIENTS ?? 50),
    pairs: Number(process.env.BENCH_PAIRS ?? (quick ? 150 : 1500)),
    rounds: num(values.rounds, quick ? 1 : 2),
    warmupPairs: quick ? 50 : 200,
    alonePairs: quick ? 20 : 100,
    pacedRates: quick
      ? { PostgreSQL: [100, 300], PGlite: [50, 100] }
      : { PostgreSQL: [100, 200, 300, 400, 500, 600, 800], PGlite: [50, 100, 150, 200, 250] },
    pacedSeconds: quick ? 2 : 5,
    cardPresses: quick ? 150 : 1500,
    openDisputes: quick ? 1_000 : 100_000,
    dueDisputes: quick ? 100 : 1_000,
    pgliteSweep: !values['no-pglite-sweep'] && process.env.BENCH_PGLITE_SWEEP !== 'off',
    latenessWaitSeconds: num(values['lateness-wait'], 75),
    scaleSizes: quick ? [1_000] : values['scale-1m'] ? [1_000, 100_000, 1_000_000] : [1_000, 100_000],
    scaleSamples: quick ? 10 : 50,
    browserLoads: quick ? 2 : 5,
    timeLimitMinutes: num(values['time-limit'], quick ? 12 : values['scale-1m'] ? 45 : 15),
  };
}
