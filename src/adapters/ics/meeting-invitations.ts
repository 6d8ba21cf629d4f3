// Invitations and feeds for the embedded calendar, read through PersonDisputes (the one place that
// checks a person's access to a dispute and audits the read): the meeting comes from the dispute's
// events, the names and addresses from the directory, the wording from the reference and the stage.
import { AppError } from '../../app/app-error.ts';
import type { AppServices } from '../../app/app-services.ts';
import type { DisputeView } from '../../app/dispute-view.ts';
import { PersonDisputes } from '../../app/person-disputes.ts';
import type { Person } from '../../app/ports/directory.ts';
import { foldEvents, type MeetingBooking } from '../../core/dispute/dispute-state.ts';
import { stageById } from '../../core/protocol/stage-queries.ts';
import { createSqlCalendarFeedStore } from '../sql/sql-calendar-feed-store.ts';
import { hashFeedToken, looksLikeFeedToken, newFeedToken } from './feed-tokens.ts';
import {
  renderCalendarFeed,
  renderInvitation,
  type InvitationAttendee,
  type MeetingEntry,
} from './invitation.ts';

export interface InvitationOptions {
  /** Where the tab is served: links in invitations point at the dispute there. */
  appBaseUrl: string;
  /** The service mailbox that organises meetings; the meeting's chair when null. */
  organiser: { email: string; name: string } | null;
  /** Days a feed link works after it was made (CALENDAR_FEED_DAYS); defaultFeedDays if absent. */
  feedDays?: number;
}

/** A feed link is a credential in a calendar app's settings: it lapses, and the person makes a new one. */
export const defaultFeedDays = 180;

/** How long a cancelled meeting stays in feeds (as STATUS:CANCELLED), so calendars remove it. */
export const cancelledMeetingsKeptDays = 30;

const feeds = createSqlCalendarFeedStore();

/** The current stage's meeting as an invitation: REQUEST, or CANCEL if its latest booking is cancelled. */
export async function meetingInvitation(
  services: AppServices,
  person: Person,
  disputeId: string,
  options: InvitationOptions,
): Promise<{ reference: string; method: 'REQUEST' | 'CANCEL'; ics: string }> {
  const view = await new PersonDisputes(services, person).get(disputeId, 'meeting.ics');
  const meetings = meetingsOf(view);
  const booking = meetings.filter((m) => m.stageId === view.stage?.id).at(-1);
  if (!booking)
    throw new AppError('not-found', `No meeting is booked for the current stage of ${view.reference}.`);
  const method = booking.cancelled ? 'CANCEL' : 'REQUEST';
  const entry = await meetingEntry(services, view, booking, options);
  return {
    reference: view.reference,
    method,
    ics: crlfEnd(renderInvitation({ ...entry, method, stamp: services.clock.now() })),
  };
}

/**
 * Creates (or replaces) the person's feed token; the token itself is returned once and never
 * stored. It works until `expiresAt`, unless replaced or revoked before.
 */
export async function createFeedToken(
  services: AppServices,
  person: Person,
  feedDays = defaultFeedDays,
): Promise<{ token: string; expiresAt: string }> {
  const { token, hash } = newFeedToken();
  const at = services.clock.now();
  await services.db.transaction((tx) =>
    feeds.save(tx, { personId: person.id, tenantId: services.tenantId, tokenHash: hash, at }),
  );
  return { token, expiresAt: new Date(Date.parse(at) + feedDays * 86_400_000).toISOString() };
}

export async function revokeFeedToken(services: AppServices, person: Person): Promise<boolean> {
  return services.db.transaction((tx) => feeds.revoke(tx, person.id, services.clock.now()));
}

/**
 * The feed behind a token: the meetings the token's holder is invited to, each dispute read through
 * PersonDisputes (access checked, the read audited as 'calendar-feed'). Null for a token that is
 * malformed, unknown, revoked or expired, or whose holder has left the directory.
 */
