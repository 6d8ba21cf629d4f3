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

async function withApp<T>(env: Record<string, string | undefined>, work: (app: RunningApp) => Promise<T>) {
  const config = loadConfig(env);
  const app = await startApp(config, pino({ level: 'silent' }), { listen: false, background: false, env });
  try {
    return await work(app);
  } finally {
    await app.stop();
  }
}

export async function retentionCommand(
  argv: string[],
  io: Io,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
  const view = await withApp(env, (app) =>
    app.services.db.transaction((tx) => retentionView(app.services, tx)),
  );
  if (values.json) {
    io.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`${view.schedule} Today: ${view.today}.\n`);
  if (view.disputes.length === 0) io.stdout.write('No closed dispute is waiting for disposal.\n');
  for (const d of view.disputes) {
    const when = d.dueOn
      ? `${d.dueNow ? 'DUE NOW' : 'due'} ${d.dueOn} (${d.rule})`
      : `kept: ${d.keptBecause ?? 'no date'}`;
    const hold = d.hold ? `  LEGAL HOLD since ${londonDateOf(d.hold.since)} by ${d.hold.setBy}` : '';
    io.stdout.write(
      `${d.reference.padEnd(12)} ${d.status.padEnd(9)} closed ${d.closedOn ?? '?'}  ${when}${hold}\n`,
    );
  }
  return 0;
}

export async function disposeCommand(
  argv: string[],
  io: Io,
  env: Record<string, string | undefined>,
): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
  const run = await withApp(env, (app) => runDisposal(app.services, CLI_ACTOR));
  if (values.json) {
    io.stdout.write(`${JSON.stringify(run, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`Disposed of ${run.disposed.length} dispute record(s) at ${run.at}.\n`);
  for (const d of run.disposed) io.stdout.write(`  ${d.reference}: ${d.rule}\n`);
  for (const r of run.held) io.stdout.write(`  ${r}: due, but under legal hold: kept\n`);
  return 0;
}
