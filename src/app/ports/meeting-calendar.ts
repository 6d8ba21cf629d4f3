// Resolution meetings in people's calendars. The Graph adapter books Teams meetings in Outlook
// calendars from a service mailbox; the embedded default plans against the directory's working
// hours and produces iCalendar invitations. Times are ISO-8601 instants.

export interface TimeSlot {
  start: string;
  end: string;
}

/** What a calendar knows of someone's time: busy blocks (and working hours, where it has them). */
export interface Availability {
  personId: string;
  busy: TimeSlot[];
  /** Working hours as the calendar reports them; null means "use the directory's". */
  workingHours: { days: number[]; start: string; end: string; timeZone: string } | null;
}

export interface MeetingRequest {
  /** Stable across retries: the calendar adapter's idempotency key (Graph transactionId, ICS UID). */
  meetingKey: string;
  subject: string;
  /** Plain text body: no child's name or date of birth, only the reference and the stage. */
  body: string;
  slot: TimeSlot;
  organiser: { personId: string; email: string; name: string };
  attendees: { personId: string; email: string; name: string; role: 'chair' | 'required' }[];
  online: boolean;
}

export interface BookedMeeting {
  provider: 'graph' | 'ics';
  /** The calendar's id for the event (Graph event id; the ICS UID). */
  eventId: string;
  joinUrl: string | null;
  /** A created event without a Teams link is reported, not ignored. */
  warnings: string[];
}

export type AttendeeResponse = 'accepted' | 'tentative' | 'declined' | 'none';

export interface MeetingCalendar {
  readonly kind: 'graph' | 'ics';
  availability(people: { personId: string; email: string }[], window: TimeSlot): Promise<Availability[]>;
  book(request: MeetingRequest): Promise<BookedMeeting>;
  move(eventId: string, request: MeetingRequest, sequence: number): Promise<BookedMeeting>;
  cancel(eventId: string, request: MeetingRequest, sequence: number, reason: string): Promise<void>;
  /** Attendee responses, where the calendar tracks them (Graph); empty otherwise. */
  responses(eventId: string): Promise<{ email: string; response: AttendeeResponse }[]>;
}