export async function calendarFeed(
  services: AppServices,
  token: string,
  options: InvitationOptions,
): Promise<string | null> {
  if (!looksLikeFeedToken(token)) return null;
  const now = services.clock.now();
  const closedSince = new Date(Date.parse(now) - cancelledMeetingsKeptDays * 86_400_000).toISOString();
  const found = await services.db.transaction(async (tx) => {
    const issuedAfter = new Date(
      Date.parse(now) - (options.feedDays ?? defaultFeedDays) * 86_400_000,
    ).toISOString();
    const holder = await feeds.personFor(tx, hashFeedToken(token), issuedAfter);
    if (!holder || holder.tenantId !== services.tenantId) return null;
    const ids = await feeds.disputesWithMeetingsOf(tx, {
      tenantId: holder.tenantId,
      personId: holder.personId,
      closedSince,
    });
    return { personId: holder.personId, ids };
  });
  if (!found) return null;
  const person = await services.directory.byId(found.personId);
  if (!person) return null;
  const reader = new PersonDisputes(services, person);
  const entries: { entry: MeetingEntry; cancelled: boolean }[] = [];
  for (const id of found.ids) {
    let view: DisputeView;
    try {
      view = await reader.get(id, 'calendar-feed');
    } catch (e) {
      // No longer theirs to see (the refusal is on the record): left out.
      if (e instanceof AppError) continue;
      throw e;
    }
    const cancelledAt = cancellationTimes(view);
    for (const booking of meetingsOf(view)) {
      if (booking.chairId !== person.id && !booking.attendeeIds.includes(person.id)) continue;
      if (booking.cancelled && (cancelledAt.get(booking.meetingKey) ?? '') < closedSince) continue;
      entries.push({
        entry: await meetingEntry(services, view, booking, options),
        cancelled: booking.cancelled,
      });
    }
  }
  return crlfEnd(renderCalendarFeed({ name: 'CP Disputes meetings', entries, stamp: now }));
}

function meetingsOf(view: DisputeView): MeetingBooking[] {
  return foldEvents(view.events).meetings;
}

function cancellationTimes(view: DisputeView): Map<string, string> {
  const at = new Map<string, string>();
  for (const e of view.events)
    if (e.type === 'MeetingCancelled') at.set(e.meetingKey, new Date(e.at).toISOString());
  return at;
}

/** The invitation's content: the reference and the stage, never the child's details. */
async function meetingEntry(
  services: AppServices,
  view: DisputeView,
  booking: MeetingBooking,
  options: InvitationOptions,
): Promise<MeetingEntry> {
  const stage = stageById(services.protocols.get(view.protocolId)!.protocol, booking.stageId);
  const stageName = stage?.name ?? booking.stageId;
  const base = options.appBaseUrl.replace(/\/+$/, '');
  const url = `${base}/tab/disputes/${encodeURIComponent(view.id)}`;
  const ids = [booking.chairId, ...booking.attendeeIds.filter((id) => id !== booking.chairId)];
  const people = await Promise.all(ids.map((id) => services.directory.byId(id)));
  // Someone who has left the directory cannot be invited; the rest still are.
  const attendees: InvitationAttendee[] = people.flatMap((p) =>
    p
      ? [
          {
            email: p.email,
            name: p.name,
            role: p.id === booking.chairId ? ('chair' as const) : ('required' as const),
          },
        ]
      : [],
  );
  const chair = people[0];
  const organiser =
    options.organiser ?? (chair ? { email: chair.email, name: chair.name } : fallbackOrganiser(base));
  return {
    booking,
    subject: `Resolution meeting: ${stageName} (${view.reference})`,
    description:
      `Resolution meeting for dispute ${view.reference}, ${stageName}.\n` +
      (booking.joinUrl ? `Join online: ${booking.joinUrl}\n` : '') +
      `\nThe dispute, its history and what is asked are in CP Disputes: ${url}`,
    organiser,
    attendees,
    url,
  };
}

function fallbackOrganiser(base: string): { email: string; name: string } {
  let host = 'cp-disputes.invalid';
  try {
    host = new URL(base).hostname || host;
  } catch {
    // keep the placeholder
  }
  return { email: `no-reply@${host}`, name: 'CP Disputes' };
}

/** RFC 5545: every content line, the last one too, ends with CRLF. */
function crlfEnd(text: string): string {
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
