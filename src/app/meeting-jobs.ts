// Calendar work for resolution meetings, done from the outbox so it is retried and never lost:
// book the stage's meeting at the earliest time everyone is free inside working hours and before
// the deadline (or tell the chair there is none, with the next best times), move it, cancel it,
// and follow attendees' answers. What happened is recorded through the core as system events.
import { findMeetingSlots, type AttendeeTime } from '../core/calendar/meeting-slots.ts';
import type { DisputeCommand } from '../core/dispute/dispute-commands.ts';
import { meetingJobReasons } from '../core/dispute/notifications.ts';
import { activeMeeting, type MeetingBooking } from '../core/dispute/dispute-state.ts';
import { nextMeetingKey, whyMeetingIsNotToBeBooked } from '../core/dispute/decide-meeting.ts';
import { stageById } from '../core/protocol/stage-queries.ts';
import type { AppServices } from './app-services.ts';
import { loadDispute, writeAsSystem, type LoadedDispute } from './dispute-writer.ts';
import { DeliveryError, type Delivery } from './ports/delivery.ts';
import type { Person } from './ports/directory.ts';
import type { OutboxRow } from './ports/outbox.ts';
import type { MeetingCalendar, MeetingRequest } from './ports/meeting-calendar.ts';
import type { MeetingChatApps } from './ports/meeting-chat.ts';

export interface MeetingJobOptions {
  calendar: MeetingCalendar;
  /** The service mailbox that organises meetings (Graph); the meeting's chair otherwise. */
  organiser: { email: string; name: string } | null;
  appBaseUrl: string;
  /** Adds the app and the dispute's tab to a booked Teams meeting's chat (Graph with TEAMS_CATALOG_APP_ID). */
  meetingChat?: MeetingChatApps | null;
  /** The invitation's words (the council's WORDING_FILE, through the bot's wording); these by default. */
  words?: MeetingWords;
}

/** What a meeting invitation says. Attendees' calendars show it: the reference and the stage, never the child. */
export interface MeetingWords {
  subject(v: { process: string; stage: string; reference: string }): string;
  body(v: { reference: string; stage: string; asks: string; link: string }): string;
  noLongerNeeded(): string;
}

export const defaultMeetingWords: MeetingWords = {
  subject: (v) => `${v.process}: ${v.stage} (${v.reference})`,
  body: (v) =>
    `Resolution meeting for ${v.reference}, ${v.stage}.\n` +
    `${v.asks}\n\nThe dispute, its history and what is asked are in CP Disputes: ${v.link}`,
  noLongerNeeded: () => 'This meeting is no longer needed.',
};

/** Routes calendar jobs to the meeting worker and everything else to the message delivery. */
export function routeDeliveries(messages: Delivery, meetings: Delivery): Delivery {
  return {
    kind: `${messages.kind}+${meetings.kind}`,
    deliver: (row) => (meetingJobReasons.includes(row.reason as never) ? meetings : messages).deliver(row),
  };
}

export function createMeetingJobDelivery(services: AppServices, options: MeetingJobOptions): Delivery {
  return {
    kind: `meetings:${options.calendar.kind}`,
    async deliver(row: OutboxRow) {
      const loaded = await services.db.transaction((tx) =>
        loadDispute(services.store, services.protocols, tx, row.disputeId),
      );
      if (!loaded) throw new DeliveryError('the dispute no longer exists', { permanent: true });
      switch (row.reason) {
        case 'book-meeting':
          await bookStageMeeting(services, options, loaded, row.stageId ?? '');
          return;
        case 'update-meeting':
        case 'cancel-meeting': {
          const booking = [...loaded.state.meetings].reverse().find((m) => m.stageId === row.stageId);
          if (!booking) return;
          const request = await meetingRequest(services, options, loaded, booking, booking);
          if (row.reason === 'update-meeting')
            await options.calendar.move(booking.eventId, request, booking.sequence);
          else if (booking.cancelled) {
            // The attendees see why (resolved, withdrawn, moved on), as the dispute recorded it.
            const why = loaded.events.findLast(
              (e) => e.event.type === 'MeetingCancelled' && e.event.meetingKey === booking.meetingKey,
            );
            const reason =
              why?.event.type === 'MeetingCancelled'
                ? why.event.reason
                : (options.words ?? defaultMeetingWords).noLongerNeeded();
            await options.calendar.cancel(booking.eventId, request, booking.sequence, reason);
          }
          return;
        }
        default:
          throw new DeliveryError(`not a calendar job: ${row.reason}`, { permanent: true });
      }
    },
  };
}

