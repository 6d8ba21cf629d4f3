// Drives the real Microsoft 365 Agents Playground (@microsoft/m365agentsplayground, the CLI that
// emulates the Teams Bot Connector for a bot on a local endpoint) from tests, offline and headless.
//
// What the playground exposes, and what this driver uses (read from its bundled server, 0.2.28):
// - `node cli.js start -e <bot endpoint> -c msteams -p <port> --disable-telemetry`, with
//   TEAMSAPPTESTER_BROWSER=none (otherwise it tries to open a browser). `-p 0`, or a busy port,
//   means a random port: the real one is printed on stdout as `Listening on <port>` (only when
//   stdout is not a TTY). GET /_debug/ping answers `pong` once the routes are mounted.
// - Its mock data (tenant, bot, the current user "me" and exactly 5 other users, a personal chat,
//   a group chat, a team) comes from `.m365agentsplayground.yml` in its working directory, or from
//   the file named by M365_AGENTS_PLAYGROUND_CONFIG_PATH (what we use). Its console goes to
//   ./devTools/m365agentsplayground.log, or M365_AGENTS_PLAYGROUND_LOGFILE (what we use): start-up
//   errors, such as a bad config file, are only written there.
// - The Bot Connector the bot calls is served under /_connector (the bot's serviceUrl):
//   POST /v3/conversations, POST/PUT /v3/conversations/:id/activities[/:activityId], members...
// - The web UI's HTTP interface (/_conversation): POST /v1/conversations/:id/messages (a message
//   from "me" to the bot; always sent as "me", whatever `from.id` says), POST /v1/invoke
//   (adaptiveCard/action and a few others; `from.id` is honoured; answers the bot's {type, value}).
//   /_internal/v1/customActivities posts any activity, as given, to the bot (fire and forget).
//   /_debug/conversation/:id/installation sends "me"'s installationUpdate + conversationUpdate.
// - Two WebSockets: /_ws/log/stream (the UI's log panel: every request the bot made to the
//   connector with its full body and the playground's answer, and every activity the playground
//   posted to the bot with the bot's answer) and /_ws_conversation/v1/conversations/stream (the
//   chat as "me" sees it: createMessage / updateMessage / typing; nothing for chats "me" is not in).
//   Both buffer what happens while no client is connected and hand it to the first one that does.
//
// activities() is built from the log stream, so it sees every conversation (other users' chats
// too) with the bot's own activity bodies; an update (PUT) replaces the body of the activity with
// the same id. Because the playground logs a reply to the bot before it logs the bot's answer to
// the incoming activity, everything the bot sent during a turn is in activities() once sendText()
// or sendInvoke() has returned: no polling is needed for replies made within the turn.
//
// Quirks worth knowing (0.2.28):
// - Only "me" has a personal chat from the start. Another user gets one when createConversation
//   is called with members[0].id = their configured id (by the bot, or by switchUser()); the same
//   call for the same user returns the same chat. A member id that is not a configured user makes
//   every later send to that chat fail (404 user not found).
// - The UI's message route always sends as "me": messages from other users go through the
//   custom-activity route, built like the playground's own. Invokes do carry the given user.
// - An activity with text and attachments, or with several attachments (not a carousel), is split
//   into several messages and the bot gets no id back (202): it cannot update it later.
// - updateActivity (PUT) replaces the whole message; deleteActivity answers 501 (not implemented).
// - It answers an adaptiveCard/action invoke with the bot's {type, value} and, when the card
//   message has one attachment, writes `value` into that stored card (not broadcast; the web UI
//   redraws on its own). It never sends refresh (trigger: automatic) invokes itself.
// - Typing and trace activities are not messages: they are left out of activities().
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import WebSocket from 'ws';
import { playgroundConfigYaml, playgroundEnvironment } from '../../bot/playground/playground-config.ts';

export interface PlaygroundUser {
  /** The channel account id: `from.id` in activities, `members[].id` for createConversation. */
  id: string;
  name: string;
  aadObjectId: string;
  /** All users share the playground's one tenant; when given it must equal the start tenant. */
  tenantId?: string;
  email?: string;
  givenName?: string;
  surname?: string;
}

