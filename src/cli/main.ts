// `cp-disputes`: for councils' admins. Checks a protocol file, works out a due date, previews an
// escalation. Bad arguments give a one-line error and exit code 2.
import { parseArgs } from 'node:util';
import {
  createWorkingDayCalendar,
  isIsoDate,
  nations,
  type Nation,
} from '../core/calendar/working-day-calendar.ts';
import { DEFAULT_CLOSE_OF_BUSINESS } from '../core/protocol/protocol-schema.ts';
import { describeProblem, parseProtocol } from '../core/protocol/parse-protocol.ts';
import { previewEscalation } from '../core/preview/escalation-preview.ts';
import { builtinProtocols } from '../protocols/builtin-protocols.ts';
import { readFileSync } from 'node:fs';
import { DateTime } from 'luxon';
import { ConfigError } from '../config.ts';

export interface Output {
  write(text: string): unknown;
}
interface Io {
  stdout: Output;
  stderr: Output;
}

class UsageError extends Error {}

const usage = `Usage:
  cp-disputes protocols list [--json]
  cp-disputes protocols check FILE
  cp-disputes due --start YYYY-MM-DD --days N [--nation england-and-wales|scotland|northern-ireland] [--close-of-business HH:mm] [--json]
  cp-disputes preview --protocol ID --start YYYY-MM-DD [--json]
  cp-disputes database create-app-role     (MIGRATION_DATABASE_URL and DATABASE_URL from the environment)
  cp-disputes retention [--json]     what falls due for disposal, and when (the server's store and RETENTION_SCHEDULE)
  cp-disputes dispose [--json]       disposes of the records past retention, skipping legal holds`;

export async function main(
  argv: string[],
  io: Io,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  try {
    if (argv[0] === 'database') return await database(argv.slice(1), io);
    // Records commands open the store (and load the app: only for them); the others are pure.
    if (argv[0] === 'retention' || argv[0] === 'dispose') {
      const records = await import('./records-commands.ts');
      const command = argv[0] === 'retention' ? records.retentionCommand : records.disposeCommand;
      return await command(argv.slice(1), io, env);
    }
    return run(argv, io);
  } catch (e) {
    if (e instanceof ConfigError) {
      io.stderr.write(`cp-disputes: configuration refused: ${e.message}\n`);
      return 2;
    }
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`cp-disputes: ${(e as Error).message.split('\n')[0]}\n`);
      return 2;
    }
    if ((e as Error).name === 'DatabaseRoleError') {
      io.stderr.write(`cp-disputes: ${(e as Error).message}\n`);
      return 1;
    }
    throw e;
  }
}

function run(argv: string[], io: Io): number {
  const [command, ...rest] = argv;
  switch (command) {
    case 'protocols':
      return protocols(rest, io);
    case 'due':
      return due(rest, io);
    case 'preview':
      return preview(rest, io);
    case 'help':
    case '--help':
    case '-h':
      io.stdout.write(`${usage}\n`);
      return 0;
    case undefined:
      throw new UsageError('no command given; try `cp-disputes help`');
    default:
      throw new UsageError(`unknown command "${command}"; try \`cp-disputes help\``);
  }
}

/** Database administration, with the connection strings the app is given (never on the command line). */
async function database(argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub !== 'create-app-role') throw new UsageError('usage: cp-disputes database create-app-role');
  parseArgs({ args: rest, options: {}, strict: true });
  const ownerUrl = process.env.MIGRATION_DATABASE_URL;
  const appUrl = process.env.DATABASE_URL;
  if (!ownerUrl || !appUrl)
    throw new UsageError('set MIGRATION_DATABASE_URL (the owner) and DATABASE_URL (the app role)');
  // Loaded only here: the other commands need no database driver.
  const { createAppRole } = await import('../adapters/sql/create-app-role.ts');
  const { role, action } = await createAppRole({ ownerUrl, appUrl });
  io.stdout.write(
    `${action === 'created' ? 'Created' : 'Updated'} the login role ${role}. The app grants it its table rights when it starts.\n`,
  );
  return 0;
}

function protocols(argv: string[], io: Io): number {
  const [sub, ...rest] = argv;
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
    const list = builtinProtocols().map((p) => ({
      id: p.id,
      name: p.name,
      council: p.council,
      flow: p.flow,
      stages: p.stages.length,
      nation: p.nation,
      sources: p.sources.map((s) => s.file),
    }));
    if (values.json) io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    else
      for (const p of list)
        io.stdout.write(`${p.id.padEnd(30)} ${p.stages} stages  ${p.name} (${p.council})\n`);
    return 0;
  }
  if (sub === 'check') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, strict: true });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('protocols check takes one FILE');
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      io.stderr.write(`${file}: cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})\n`);
      return 1;
    }
    const parsed = parseProtocol(text, file);
    if (!parsed.ok) {
      for (const p of parsed.problems) io.stderr.write(`${describeProblem(p)}\n`);
      return 1;
    }
    const p = parsed.protocol;
    io.stdout.write(`${file}: OK: "${p.name}" (${p.id}), ${p.stages.length} stages\n`);
    return 0;
  }
  throw new UsageError(sub ? `unknown protocols command "${sub}"` : 'protocols needs list or check');
}