async function bookStageMeeting(
  services: AppServices,
  options: MeetingJobOptions,
  loaded: LoadedDispute,
  stageId: string,
) {
  const { state, entry } = loaded;
  // Done already, the dispute has moved on, the chair recorded the meeting as not held, or an
  // optional meeting nobody asked for: nothing to book (the core refuses it too).
  if (state.status !== 'open' || state.stage?.id !== stageId || !state.stage.meeting) return;
  const stage = stageById(entry.protocol, stageId)!;
  if (whyMeetingIsNotToBeBooked(state, stage)) return;
  const plan = state.stage.meeting;
  const chairId = plan.chairId ?? state.raiserId;
  const confirmed = state.stage.confirmedSlot;
  // Someone confirms the date (Bradford stage 3): once they have, exactly that time is booked.
  if (confirmed) return bookSlot(services, options, loaded, stageId, confirmed, chairId, plan.attendeeIds);
  // Proposed already and waiting for the confirmer: nothing to do until they choose.
  if (plan.confirmerIds?.length && state.stage.proposedSlots) return;
  const people = await peopleOf(services, [chairId, ...plan.attendeeIds]);
  const now = services.clock.now();
  // Booked with notice (SEEDS.md "Meetings"): from the start of the London day the protocol's
  // notice (a council setting, default the next working day) allows, never for a minute from now.
  const today = entry.calendar.londonDateOf(now);
  const notice = entry.protocol.meetingNotice.workingDays;
  const from =
    notice === 0
      ? roundUpToHalfHour(now)
      : entry.calendar.at(entry.calendar.addWorkingDays(today, notice), '00:00');
  const until = state.stage.dueAt;
  const availability = await options.calendar.availability(
    people.map((p) => ({ personId: p.id, email: p.email })),
    { start: from, end: entry.calendar.endOfDay(entry.calendar.addWorkingDays(state.stage.dueOn, 10)) },
  );
  const attendees: AttendeeTime[] = people.map((p) => {
    const a = availability.find((x) => x.personId === p.id);
    // The calendar's working hours are used only when they are London hours (what the slot
    // finder plans in); otherwise the directory's.
    const london =
      a?.workingHours && ['Europe/London', 'GMT Standard Time'].includes(a.workingHours.timeZone);
    return { personId: p.id, workingHours: london ? a!.workingHours! : p.workingHours, busy: a?.busy ?? [] };
  });
  const search = {
    from,
    durationMinutes: stage.meeting.durationMinutes,
    attendees,
    calendar: entry.calendar,
  };
  const toConfirm = Boolean(plan.confirmerIds?.length);
  const found = findMeetingSlots({ ...search, until, limit: toConfirm ? 3 : 1 });
  const [slot] = found;
  if (slot && toConfirm)
    return appendSystem(services, loaded, { type: 'propose-meeting-slots', stageId, slots: found });
  if (!slot) {
    const later = findMeetingSlots({
      ...search,
      until: entry.calendar.endOfDay(entry.calendar.addWorkingDays(state.stage.dueOn, 10)),
      limit: 3,
    });
    return appendSystem(services, loaded, {
      type: 'record-meeting-not-booked',
      stageId,
      reason: `There is no time before the end of ${state.stage.dueOn} when everyone is free within their working hours.`,
      nextBestSlots: later,
    });
  }
  return bookSlot(services, options, loaded, stageId, slot, chairId, plan.attendeeIds);
}

async function bookSlot(
  services: AppServices,
  options: MeetingJobOptions,
  loaded: LoadedDispute,
  stageId: string,
  slot: { start: string; end: string },
  chairId: string,
  attendeeIds: string[],
) {
  const booking = { start: slot.start, end: slot.end, chairId, attendeeIds };
  const request = await meetingRequest(services, options, loaded, booking, null);
  const booked = await options.calendar.book(request);
  const chatWarnings =
    booked.joinUrl && options.meetingChat
      ? await addToMeetingChat(options.meetingChat, booked.joinUrl, loaded)
      : [];
  await appendSystem(services, loaded, {
    type: 'record-meeting-booked',
    stageId,
    slot,
    provider: booked.provider,
    eventId: booked.eventId,
    joinUrl: booked.joinUrl,
    warnings: [...booked.warnings, ...chatWarnings],
  });
}

/**
 * The app and the dispute's tab in the booked meeting's chat, so the chair finds the timeline and
 * the record-the-meeting form in the meeting. Never fails the booking: what went wrong becomes a
 * warning on it, which the chair sees with the meeting (and can do by hand from the meeting).
 */
