// The embedded default calendar, used when Microsoft Graph is not configured. It calls nothing:
// it knows nobody's busy times (the app plans against the directory's working hours), and a
// "booking" only names the meeting's iCalendar UID. The invitation itself is produced on demand from
// the dispute's events (see invitation.ts): downloaded from the tab, or in each person's feed.
import type {
  AttendeeResponse,
  Availability,
  BookedMeeting,
  MeetingCalendar,
  MeetingRequest,
  TimeSlot,
} from '../../app/ports/meeting-calendar.ts';
import { icsUidOf } from './invitation.ts';

export interface IcsCalendarOptions {
  /** Who the invitations come from when there is no service mailbox: shown as ORGANIZER. */
  organiser: { email: string; name: string };
}

export interface IcsCalendar extends MeetingCalendar {
  readonly kind: 'ics';
  readonly organiser: { email: string; name: string };
}

export function createIcsCalendar(options: IcsCalendarOptions): IcsCalendar {
  const booked = (eventId: string): BookedMeeting => ({
    provider: 'ics',
    eventId,
    joinUrl: null,
    warnings: [],
  });
  return {
    kind: 'ics',
    organiser: { ...options.organiser },
    async availability(
      people: { personId: string; email: string }[],
      _window: TimeSlot,
    ): Promise<Availability[]> {
      return people.map((p) => ({ personId: p.personId, busy: [], workingHours: null }));
    },
    async book(request: MeetingRequest): Promise<BookedMeeting> {
      return booked(icsUidOf(request.meetingKey));
    },
    async move(eventId: string, _request: MeetingRequest, _sequence: number): Promise<BookedMeeting> {
      return booked(eventId);
    },
    async cancel(
      _eventId: string,
      _request: MeetingRequest,
      _sequence: number,
      _reason: string,
    ): Promise<void> {},
    async responses(_eventId: string): Promise<{ email: string; response: AttendeeResponse }[]> {
      return [];
    },
  };
}
