// Meetings as iCalendar, the embedded default when Microsoft Graph is not configured: the current
// stage's meeting as an invitation to download, and each person's calendar feed behind an
// unguessable, revocable link (the token in the link is the credential, so that route is public).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import {
  calendarFeed,
  createFeedToken,
  meetingInvitation,
  revokeFeedToken,
  type InvitationOptions,
} from '../../adapters/ics/meeting-invitations.ts';
import { sendError } from '../error-mapping.ts';

export interface CalendarRouteOptions {
  /** The public base URL (APP_BASE_URL): links in invitations and feed URLs. From the request if absent. */
  appBaseUrl?: string;
  /** The service mailbox that organises meetings; the meeting's chair if absent. */
  organiser?: { email: string; name: string } | null;
  /** Days a feed link works (CALENDAR_FEED_DAYS). */
  feedDays?: number;
}

type IdParams = { Params: { id: string } };
type TokenParams = { Params: { token: string } };

export function calendarRoutes(
  app: FastifyInstance,
  services: AppServices,
  options: CalendarRouteOptions = {},
) {
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

  app.get<IdParams>('/api/disputes/:id/meeting.ics', async (req, reply) => {
    const { reference, method, ics } = await meetingInvitation(
      services,
      req.person,
      req.params.id,
      invitationOptions(req),
    );
    const filename = `meeting-${reference.replace(/[^A-Za-z0-9-]/g, '')}.ics`;
    return calendarReply(reply, method, ics, filename);
  });

  app.post('/api/me/calendar-feed', async (req, reply) => {
    // A new link replaces the old one (rotation); it lapses after the council's number of days.
    const { token, expiresAt } = await createFeedToken(services, req.person, options.feedDays);
    return reply
      .header('cache-control', 'no-store')
      .send({ url: `${baseOf(req)}/calendar/${token}.ics`, expiresAt });
  });

  app.delete('/api/me/calendar-feed', async (req, reply) => {
    await revokeFeedToken(services, req.person);
    return reply.status(204).send();
  });

  // Public: the token is the credential. Unknown, malformed, revoked and expired tokens look the same.
  app.get<TokenParams>('/calendar/:token.ics', { config: { public: true } }, async (req, reply) => {
    const ics = await calendarFeed(services, req.params.token, invitationOptions(req));
    if (ics === null)
      return sendError(reply, 404, { error: 'not-found', message: 'There is no calendar here.' });
    return calendarReply(reply, 'PUBLISH', ics);
  });
}
