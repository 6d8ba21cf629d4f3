// `npm run playground`: the app (as `npm start` runs it) and the Microsoft 365 Agents Playground, a
// local stand-in for Teams, talking to each other on this machine. No Microsoft account, tenant or
// tunnel is needed: the playground plays the Bot Connector, and the bot runs without Bot Framework
// sign-in (development only, loopback callers only).
//
//   npm run playground                   you are the chair (chair-amara)
//   npm run playground -- --as sw-ben    you are someone else from the demo directory
//   npm run playground -- --port 56151   the playground on another port (default 56150)
//
// The playground's web page always acts as one person (its "current user"); five more people from
// the directory are its other users, so the bot can post their cards to them (their chats show in
// the playground's log panel, not in the chat pane). To act as one of them, stop and start again
// with --as. Environment: as for `npm start` (PORT, DATA_DIR, DATABASE_URL, DIRECTORY_FILE,
// LOG_LEVEL, ...), and TEAMSAPPTESTER_BROWSER, which the playground reads: unset, it opens your
// browser; `none` opens nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { createSqlConversationStore } from './adapters/sql/sql-conversation-store.ts';
import type { Person } from './app/ports/directory.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startApp, type RunningApp } from './start-app.ts';
import { BotConfigError } from '../bot/bot-config.ts';
import { playgroundConfigYaml, playgroundEnvironment } from '../bot/playground/playground-config.ts';

/** The people of the demo walk-through: a chair, the social worker, the team managers, heads of service. */
const castIds = ['chair-amara', 'sw-ben', 'tm-carla', 'hos-nadia', 'tm-hana', 'hos-ruth'];
/** The playground takes its current user and exactly five others. */
const otherUserCount = 5;
const defaultPlaygroundPort = 56150;

const { values: args } = parseArgs({
  options: {
    as: { type: 'string' },
    port: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (args.help) {
  console.log(
    'Usage: npm run playground [-- --as <directory id>] [-- --port <playground port>]\n' +
      'Starts CP Disputes and the Microsoft 365 Agents Playground; see bot/README.md.',
  );
  process.exit(0);
}

const fail = (message: string, code = 1): never => {
  console.error(`npm run playground: ${message}`);
  process.exit(code);
};

const playgroundPort = Number(args.port ?? process.env.PLAYGROUND_PORT ?? defaultPlaygroundPort);
if (!Number.isInteger(playgroundPort) || playgroundPort < 1 || playgroundPort > 65535)
  fail(`--port must be a port number, not "${args.port ?? process.env.PLAYGROUND_PORT}".`, 64);
if (process.env.MicrosoftAppId)
  fail(
    'the playground talks to the bot without Bot Framework sign-in: unset MicrosoftAppId (and MicrosoftAppPassword) for it.',
    78,
  );

const require = createRequire(import.meta.url);
let playgroundCli = '';
try {
  playgroundCli = join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
} catch {
  fail('@microsoft/m365agentsplayground is not installed: run npm install (it is a dev dependency).');
}

// The connector the bot creates new 1:1 chats on. The playground serves it under /_connector.
const connectorUrl = (port: number) => `http://localhost:${port}/_connector`;
const env: Record<string, string | undefined> = {
  ...process.env,
  BOT_SERVICE_URL: connectorUrl(playgroundPort),
};

let app: RunningApp;
let config: ReturnType<typeof loadConfig>;
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'cp-disputes' } });
try {
  config = loadConfig(env);
  logger.level = config.logLevel;
  app = await startApp(config, logger, { env });
} catch (e) {
  if (e instanceof ConfigError || e instanceof BotConfigError)
    fail(`configuration refused: ${e.message}`, 78);
  if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
    fail(
      `port ${process.env.PORT ?? 3978} is in use (is the app already running?): stop it, or set PORT.`,
      69,
    );
  throw e;
}
const appUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;