async function addToMeetingChat(
  chat: MeetingChatApps,
  joinUrl: string,
  loaded: LoadedDispute,
): Promise<string[]> {
  try {
    await chat.addToMeetingChat({
      joinUrl,
      disputeId: loaded.state.id,
      reference: loaded.projection.reference,
    });
    return [];
  } catch (e) {
    const why = (e as Error).message.replace(/\.$/, '');
    return [
      `CP Disputes could not add itself to the Teams meeting's chat (${why}). The meeting is booked; to see the dispute in the meeting, add CP Disputes from the meeting's Apps and choose this dispute.`,
    ];
  }
}

/** The invitation's content: the dispute's reference and stage, never the child's details. */
async function meetingRequest(
  services: AppServices,
  options: MeetingJobOptions,
  loaded: LoadedDispute,
  booking: Pick<MeetingBooking, 'start' | 'end' | 'chairId' | 'attendeeIds'>,
  existing: MeetingBooking | null,
): Promise<MeetingRequest> {
  const { state, entry, projection } = loaded;
  const stageId = existing?.stageId ?? state.stage!.id;
  const stage = stageById(entry.protocol, stageId)!;
  const [chair, ...attendees] = await peopleOf(services, [booking.chairId, ...booking.attendeeIds]);
  const link = `${options.appBaseUrl}/tab/disputes/${state.id}`;
  const words = options.words ?? defaultMeetingWords;
  const reference = projection.reference;
  return {
    meetingKey: existing?.meetingKey ?? nextMeetingKey(state, stageId),
    subject: words.subject({ process: entry.protocol.processName, stage: stage.name, reference }),
    body: words.body({ reference, stage: stage.name, asks: stage.asks, link }),
    slot: { start: booking.start, end: booking.end },
    organiser: options.organiser
      ? { personId: 'organiser', ...options.organiser }
      : { personId: chair!.id, email: chair!.email, name: chair!.name },
    attendees: [
      { personId: chair!.id, email: chair!.email, name: chair!.name, role: 'chair' },
      ...attendees.map((p) => ({ personId: p.id, email: p.email, name: p.name, role: 'required' as const })),
    ],
    online: true,
  };
}

/** Follows attendees' answers (Graph): the fallback for, and the worker behind, change notifications. */
export async function syncMeetingResponses(
  services: AppServices,
  calendar: MeetingCalendar,
  disputeIds?: readonly string[],
) {
  const ids =
    disputeIds ?? (await services.db.transaction((tx) => services.store.openDisputesWithMeetings(tx)));
  let recorded = 0;
  for (const id of ids) {
    const loaded = await services.db.transaction((tx) =>
      loadDispute(services.store, services.protocols, tx, id),
    );
    const booking = loaded && activeMeeting(loaded.state);
    if (!loaded || !booking || booking.provider !== calendar.kind) continue;
    const answers = await calendar.responses(booking.eventId);
    const people = await peopleOf(services, [booking.chairId, ...booking.attendeeIds]);
    for (const answer of answers) {
      const person = people.find((p) => p.email.toLowerCase() === answer.email.toLowerCase());
      if (!person || (booking.responses[person.id] ?? 'none') === answer.response) continue;
      const fresh = await services.db.transaction((tx) =>
        loadDispute(services.store, services.protocols, tx, id),
      );
      if (!fresh) break;
      const ok = await appendSystem(services, fresh, {
        type: 'record-meeting-response',
        stageId: booking.stageId,
        personId: person.id,
        response: answer.response,
      });
      if (ok) recorded++;
    }
  }
  return recorded;
}

/**
 * Records what the calendar did, by the write path everyone shares: every calendar and directory
 * call is already made, and the write loads the dispute afresh, decides and appends against that
 * version (again, from the load, if another write got in first). False: the core refused it
 * (already recorded, or the dispute moved on meanwhile), nothing to do.
 */
async function appendSystem(
  services: AppServices,
  loaded: LoadedDispute,
  command: DisputeCommand,
): Promise<boolean> {
  const outcome = await writeAsSystem(services, loaded.state.id, { command: async () => command });
  return outcome.kind === 'applied';
}

async function peopleOf(services: AppServices, ids: readonly string[]): Promise<Person[]> {
  const people = await Promise.all(ids.map((id) => services.directory.byId(id)));
  const missing = ids.filter((_, i) => !people[i]);
  if (missing.length)
    throw new DeliveryError(`not in the directory: ${missing.join(', ')}`, { permanent: true });
  return people as Person[];
}

function roundUpToHalfHour(iso: string): string {
  const ms = Date.parse(iso);
  const half = 30 * 60 * 1000;
  return new Date(Math.ceil(ms / half) * half).toISOString();
}