export interface StartPlaygroundOptions {
  /** The bot's messages endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** The current user ("me"): the one whose personal chat the playground has from the start. */
  user: PlaygroundUser;
  /** Other users (at most 5) the test can switch to; the config is padded with filler users. */
  otherUsers?: PlaygroundUser[];
  /** Defaults to user.tenantId. */
  tenantId?: string;
  bot?: { id: string; name: string };
  /** Defaults to a random free port (the playground's own default is 56150). */
  port?: number;
  /** Working directory of the playground process; defaults to a fresh temporary directory. */
  cwd?: string;
  readyTimeoutMs?: number;
  /** Extra environment for the playground process. */
  env?: Record<string, string>;
}

/** An activity as sent over the Bot Framework wire (only the fields tests look at are typed). */
export interface WireActivity {
  type?: string;
  id?: string;
  text?: string;
  textFormat?: string;
  name?: string;
  value?: unknown;
  replyToId?: string;
  from?: { id?: string; name?: string; aadObjectId?: string };
  recipient?: { id?: string; name?: string; aadObjectId?: string };
  conversation?: { id?: string; conversationType?: string; tenantId?: string; isGroup?: boolean };
  attachments?: { contentType: string; content?: unknown }[];
  channelData?: Record<string, unknown>;
  [key: string]: unknown;
}

/** What the bot sent, as the playground stored it. */
export interface BotActivity extends WireActivity {
  /** The playground's message id: what the bot got back and uses for updateActivity. '' when the
   *  playground split the activity (text + attachments, or several attachments) and gave no id. */
  id: string;
  conversationId: string;
  /** How many updates (PUT .../activities/:id) replaced this activity's body; 0 if none. */
  updateCount: number;
  /** The bodies this activity had before each update, oldest first. */
  previousVersions: WireActivity[];
}

/** An activity the playground posted to the bot, with the bot's HTTP answer. */
export interface InboundExchange {
  activity: WireActivity;
  status: number;
  responseBody: unknown;
}

/** The Adaptive Card invoke response body (botbuilder's `InvokeResponse.body`). */
export interface InvokeResponseBody {
  statusCode?: number;
  type?: string;
  value?: unknown;
  [key: string]: unknown;
}

/** The chat as the playground's UI shows it to "me" (from the conversation stream). */
export interface UiMessage {
  conversationId: string;
  messageId: string;
  text?: string;
  attachments: { contentType: string; content?: unknown }[];
  updated: boolean;
}

export interface Playground {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** What the bot sees as serviceUrl. */
  readonly serviceUrl: string;
  readonly tenantId: string;
  readonly bot: { id: string; name: string };
  /** The user now acting (sendText, sendInvoke, install). */
  readonly user: PlaygroundUser;
  readonly me: PlaygroundUser;
  readonly personalChatId: string;
  readonly groupChatId: string;
  /** The config file the playground was started with. */
  readonly configPath: string;

  /** A message from the acting user in their personal chat with the bot (or `conversationId`).
   *  Resolves once the bot has answered the POST (its turn is over). */
  sendText(text: string, opts?: { conversationId?: string; timeoutMs?: number }): Promise<InboundExchange>;
  /** An `adaptiveCard/action` invoke from the acting user on the card `replyToId` (the card's
   *  activity id); resolves with the bot's invoke response body. The conversation defaults to the
   *  card's. `value` is passed as is: see actionExecute(). */
  sendInvoke(
    value: unknown,
    opts: { replyToId: string; conversationId?: string; name?: string; timeoutMs?: number },
  ): Promise<InvokeResponseBody>;
  /** installationUpdate (add) + conversationUpdate (membersAdded) for the acting user's chat. */
  install(opts?: { timeoutMs?: number }): Promise<void>;
  /** Posts a raw activity to the bot through the playground's custom-activity route (missing
   *  serviceUrl/channelId/recipient/id are filled in); resolves once the bot has answered. */
  sendActivity(activity: WireActivity, opts?: { timeoutMs?: number }): Promise<InboundExchange>;
  /** Act as another configured user from now on. A user other than "me" has no personal chat
   *  until one is created: this creates it (the same one the bot gets from createConversation). */
  switchUser(user: PlaygroundUser | string): Promise<void>;
  /** The personal chat of a configured user (creating it through the connector if needed). */
  personalChatOf(user: PlaygroundUser | string): Promise<string>;

  activities(): BotActivity[];
  waitForActivity(predicate: (a: BotActivity) => boolean, timeoutMs?: number): Promise<BotActivity>;
  /** Everything the playground posted to the bot, with the bot's answers, in order. */
  sentToBot(): InboundExchange[];
  uiMessages(): UiMessage[];
  /** Connector calls the bot made that the playground refused (status >= 400). */
  connectorErrors(): { activityName: string; status: number; request: unknown; response: unknown }[];
  /** stdout, stderr and the playground's log file, for failure messages. */
  diagnostics(): string;
  stop(): Promise<void>;
}