let stopping = false;
let playground: ChildProcess | undefined = undefined;
const stopAll = async (code: number) => {
  if (stopping) return;
  stopping = true;
  if (playground?.pid && playground.exitCode === null && playground.signalCode === null) {
    const exited = new Promise((r) => playground!.once('exit', r));
    killPlayground('SIGTERM');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
    killPlayground('SIGKILL');
  }
  await app.stop().catch(() => {});
  process.exit(code);
};
const killPlayground = (signal: NodeJS.Signals) => {
  try {
    // Its own process group: the CLI and anything it started.
    if (playground?.pid) process.kill(-playground.pid, signal);
  } catch {
    /* already gone */
  }
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
  process.once(signal, () => {
    console.log(`\nStopping the playground and CP Disputes (${signal}).`);
    void stopAll(0);
  });
process.once('exit', () => killPlayground('SIGKILL'));

// Who is in the playground: "me" and five others, all from the directory the app uses.
const directory = app.services.directory;
const meId = args.as ?? process.env.PLAYGROUND_AS ?? castIds[0]!;
const me = await directory.byId(meId);
if (!me || me.mailbox) {
  const known = (await directory.search({ limit: 100 })).filter((p) => !p.mailbox).map((p) => p.id);
  await app.stop();
  fail(`"${meId}" is not a person in the directory. Try one of: ${known.join(', ')}`, 64);
}
const others: Person[] = [];
for (const id of castIds) {
  if (others.length === otherUserCount || id === me!.id) continue;
  const p = await directory.byId(id);
  if (p && !p.mailbox) others.push(p);
}
for (const p of await directory.search({ limit: 100 })) {
  if (others.length === otherUserCount) break;
  if (!p.mailbox && p.id !== me!.id && !others.some((o) => o.id === p.id)) others.push(p);
}

// The playground keeps its chats in memory: a chat the bot remembers from an earlier run is gone.
// Forget those (and the cards posted in them), so the bot starts new 1:1 chats in this playground
// instead of posting into chats that no longer exist. Only references to a playground on this
// machine are touched; references to real Teams are kept.
const localConnector = '^http://(localhost|127\\.0\\.0\\.1)(:[0-9]+)?/_connector/?$';
const forgotten = await createSqlConversationStore(app.services.db).forgetConnector(localConnector);

// The playground's configuration: the directory's tenant, and each person's id is their
// aadObjectId (the member id the bot gives the Bot Connector when it starts a 1:1 chat). It goes
// in the temporary directory, not in ./data (PGlite's database directory).
const workDir = join(tmpdir(), 'cp-disputes-playground');
mkdirSync(workDir, { recursive: true });
const configPath = join(workDir, '.m365agentsplayground.yml');
const logPath = join(workDir, 'playground.log');
const asUser = (p: Person) => ({
  id: p.aadObjectId,
  name: p.name,
  aadObjectId: p.aadObjectId,
  email: p.email,
});
writeFileSync(
  configPath,
  `# Written by npm run playground (src/main-playground.ts) at each start.\n` +
    playgroundConfigYaml({
      tenantId: me!.tenantId,
      bot: { id: 'cp-disputes-bot', name: 'CP Disputes' },
      currentUser: asUser(me!),
      users: others.map(asUser),
    }),
);

const playgroundEnv = playgroundEnvironment(process.env, { configPath, logPath });

let out = '';
playground = spawn(
  process.execPath,
  [
    playgroundCli,
    'start',
    '-e',
    `${appUrl}/api/messages`,
    '-c',
    'msteams',
    '-p',
    String(playgroundPort),
    '--disable-telemetry',
  ],
  // Its own process group (stopped with it, below); Ctrl-C in this terminal reaches us, not it.
  { cwd: workDir, env: playgroundEnv, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
);
const echo = (chunk: Buffer) => {
  const text = String(chunk);
  out += text;
  for (const line of text.split('\n')) if (line.trim()) console.log(`[playground] ${line}`);
};
playground.stdout?.on('data', echo);
playground.stderr?.on('data', echo);
playground.once('exit', (code, signal) => {
  if (stopping) return;
  let log = '';
  try {
    log = readFileSync(logPath, 'utf8').slice(-3000);
  } catch {
    /* not written */
  }
  console.error(`\nThe playground stopped (${signal ?? `exit code ${code}`}). Its log (${logPath}):\n${log}`);
  void stopAll(1);
});

// Ready: it prints the port it listens on (another one if ours was taken), then answers ping.
const deadline = Date.now() + 60_000;
let port = 0;
for (;;) {
  if (Date.now() > deadline) {
    console.error(`The playground did not start within 60 s. Its log: ${logPath}`);
    await stopAll(1);
  }
  const m = /Listening on (\d+)/.exec(out);
  if (m) {
    port = Number(m[1]);
    const pong = await fetch(`http://127.0.0.1:${port}/_debug/ping`, { signal: AbortSignal.timeout(2000) })
      .then((r) => r.text())
      .catch(() => '');
    if (pong === 'pong') break;
  }
  await new Promise((r) => setTimeout(r, 200));
}

const line = (p: Person) => `    ${p.id.padEnd(14)} ${p.name}, ${p.jobTitle}`;
const dataDir =
  config.store.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.store.dataDir}`;
console.log(
  [
    '',
    'CP Disputes is running in the Microsoft 365 Agents Playground.',
    '',
    `  Open the playground:  http://localhost:${port}`,
    `  The app:              ${appUrl}  (bot: /api/messages, health: /healthz, API: /api)`,
    `  Data:                 ${dataDir}; test clock ${config.testClock ? 'on (POST /api/dev/clock)' : 'off'}`,
    `  Playground files:     ${workDir} (its config and log)`,
    ...(port !== playgroundPort ? [`  Port ${playgroundPort} was taken: the playground took ${port}.`] : []),
    ...(forgotten.length > 0
      ? [
          `  Chats from an earlier playground run were forgotten (${forgotten.length}): people get new ones here.`,
        ]
      : []),
    '',
    `  You are ${me!.name} (${me!.id}), ${me!.jobTitle}.`,
    '  Also in the playground (their cards show in its log panel; to be one of them, stop and run',
    '  npm run playground -- --as <id>):',
    ...others.map(line),
    '',
    '  Type "raise" in the chat to start; "help" lists the commands. Ctrl-C stops both.',
    '',
  ].join('\n'),
);
