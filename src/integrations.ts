// Which outside systems the app talks to: Microsoft Graph when it is configured (the directory
// from Entra ID, meetings in Outlook calendars, mail from a service mailbox), otherwise the
// embedded defaults (the directory file, iCalendar invitations, no mail). Chosen once at start
// and said in the start-up log.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { loadFileDirectory } from './adapters/directory/file-directory.ts';
import { loadGraphSettings, type GraphSettings } from './adapters/graph/graph-settings.ts';
import { createIcsCalendar } from './adapters/ics/ics-calendar.ts';
import { createSqlMeetingRecords } from './adapters/sql/sql-meeting-records.ts';
import type { AppServices } from './app/app-services.ts';
import { syncMeetingResponses } from './app/meeting-jobs.ts';
import type { Directory } from './app/ports/directory.ts';
import type { Mailer } from './app/ports/mailer.ts';
import type { MeetingCalendar } from './app/ports/meeting-calendar.ts';
import type { MeetingChatApps } from './app/ports/meeting-chat.ts';
import type { SqlDatabase } from './app/ports/sql-database.ts';

export interface Integrations {
  directory: Directory;
  tenantId: string;
  calendar: MeetingCalendar;
  mailer: Mailer | null;
  /** The service mailbox meetings are organised from (Graph); the meeting's chair otherwise. */
  organiser: { email: string; name: string } | null;
  graph: { client: Client; settings: GraphSettings } | null;
  /** Adds the app and the dispute's tab to booked Teams meetings' chats; null without Graph meetings or TEAMS_CATALOG_APP_ID. */
  meetingChat?: MeetingChatApps | null;
  describe: Record<string, string>;
}

export interface IntegrationOptions {
  env: Record<string, string | undefined>;
  db: SqlDatabase;
  directoryFile: string;
  logger: Logger;
  /** Tests give Graph a fetch of their own (msw intercepts the global one otherwise). */
  fetch?: typeof fetch;
}

