// `cp-disputes retention` and `cp-disputes dispose`: what falls due for disposal and when, and the
// disposal run, against the store the server is configured with (the same environment variables:
// DATABASE_URL or DATA_DIR, DIRECTORY_FILE, RETENTION_SCHEDULE). On PGlite only one process can
// open the data directory: stop the server first, or use the admin page (the same calls).
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { retentionView, runDisposal } from '../app/records-management.ts';
import { loadConfig } from '../config.ts';
import { londonDateOf } from '../core/calendar/working-day-calendar.ts';
import { startApp, type RunningApp } from '../start-app.ts';

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Who the records audit credits a command-line disposal to. */
export const CLI_ACTOR = 'cli';

type Command = (argv: string[], io: Io, env: Record<string, string | undefined>) => Promise<number>;

/**
 * A command that runs `work` against a started app and prints its result: as JSON with --json,
 * otherwise as the lines `describe` writes.
 */
function appCommand<T>(
  work: (app: RunningApp) => Promise<T>,
  describe: (result: T, write: (text: string) => void) => void,
): Command {
  return async (argv, io, env) => {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
    const app = await startApp(loadConfig(env), pino({ level: 'silent' }), {
      listen: false,
      background: false,
      env,
    });
    let result: T;
    try {
      result = await work(app);
    } finally {
      await app.stop();
    }
    if (values.json) io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else describe(result, (text) => io.stdout.write(text));
    return 0;
  };
}

export const retentionCommand = appCommand(
  (app) => app.services.db.transaction((tx) => retentionView(app.services, tx)),
  (view, write) => {
    write(`${view.schedule} Today: ${view.today}.\n`);
    if (view.disputes.length === 0) write('No closed dispute is waiting for disposal.\n');
    for (const d of view.disputes) {
      const when = d.dueOn
        ? `${d.dueNow ? 'DUE NOW' : 'due'} ${d.dueOn} (${d.rule})`
        : `kept: ${d.keptBecause ?? 'no date'}`;
      const hold = d.hold ? `  LEGAL HOLD since ${londonDateOf(d.hold.since)} by ${d.hold.setBy}` : '';
      write(`${d.reference.padEnd(12)} ${d.status.padEnd(9)} closed ${d.closedOn ?? '?'}  ${when}${hold}\n`);
    }
  },
);

export const disposeCommand = appCommand(
  (app) => runDisposal(app.services, CLI_ACTOR),
  (run, write) => {
    write(`Disposed of ${run.disposed.length} dispute record(s) at ${run.at}.\n`);
    for (const d of run.disposed) write(`  ${d.reference}: ${d.rule}\n`);
    for (const r of run.held) write(`  ${r}: due, but under legal hold: kept\n`);
  },
);