/** The `value` of an adaptiveCard/action invoke, as Teams sends it for an Action.Execute. */
export function actionExecute(verb: string, data: unknown = {}, trigger: 'manual' | 'automatic' = 'manual') {
  return { action: { type: 'Action.Execute', verb, data }, trigger };
}

const require = createRequire(import.meta.url);

/** The playground's CLI script, or why it is not there. */
export function playgroundCli(): { ok: true; cli: string } | { ok: false; reason: string } {
  try {
    const pkg = require.resolve('@microsoft/m365agentsplayground/package.json');
    return { ok: true, cli: join(dirname(pkg), 'cli.js') };
  } catch (e) {
    return {
      ok: false,
      reason: `@microsoft/m365agentsplayground is not installed (${(e as Error).message})`,
    };
  }
}

/** Whether the playground CLI runs here (it prints its version); a reason when it does not. */
export async function playgroundAvailability(): Promise<
  { ok: true; version: string } | { ok: false; reason: string }
> {
  const found = playgroundCli();
  if (!found.ok) return found;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [found.cli, '--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', (e) => resolve({ ok: false, reason: `cannot run the playground CLI: ${e.message}` }));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(
        code === 0 && /\d+\.\d+\.\d+/.test(out)
          ? { ok: true, version: out.trim() }
          : { ok: false, reason: `the playground CLI exited with ${code}: ${out.trim().slice(0, 500)}` },
      );
    });
  });
}

const fillerUser = (n: number): PlaygroundUser => ({
  id: `playground-filler-${n}`,
  name: `Filler User ${n}`,
  aadObjectId: `ffffffff-0000-4000-8000-${String(n).padStart(12, '0')}`,
});

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface LogItem {
  type?: string;
  from?: string;
  activityName?: string;
  conversationId?: string;
  displayText?: string;
  level?: string;
  request?: { body?: unknown };
  response?: { statusCode?: number; body?: unknown };
}

const BOT_APP = 'User Application';
const PLAYGROUND = 'Microsoft 365 Agents Playground';