// The Graph adapters (MSAL, the Graph SDK) load only when Graph is configured: a council running
// on the embedded defaults does not carry them in memory.
export async function createIntegrations(options: IntegrationOptions): Promise<Integrations> {
  const settings = loadGraphSettings(options.env);
  if (!settings) {
    const directory = loadFileDirectory(options.directoryFile);
    return {
      directory,
      tenantId: directory.tenantId,
      calendar: createIcsCalendar({
        organiser: { email: 'meetings@cp-disputes.invalid', name: 'CP Disputes' },
      }),
      mailer: null,
      organiser: null,
      graph: null,
      describe: {
        directory: 'file (no GRAPH_CLIENT_ID)',
        meetings: 'iCalendar invitations, planned on the directory file’s working hours',
        mail: 'none: people without Teams are marked undelivered and the chair is told',
      },
    };
  }
  const [
    { createGraphCredentials },
    { createGraphClient },
    { createGraphDirectory },
    { createGraphCalendar },
    { createGraphMailer },
  ] = await Promise.all([
    import('./adapters/graph/msal-credentials.ts'),
    import('./adapters/graph/graph-client.ts'),
    import('./adapters/graph/graph-directory.ts'),
    import('./adapters/graph/graph-calendar.ts'),
    import('./adapters/graph/graph-mailer.ts'),
  ]);
  const credentials = createGraphCredentials(settings, {
    logger: options.logger.child({ component: 'msal' }),
  });
  const client = createGraphClient({
    credentials,
    baseUrl: settings.baseUrl,
    retry: settings.retry,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  // DIRECTORY_SOURCE=file keeps the council's hand-kept file while meetings and mail use Graph.
  const fileDirectory =
    options.env.DIRECTORY_SOURCE === 'file' ? loadFileDirectory(options.directoryFile) : null;
  const directory: Directory =
    fileDirectory ?? createGraphDirectory(client, settings, { tenantId: settings.tenantId });
  const calendar = settings.meetingsOrganizer
    ? createGraphCalendar(client, {
        organizer: settings.meetingsOrganizer,
        recordStore: createSqlMeetingRecords(options.db),
      })
    : createIcsCalendar({ organiser: { email: 'meetings@cp-disputes.invalid', name: 'CP Disputes' } });
  const mailer = settings.mailSender
    ? createGraphMailer(client, { sender: settings.mailSender, originator: settings.actionableOriginator })
    : null;
  const meetingChat = await meetingChatFor(client, settings, options);
  return {
    directory,
    tenantId: fileDirectory?.tenantId ?? settings.tenantId,
    calendar,
    mailer,
    organiser: settings.meetingsOrganizer
      ? { email: settings.meetingsOrganizer, name: 'CP Disputes meetings' }
      : null,
    graph: { client, settings },
    meetingChat,
    describe: {
      meetingChat: meetingChat
        ? 'Microsoft Graph: the app and the dispute’s tab are added to each booked Teams meeting’s chat'
        : 'not added to meeting chats (needs MEETINGS_ORGANIZER, TEAMS_CATALOG_APP_ID and APP_BASE_URL)',
      directory: fileDirectory ? 'file (DIRECTORY_SOURCE=file)' : 'Microsoft Graph (Entra ID)',
      meetings: settings.meetingsOrganizer
        ? 'Microsoft Graph: Teams meetings from MEETINGS_ORGANIZER'
        : 'iCalendar invitations (no MEETINGS_ORGANIZER)',
      mail: settings.mailSender ? 'Microsoft Graph sendMail from MAIL_SENDER' : 'none (no MAIL_SENDER)',
    },
  };
}

/**
 * Follows attendees' answers: Graph change notifications where the app has a public https
 * address and GRAPH_NOTIFICATION_CLIENT_STATE is set, with polling as the fallback either way.
 * Returns a stop function.
 */
export async function followMeetingResponses(
  app: FastifyInstance,
  services: AppServices,
  integrations: Integrations,
  options: {
    env: Record<string, string | undefined>;
    logger: Logger;
    pollSeconds: number;
    background: boolean;
  },
): Promise<() => void> {
  const { calendar, graph } = integrations;
  if (calendar.kind !== 'graph' || !graph) return () => {};
  const [{ createGraphSubscriptions }, { handleNotification }] = await Promise.all([
    import('./adapters/graph/graph-subscriptions.ts'),
    import('./adapters/graph/graph-notifications.ts'),
  ]);
  const clientState = options.env.GRAPH_NOTIFICATION_CLIENT_STATE;
  const baseUrl = options.env.APP_BASE_URL;
  const sync = () =>
    syncMeetingResponses(services, calendar).catch((e: Error) =>
      options.logger.error({ err: { type: e.name, stack: e.stack } }, 'meeting responses not read'),
    );
  if (clientState) {
    app.post('/api/graph/notifications', { config: { public: true } }, async (req, reply) => {
      const answer = handleNotification(
        { query: req.query as Record<string, unknown>, body: req.body },
        clientState,
      );
      if (answer.eventIds.length || answer.deletedEventIds.length) void sync();
      return reply.status(answer.status).headers(answer.headers).type(answer.contentType).send(answer.body);
    });
  }
  if (!options.background) return () => {};
  const timers: NodeJS.Timeout[] = [];
  timers.push(setInterval(() => void sync(), options.pollSeconds * 1000));
  if (clientState && baseUrl?.startsWith('https://') && graph.settings.meetingsOrganizer) {
    const subscriptions = createGraphSubscriptions(graph.client, {
      organizer: graph.settings.meetingsOrganizer,
      notificationUrl: `${baseUrl.replace(/\/$/, '')}/api/graph/notifications`,
      clientState,
    });
    // Each instance keeps its own subscription: duplicate notifications only repeat an
    // idempotent read of the answers.
    let current: { id: string; expirationDateTime: string } | null = null;
    const keep = async () => {
      try {
        const now = new Date().toISOString();
        const renewAt = current ? Date.parse(current.expirationDateTime) - 24 * 3600_000 : 0;
        current =
          current && Date.now() < renewAt
            ? current
            : current
              ? await subscriptions.renew(current.id, now)
              : await subscriptions.create(now);
      } catch (e) {
        current = null;
        options.logger.warn(
          { err: { type: (e as Error).name } },
          'Graph subscription not kept; polling continues',
        );
      }
    };
    void keep();
    timers.push(setInterval(() => void keep(), 3600_000));
  }
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}

/**
 * CP Disputes in booked Teams meetings' chats (graph-meeting-chat.ts), when meetings are booked
 * through Graph and the council's app catalog id (TEAMS_CATALOG_APP_ID) and the public address are
 * known. A failure is logged here with ids only (the chat's, never the dispute's details) and passed
 * on: the meeting worker turns it into a warning on the booking.
 */
async function meetingChatFor(
  client: Client,
  settings: GraphSettings,
  options: IntegrationOptions,
): Promise<MeetingChatApps | null> {
  const catalogAppId = options.env.TEAMS_CATALOG_APP_ID?.trim();
  const appBaseUrl = options.env.APP_BASE_URL?.trim();
  if (!settings.meetingsOrganizer || !catalogAppId || !appBaseUrl) return null;
  const { createGraphMeetingChat } = await import('./adapters/graph/graph-meeting-chat.ts');
  const chat = createGraphMeetingChat(client, {
    organizer: settings.meetingsOrganizer,
    catalogAppId,
    graphBaseUrl: settings.baseUrl,
    appBaseUrl,
  });
  const logger = options.logger.child({ component: 'meeting-chat' });
  return {
    async addToMeetingChat(request) {
      try {
        const done = await chat.addToMeetingChat(request);
        logger.info(
          {
            disputeId: request.disputeId,
            chatId: done.chatId,
            installed: done.installed,
            tabAdded: done.tabAdded,
          },
          'CP Disputes is in the meeting chat',
        );
        return done;
      } catch (e) {
        const err = e as Error & { status?: number | null; code?: string | null };
        logger.warn(
          {
            disputeId: request.disputeId,
            err: { type: err.name, status: err.status ?? null, code: err.code ?? null },
          },
          'CP Disputes could not add itself to the meeting chat; the booking stands, with a warning',
        );
        throw e;
      }
    },
  };
}
