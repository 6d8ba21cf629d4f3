// The stage's meeting: whether one is needed, who chairs and attends, and the booking (time, join
// link, who has accepted) once the calendar has it, or why it could not be booked.
import { Badge, Link, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { DisputeView } from '../api/types.ts';
import { formatInstant } from '../format.ts';
import { personName, useSession } from '../session.tsx';

const useStyles = makeStyles({
  p: { ...typographyStyles.body1, margin: 0 },
  list: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '4px' },
  note: { ...typographyStyles.caption1, margin: 0, color: tokens.colorNeutralForeground2 },
});

interface Booking {
  start: string;
  end: string;
  joinUrl: string | null;
  cancelled: boolean;
  responses: Record<string, string>;
  attendeeIds: string[];
  warnings: string[];
}

const answerWords: Record<string, { label: string; color: 'success' | 'danger' | 'warning' | 'subtle' }> = {
  accepted: { label: 'Accepted', color: 'success' },
  tentative: { label: 'Tentative', color: 'warning' },
  declined: { label: 'Declined', color: 'danger' },
  none: { label: 'No answer yet', color: 'subtle' },
};

/** The current stage's booking: from the API's `meeting`, or followed through the events on older servers. */
export function currentBooking(d: DisputeView): Booking | null {
  if (d.meeting)
    return {
      start: d.meeting.start,
      end: d.meeting.end,
      joinUrl: d.meeting.joinUrl,
      cancelled: false,
      responses: d.meeting.responses,
      attendeeIds: [d.meeting.chairId, ...d.meeting.attendeeIds],
      warnings: d.meeting.warnings,
    };
  let booking = null as (Booking & { key: string }) | null;
  for (const e of d.events) {
    if (e.stageId !== d.stage?.id) continue;
    if (e.type === 'MeetingBooked')
      booking = {
        key: String(e.meetingKey),
        start: String(e.start),
        end: String(e.end),
        joinUrl: (e.joinUrl as string | null) ?? null,
        cancelled: false,
        responses: {},
        attendeeIds: [String(e.chairId), ...((e.attendeeIds as string[] | undefined) ?? [])],
        warnings: (e.warnings as string[] | undefined) ?? [],
      };
    else if (e.type === 'MeetingMoved' && booking && e.meetingKey === booking.key)
      booking = { ...booking, start: String(e.start), end: String(e.end) };
    else if (e.type === 'MeetingCancelled' && booking && e.meetingKey === booking.key)
      booking = { ...booking, cancelled: true };
  }
  return booking;
}

export function MeetingPanel(props: { dispute: DisputeView }) {
  const s = useStyles();
  const session = useSession();
  const d = props.dispute;
  const plan = d.stage?.meeting;
  const booking = currentBooking(d);
  const live = booking && !booking.cancelled ? booking : null;
  return (
    <>
      {plan ? (
        <p className={s.p}>
          A meeting is {plan.need} at this stage.
          {plan.chairId ? ` Chaired by ${personName(session, plan.chairId)}.` : ''}
        </p>
      ) : null}
      {live ? (
        <>
          <p className={s.p}>
            Booked for {formatInstant(live.start)} to {formatInstant(live.end).split(', ').pop()}.
          </p>
          {live.joinUrl ? (
            <p className={s.p}>
              <Link href={live.joinUrl} target="_blank" rel="noreferrer">
                Join the online meeting
              </Link>
            </p>
          ) : null}
          <ul className={s.list} aria-label="Invitations">
            {[...new Set(live.attendeeIds)].map((id) => {
              const answer = answerWords[live.responses[id] ?? 'none'] ?? answerWords.none!;
              return (
                <li key={id}>
                  {personName(session, id)}{' '}
                  <Badge appearance="tint" color={answer.color}>
                    {answer.label}
                  </Badge>
                </li>
              );
            })}
          </ul>
          {live.warnings.map((w) => (
            <p key={w} className={s.note}>
              {w}
            </p>
          ))}
        </>
      ) : booking?.cancelled ? (
        <p className={s.p}>The meeting was cancelled.</p>
      ) : d.meetingNotBooked ? (
        <>
          <p className={s.p}>The meeting could not be booked: {d.meetingNotBooked.reason}</p>
          {d.meetingNotBooked.nextBestSlots.length ? (
            <ul className={s.list} aria-label="The next best times">
              {d.meetingNotBooked.nextBestSlots.map((slot) => (
                <li key={slot.start}>{formatInstant(slot.start)}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : plan ? (
        <p className={s.p}>Not booked yet.</p>
      ) : null}
    </>
  );
}