export async function startPlayground(options: StartPlaygroundOptions): Promise<Playground> {
  const found = playgroundCli();
  if (!found.ok) throw new Error(found.reason);
  const tenantId = options.tenantId ?? options.user.tenantId ?? '00000000-0000-4000-8000-0000000000aa';
  const bot = options.bot ?? { id: 'playground-bot', name: 'CP Disputes (playground)' };
  const others = options.otherUsers ?? [];
  if (others.length > 5) throw new Error('The playground takes "me" and at most 5 other users.');
  for (const u of [options.user, ...others])
    if (u.tenantId && u.tenantId !== tenantId)
      throw new Error(
        `User ${u.id} is in tenant ${u.tenantId}: the playground has one tenant (${tenantId}).`,
      );
  const users = [...others];
  for (let n = 1; users.length < 5; n++)
    if (![options.user, ...others].some((u) => u.id === fillerUser(n).id)) users.push(fillerUser(n));
  const allUsers = [options.user, ...others];

  const dir = mkdtempSync(join(tmpdir(), 'agents-playground-'));
  const configPath = join(dir, '.m365agentsplayground.yml');
  const logPath = join(dir, 'playground.log');
  const personalChatId = `personal-${randomUUID()}`;
  const groupChatId = `group-${randomUUID()}`;
  writeFileSync(
    configPath,
    playgroundConfigYaml({
      tenantId,
      bot,
      currentUser: options.user,
      users,
      personalChatId,
      groupChatId,
    }),
  );

  const env = playgroundEnvironment(
    process.env,
    { configPath, logPath },
    { TEAMSAPPTESTER_BROWSER: 'none', ...options.env },
  );

  const child: ChildProcess = spawn(
    process.execPath,
    [
      found.cli,
      'start',
      '-e',
      options.botEndpoint,
      '-c',
      'msteams',
      '-p',
      String(options.port ?? 0),
      '--disable-telemetry',
    ],
    { cwd: options.cwd ?? dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => (stdout += String(d)));
  child.stderr?.on('data', (d) => (stderr += String(d)));
  let exited: string | null = null;
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      rejectAllWaiters(new Error(`The playground ${exited}.\n${diagnostics()}`));
      resolve();
    }),
  );

  const diagnostics = () => {
    let log = '';
    try {
      log = readFileSync(logPath, 'utf8');
    } catch {
      /* not written yet */
    }
    const tail = (s: string) => (s.length > 4000 ? `…${s.slice(-4000)}` : s);
    return [
      `playground stdout:\n${tail(stdout)}`,
      `playground stderr:\n${tail(stderr)}`,
      `playground log file (${logPath}):\n${tail(log)}`,
      `playground log panel (last 20):\n${panel.slice(-20).join('\n')}`,
    ].join('\n');
  };

  // Everything below is filled by the two WebSockets.
  const activities: BotActivity[] = [];
  const byId = new Map<string, BotActivity>();
  const inbound: InboundExchange[] = [];
  const claimed = new Set<InboundExchange>();
  const connectorErrors: { activityName: string; status: number; request: unknown; response: unknown }[] = [];
  const createdChats = new Map<string, string>();
  const ui = new Map<string, UiMessage>();
  const panel: string[] = [];
  const waiters = new Set<{ check: () => void; reject: (e: Error) => void }>();
  const notify = () => {
    for (const w of [...waiters]) w.check();
  };
  const rejectAllWaiters = (e: Error) => {
    for (const w of [...waiters]) w.reject(e);
  };
  const waitFor = <T>(find: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const w = {
        check: () => {
          const found = find();
          if (found !== undefined) {
            cleanup();
            resolve(found);
          }
        },
        reject: (e: Error) => {
          cleanup();
          reject(e);
        },
      };
      const timer = setTimeout(
        () => w.reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what()}`)),
        timeoutMs,
      );
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(w);
      };
      if (exited) return reject(new Error(`The playground ${exited}.\n${diagnostics()}`));
      waiters.add(w);
      w.check();
    });

  const onLog = (item: LogItem) => {
    if (item.type === 'text') panel.push(`${item.level ?? 'info'}: ${item.displayText ?? ''}`);
    if (item.type !== 'bot') return;
    const status = item.response?.statusCode ?? 0;
    if (item.from === PLAYGROUND) {
      inbound.push({
        activity: (item.request?.body ?? {}) as WireActivity,
        status,
        responseBody: item.response?.body,
      });
    } else if (item.from === BOT_APP) {
      const body = (item.request?.body ?? {}) as WireActivity & { members?: { id?: string }[] };
      const resBody = item.response?.body as { id?: string } | undefined;
      if (status >= 400) {
        connectorErrors.push({
          activityName: item.activityName ?? '',
          status,
          request: body,
          response: item.response?.body,
        });
      } else if (item.activityName === 'createConversation') {
        const member = body.members?.[0]?.id;
        if (member && resBody?.id) createdChats.set(member, resBody.id);
      } else if (typeof body.type === 'string' && body.type !== 'typing' && body.type !== 'trace') {
        const id = resBody?.id ?? '';
        const existing = id ? byId.get(id) : undefined;
        if (existing) {
          // An update: the playground replaces the whole message with the new body.
          const { id: _id, conversationId, updateCount, previousVersions, ...before } = existing;
          const updated: BotActivity = {
            ...body,
            id,
            conversationId,
            updateCount: updateCount + 1,
            previousVersions: [...previousVersions, before],
          };
          activities[activities.indexOf(existing)] = updated;
          byId.set(id, updated);
        } else {
          const a: BotActivity = {
            ...body,
            id,
            conversationId: body.conversation?.id ?? item.conversationId ?? '',
            updateCount: 0,
            previousVersions: [],
          };
          activities.push(a);
          if (id) byId.set(id, a);
        }
      }
    }
    notify();
  };

  const onUi = (event: {
    action?: string;
    actionConversationId?: string;
    message?: { messageId: string; text?: string; attachments?: UiMessage['attachments'] };
  }) => {
    const m = event.message;
    if (!m || (event.action !== 'createMessage' && event.action !== 'updateMessage')) return;
    const prev = ui.get(m.messageId);
    const next: UiMessage = {
      conversationId: event.actionConversationId ?? prev?.conversationId ?? '',
      messageId: m.messageId,
      text: m.text,
      attachments: m.attachments ?? [],
      updated: event.action === 'updateMessage' || (prev?.updated ?? false),
    };
    if (prev) Object.assign(prev, next);
    else ui.set(m.messageId, next);
    notify();
  };

  const sockets: WebSocket[] = [];
  const stop = async () => {
    process.removeListener('exit', onExit);
    for (const s of sockets) s.terminate();
    if (!exited) {
      killGroup('SIGTERM');
      await Promise.race([exitedPromise, delay(5000)]);
      if (!exited) {
        killGroup('SIGKILL');
        await Promise.race([exitedPromise, delay(2000)]);
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  // Ready: the port it printed, then /_debug/ping, then both streams connected.
  const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + readyTimeoutMs;
  let port = 0;
  try {
    for (;;) {
      if (exited) throw new Error(`The playground ${exited} before it was ready.`);
      if (Date.now() > deadline) throw new Error(`The playground was not ready within ${readyTimeoutMs} ms.`);
      const m = /Listening on (\d+)/.exec(stdout);
      if (m) {
        port = Number(m[1]);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/_debug/ping`, {
            signal: AbortSignal.timeout(2000),
          });
          if ((await res.text()) === 'pong') break;
        } catch {
          /* not yet */
        }
      }
      await delay(100);
    }
    for (const [path, handler] of [
      ['/_ws/log/stream', (d: unknown) => onLog((d as { log?: LogItem }).log ?? {})],
      ['/_ws_conversation/v1/conversations/stream', onUi],
    ] as const) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`);
      sockets.push(ws);
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.on('error', () => {});
      ws.on('message', (data) => {
        try {
          (handler as (d: unknown) => void)(JSON.parse(String(data)));
        } catch {
          /* not JSON: ignore */
        }
      });
    }
  } catch (e) {
    const details = diagnostics();
    await stop();
    throw new Error(`${(e as Error).message}\n${details}`);
  }

  const url = `http://127.0.0.1:${port}`;
  const serviceUrl = `http://localhost:${port}/_connector`;
  let acting = options.user;

  const userOf = (u: PlaygroundUser | string): PlaygroundUser => {
    const id = typeof u === 'string' ? u : u.id;
    const known = allUsers.find((x) => x.id === id);
    if (!known)
      throw new Error(
        `User ${id} is not in this playground: pass every user to startPlayground({ user, otherUsers }) (the config is read once, at start).`,
      );
    if (typeof u !== 'string' && u.aadObjectId !== known.aadObjectId)
      throw new Error(
        `User ${id} was configured with aadObjectId ${known.aadObjectId}, not ${u.aadObjectId}.`,
      );
    return known;
  };

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    if (!res.ok) throw new Error(`Playground ${method} ${path} answered ${res.status}: ${text}`);
    return parsed;
  };

  const personalChatOf = async (u: PlaygroundUser | string) => {
    const user = userOf(u);
    if (user.id === options.user.id) return personalChatId;
    const known = createdChats.get(user.id);
    if (known) return known;
    // The connector's createConversation, as the bot would call it: one personal chat per user.
    const res = (await call('POST', '/_connector/v3/conversations', {
      isGroup: false,
      bot: { id: bot.id },
      members: [{ id: user.id }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    })) as { id: string };
    createdChats.set(user.id, res.id);
    return res.id;
  };

  const claimInbound = (match: (x: InboundExchange) => boolean, timeoutMs: number, what: string) =>
    waitFor(
      () => {
        const x = inbound.find((i) => !claimed.has(i) && match(i));
        if (x) claimed.add(x);
        return x;
      },
      timeoutMs,
      () => `the bot's answer to ${what} (is the bot listening on ${options.botEndpoint}?)\n${diagnostics()}`,
    );

  const now = () => new Date().toISOString();
  const baseActivity = (user: PlaygroundUser, conversationId: string): WireActivity => ({
    id: randomUUID(),
    timestamp: now(),
    localTimestamp: now(),
    localTimezone: 'UTC',
    serviceUrl,
    channelId: 'msteams',
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: bot.id, name: bot.name },
    conversation: { conversationType: 'personal', tenantId, id: conversationId },
    locale: 'en-US',
    entities: [{ type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'UTC' }],
    channelData: { tenant: { id: tenantId } },
  });

  const sendActivity = async (activity: WireActivity, opts?: { timeoutMs?: number }) => {
    const full: WireActivity = {
      id: randomUUID(),
      serviceUrl,
      channelId: 'msteams',
      recipient: { id: bot.id, name: bot.name },
      timestamp: now(),
      ...activity,
    };
    await call('POST', '/_internal/v1/customActivities', full);
    return claimInbound(
      (x) => x.activity.id === full.id,
      opts?.timeoutMs ?? 15_000,
      `${full.type} ${full.id}`,
    );
  };

  const handle: Playground = {
    url,
    port,
    serviceUrl,
    tenantId,
    bot,
    get user() {
      return acting;
    },
    me: options.user,
    personalChatId,
    groupChatId,
    configPath,

    async sendText(text, opts) {
      const conversationId = opts?.conversationId ?? (await personalChatOf(acting));
      const timeoutMs = opts?.timeoutMs ?? 15_000;
      if (acting.id === options.user.id && conversationId === personalChatId) {
        // The UI's own route: the playground builds the activity (always from "me").
        await call('POST', `/_conversation/v1/conversations/${encodeURIComponent(conversationId)}/messages`, {
          from: { id: acting.id },
          text,
          textFormat: 'plain',
        });
        return claimInbound(
          (x) =>
            x.activity.type === 'message' &&
            x.activity.conversation?.id === conversationId &&
            x.activity.text === text,
          timeoutMs,
          `the message "${text}"`,
        );
      }
      // Another user: the same activity the playground builds for "me", from this user, sent
      // through its custom-activity route (its message route always sends as "me").
      return sendActivity(
        { ...baseActivity(acting, conversationId), type: 'message', text, textFormat: 'plain' },
        { timeoutMs },
      );
    },

    async sendInvoke(value, opts) {
      const card = byId.get(opts.replyToId);
      const conversationId = opts.conversationId ?? card?.conversationId ?? (await personalChatOf(acting));
      const name = opts.name ?? 'adaptiveCard/action';
      const res = (await call('POST', '/_conversation/v1/invoke', {
        name,
        value,
        from: { id: acting.id },
        conversation: { id: conversationId },
        replyToId: opts.replyToId,
      })) as InvokeResponseBody;
      // The bot's full body ({statusCode, type, value}) is in the log; the route keeps {type, value}.
      const exchange = await claimInbound(
        (x) =>
          x.activity.type === 'invoke' &&
          x.activity.name === name &&
          x.activity.replyToId === opts.replyToId &&
          x.activity.conversation?.id === conversationId,
        opts.timeoutMs ?? 15_000,
        `the invoke on ${opts.replyToId}`,
      ).catch(() => undefined);
      return (exchange?.responseBody as InvokeResponseBody | undefined) ?? res;
    },

    async install(opts) {
      const conversationId = await personalChatOf(acting);
      const timeoutMs = opts?.timeoutMs ?? 15_000;
      if (acting.id === options.user.id) {
        await call('POST', `/_debug/conversation/${encodeURIComponent(conversationId)}/installation`, {});
        await claimInbound(
          (x) => x.activity.type === 'installationUpdate' && x.activity.conversation?.id === conversationId,
          timeoutMs,
          'installationUpdate',
        );
        await claimInbound(
          (x) => x.activity.type === 'conversationUpdate' && x.activity.conversation?.id === conversationId,
          timeoutMs,
          'conversationUpdate',
        );
        return;
      }
      const base = baseActivity(acting, conversationId);
      await sendActivity(
        {
          ...base,
          type: 'installationUpdate',
          action: 'add',
          channelData: {
            ...base.channelData,
            source: { name: 'message' },
            settings: { selectedChannel: { id: conversationId } },
          },
        },
        { timeoutMs },
      );
      await sendActivity(
        {
          ...baseActivity(acting, conversationId),
          type: 'conversationUpdate',
          membersAdded: [{ id: acting.id, aadObjectId: acting.aadObjectId }, { id: bot.id }],
        },
        { timeoutMs },
      );
    },

    sendActivity,

    async switchUser(u) {
      const user = userOf(u);
      await personalChatOf(user);
      acting = user;
    },

    personalChatOf,
    activities: () => [...activities],
    waitForActivity: (predicate, timeoutMs = 10_000) =>
      waitFor(
        () => activities.find(predicate),
        timeoutMs,
        () =>
          `an activity from the bot matching ${predicate.toString()}; the bot sent:\n${JSON.stringify(
            activities.map((a) => ({
              id: a.id,
              conversationId: a.conversationId,
              type: a.type,
              text: a.text,
              updates: a.updateCount,
            })),
            null,
            1,
          )}`,
      ),
    sentToBot: () => [...inbound],
    uiMessages: () => [...ui.values()],
    connectorErrors: () => [...connectorErrors],
    diagnostics,
    stop,
  };
  return handle;
}
