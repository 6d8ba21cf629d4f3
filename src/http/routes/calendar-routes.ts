// Meetings as iCalendar, the embedded default when Microsoft Graph is not configured: the current
// stage's meeting as an invitation to download, and each person's calendar feed behind an
// unguessable, revocable link (the token in the link is the credential, so that route is public).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../app/app-services.ts';
import {
  calendarFeed,
  createFeedToken,
  meetingInvitation,
  revokeFeedToken,
  type InvitationOptions,
} from '../../adapters/ics/meeting-invitations.ts';
import { IdParams } from '../../contract/common.ts';
import { CalendarFeedSchema, ICalendarSchema, TokenParams } from '../../contract/calendar.ts';
import { apiErrors, errorAnswer } from '../../contract/errors.ts';
import { sendError } from '../error-mapping.ts';

export interface CalendarRouteOptions {
  /** The public base URL (APP_BASE_URL): links in invitations and feed URLs. From the request if absent. */
  appBaseUrl?: string;
  /** The service mailbox that organises meetings; the meeting's chair if absent. */
  organiser?: { email: string; name: string } | null;
  /** Days a feed link works (CALENDAR_FEED_DAYS). */
  feedDays?: number;
}

export function calendarRoutes(
  app: FastifyInstance,
  services: AppServices,
  options: CalendarRouteOptions = {},
) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const baseOf = (req: FastifyRequest) =>
    (options.appBaseUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
  const invitationOptions = (req: FastifyRequest): InvitationOptions => ({
    appBaseUrl: baseOf(req),
    organiser: options.organiser ?? null,
    ...(options.feedDays ? { feedDays: options.feedDays } : {}),
  });
  const calendarReply = (reply: FastifyReply, method: string, ics: string, filename?: string) => {
    reply
      .header('content-type', `text/calendar; charset=utf-8; method=${method}`)
      // Personal data about who meets whom: never kept by shared caches.
      .header('cache-control', 'private, no-store');
    if (filename) reply.header('content-disposition', `attachment; filename="${filename}"`);
    return reply.send(ics);
  };

  const invitation = {
    summary:
      "The current stage's meeting as an iCalendar invitation (METHOD:REQUEST, or METHOD:CANCEL once cancelled)",
    description:
      'Times in Europe/London with its VTIMEZONE; UID stable for the meeting, SEQUENCE raised on every change. Only the reference and the stage: no child details.',
    params: IdParams,
    response: {
      200: {
        description: 'meeting-<reference>.ics',
        content: { 'text/calendar': { schema: ICalendarSchema } },
      },
      ...apiErrors,
    },
  };
  api.get('/api/disputes/:id/meeting.ics', { schema: invitation }, async (req, reply) => {
    const { reference, method, ics } = await meetingInvitation(
      services,
      req.person,
      req.params.id,
      invitationOptions(req),
    );
    const filename = `meeting-${reference.replace(/[^A-Za-z0-9-]/g, '')}.ics`;
    return calendarReply(reply, method, ics, filename);
  });

  const createFeed = {
    summary:
      'Create or replace my calendar feed link (the old link stops working); it lapses after the council’s CALENDAR_FEED_DAYS',
    response: { 200: CalendarFeedSchema, ...apiErrors },
  };
  api.post('/api/me/calendar-feed', { schema: createFeed }, async (req, reply) => {
    // A new link replaces the old one (rotation); it lapses after the council's number of days.
    const { token, expiresAt } = await createFeedToken(services, req.person, options.feedDays);
    return reply
      .header('cache-control', 'no-store')
      .send({ url: `${baseOf(req)}/calendar/${token}.ics`, expiresAt });
  });

  const revokeFeed = {
    summary: 'Turn my calendar feed link off',
    response: { 204: z.null().describe('Revoked'), ...apiErrors },
  };
  api.delete('/api/me/calendar-feed', { schema: revokeFeed }, async (req, reply) => {
    await revokeFeedToken(services, req.person);
    return reply.status(204).send(null);
  });

  // Public: the token is the credential. Unknown, malformed, revoked and expired tokens look the same.
  const feed = {
    summary:
      "A person's calendar feed: the meetings they are invited to (the token in the link is the credential)",
    params: TokenParams,
    response: {
      200: {
        description: 'iCalendar (METHOD:PUBLISH); cancelled meetings as STATUS:CANCELLED for 30 days',
        content: { 'text/calendar': { schema: ICalendarSchema } },
      },
      400: apiErrors[400],
      404: errorAnswer('Unknown, revoked or expired link (the same answer for each)'),
      429: apiErrors[429],
    },
  };
  api.get('/calendar/:token.ics', { config: { public: true }, schema: feed }, async (req, reply) => {
    const ics = await calendarFeed(services, req.params.token, invitationOptions(req));
    if (ics === null)
      return sendError(reply, 404, { error: 'not-found', message: 'There is no calendar here.' });
    return calendarReply(reply, 'PUBLISH', ics);
  });
}