function requireDate(value: string | undefined, flag: string): string {
  if (!value) throw new UsageError(`${flag} YYYY-MM-DD is required`);
  if (!isIsoDate(value))
    throw new UsageError(`${flag} must be a real date written YYYY-MM-DD, not "${value}"`);
  return value;
}

function due(argv: string[], io: Io): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      start: { type: 'string' },
      days: { type: 'string' },
      nation: { type: 'string', default: 'england-and-wales' },
      'close-of-business': { type: 'string', default: DEFAULT_CLOSE_OF_BUSINESS },
      json: { type: 'boolean' },
    },
    strict: true,
  });
  const start = requireDate(values.start, '--start');
  if (values.days === undefined) throw new UsageError('--days N is required');
  if (!/^\d+$/.test(values.days) || Number(values.days) > 366)
    throw new UsageError(`--days must be a whole number of working days from 0 to 366, not "${values.days}"`);
  const days = Number(values.days);
  const nation = values.nation as Nation;
  if (!nations.includes(nation))
    throw new UsageError(`--nation must be one of ${nations.join(', ')}, not "${values.nation}"`);
  const closeOfBusiness = values['close-of-business'];
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(closeOfBusiness))
    throw new UsageError(`--close-of-business must be a time written HH:mm, not "${closeOfBusiness}"`);
  const calendar = createWorkingDayCalendar({ nation });
  const dueOn = calendar.addWorkingDays(start, days);
  const skipped = skippedDays(calendar, start, dueOn);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({ due: dueOn, dueAt: calendar.at(dueOn, closeOfBusiness), start, workingDays: days, nation, skipped })}\n`,
    );
  } else {
    io.stdout.write(`${dueOn}\n`);
    for (const s of skipped.filter((d) => d.reason !== 'weekend'))
      io.stderr.write(`  skipped ${s.date}: ${s.name ?? s.reason}\n`);
  }
  return 0;
}

function skippedDays(calendar: ReturnType<typeof createWorkingDayCalendar>, start: string, end: string) {
  const out: { date: string; reason: string; name?: string }[] = [];
  for (let d = nextCalendarDay(start); d <= end; d = nextCalendarDay(d)) {
    const why = calendar.whyNotWorking(d);
    if (why)
      out.push(why.name ? { date: d, reason: why.reason, name: why.name } : { date: d, reason: why.reason });
  }
  return out;
}

function nextCalendarDay(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
}

function preview(argv: string[], io: Io): number {
  const { values } = parseArgs({
    args: argv,
    options: { protocol: { type: 'string' }, start: { type: 'string' }, json: { type: 'boolean' } },
    strict: true,
  });
  if (!values.protocol) throw new UsageError('--protocol ID is required');
  const start = requireDate(values.start, '--start');
  const protocol = builtinProtocols().find((p) => p.id === values.protocol);
  if (!protocol)
    throw new UsageError(
      `unknown protocol "${values.protocol}"; known: ${builtinProtocols()
        .map((p) => p.id)
        .join(', ')}`,
    );
  const calendar = createWorkingDayCalendar({
    nation: protocol.nation,
    closureDays: protocol.workingDays.closureDays,
  });
  const result = previewEscalation(protocol, calendar, start);
  if (values.json) {
    io.stdout.write(
      `${JSON.stringify({
        protocol: protocol.id,
        start,
        stages: result.stages.map((s) => ({
          id: s.id,
          name: s.name,
          opens: s.opens,
          opensAt: s.opensAt,
          due: s.due,
          dueAt: s.dueAt,
          workingDays: s.workingDays,
          timeFromSource: s.timeFromSource,
          chairDecisionUntil: s.chairDecision?.until ?? null,
        })),
        closeOfBusiness: result.closeOfBusiness.time,
        cap: result.cap?.on ?? null,
        warnings: result.warnings,
      })}\n`,
    );
    return 0;
  }
  io.stdout.write(
    `${protocol.name}, if nobody acts, starting ${start} (due at close of business, ${result.closeOfBusiness.time} London):\n`,
  );
  for (const s of result.stages)
    io.stdout.write(
      `  ${s.name.padEnd(48)} opens ${s.opens}  due ${s.due}  (${s.workingDays} wd${s.timeFromSource ? '' : ', not in the source document'})` +
        `${s.chairDecision ? `  chair decides by ${s.chairDecision.until}` : ''}\n`,
    );
  if (result.cap)
    io.stdout.write(`  Overall limit (${result.cap.workingDays} wd) reached ${result.cap.on}\n`);
  for (const w of result.warnings) io.stdout.write(`  ! ${w}\n`);
  return 0;
}
