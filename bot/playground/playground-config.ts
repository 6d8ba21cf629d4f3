// What the Microsoft 365 Agents Playground is started with: its YAML configuration (who "you" are,
// five other people, the tenant) and a clean environment. Shared by `npm run playground` and the
// tests' playground driver.
import { randomUUID } from 'node:crypto';
import { stringify } from 'yaml';

export interface PlaygroundPerson {
  /** What the bot sees as `from.id`; our bot creates 1:1 chats with the aadObjectId, so use that. */
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  givenName?: string;
  surname?: string;
}

export function playgroundUser(u: PlaygroundPerson) {
  const [given = u.name, ...rest] = u.name.split(' ');
  const email = u.email ?? `${u.id.replace(/[^a-zA-Z0-9._-]/g, '')}@example.test`;
  return {
    id: u.id,
    name: u.name,
    userPrincipleName: email, // sic: the playground's own spelling
    aadObjectId: u.aadObjectId,
    givenName: u.givenName ?? given,
    surname: u.surname ?? (rest.join(' ') || given),
    email,
  };
}

export function playgroundConfigYaml(options: {
  tenantId: string;
  bot: { id: string; name: string };
  currentUser: PlaygroundPerson;
  /** Exactly five, as the playground requires. */
  users: readonly PlaygroundPerson[];
  personalChatId?: string;
  groupChatId?: string;
}): string {
  return stringify({
    version: '0.1.1',
    tenantId: options.tenantId,
    bot: options.bot,
    currentUser: playgroundUser(options.currentUser),
    users: options.users.map(playgroundUser),
    personalChat: { id: options.personalChatId ?? `personal-${randomUUID()}` },
    groupChat: { id: options.groupChatId ?? `group-${randomUUID()}`, name: 'Group Chat' },
    team: { id: `team-${randomUUID()}`, name: 'Team', aadGroupId: randomUUID(), channels: [] },
  });
}

/**
 * The playground's environment: sign-in settings would make it demand tokens from Entra, a proxy
 * would send its calls to the bot on loopback elsewhere, and the rest would override what is set
 * here. Telemetry is off (--disable-telemetry) except on one start-up error path that reports before
 * the flag is read: point that at a closed loopback port, so nothing leaves this machine.
 */
export function playgroundEnvironment(
  base: Record<string, string | undefined>,
  paths: { configPath: string; logPath: string },
  extra: Record<string, string | undefined> = {},
): Record<string, string | undefined> {
  const env = { ...base };
  for (const k of [
    'AUTH_CLIENT_ID',
    'AUTH_CLIENT_SECRET',
    'AUTH_TENANT_ID',
    'HTTP_PROXY',
    'HTTPS_PROXY',
    'http_proxy',
    'https_proxy',
    'TEAMSAPPTESTER_PORT',
    'M365_AGENTS_PLAYGROUND_CONVERSATION_ID',
    'M365_AGENTS_PLAYGROUND_SERVICE_URL',
    'M365_AGENTS_PLAYGROUND_DELIVERY_MODE',
    'M365_AGENTS_PLAYGROUND_ENABLE_EVENTS_RECORDING',
    'TEAMS_APP_TEST_TOOL_CONFIG_PATH',
  ])
    delete env[k];
  return {
    ...env,
    APPLICATIONINSIGHTS_CONNECTION_STRING:
      'InstrumentationKey=00000000-0000-0000-0000-000000000000;IngestionEndpoint=http://127.0.0.1:9',
    APPLICATION_INSIGHTS_NO_STATSBEAT: 'true',
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: paths.configPath,
    M365_AGENTS_PLAYGROUND_LOGFILE: paths.logPath,
    ...extra,
  };
}
