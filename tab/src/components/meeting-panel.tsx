// The stage's meeting: whether one is needed, who chairs and attends, the booking (time, join link,
// who has accepted) once the calendar has it, or why it could not be booked; and what this reader
// may do about it, as the server's `allowedActions` offers.
import { Badge, Link, makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { DisputeView } from '../api/schema.ts';
import { formatInstant } from '../format.ts';
import { personName, useSession } from '../session.tsx';
import { ActionForms, type DisputeChange } from './dispute-actions.tsx';
import { meetingForms } from './meeting-forms.tsx';

const useStyles = makeStyles({
  p: { ...typographyStyles.body1, margin: 0 },
  list: { margin: 0, paddingLeft: '20px', display: 'flex', flexDirection: 'column', gap: '4px' },
  note: { ...typographyStyles.caption1, margin: 0, color: tokens.colorNeutralForeground2 },
});

const answerWords: Record<string, { label: string; color: 'success' | 'danger' | 'warning' | 'subtle' }> = {
  accepted: { label: 'Accepted', color: 'success' },
  tentative: { label: 'Tentative', color: 'warning' },
  declined: { label: 'Declined', color: 'danger' },
  none: { label: 'No answer yet', color: 'subtle' },
};

/** Whether the dispute has anything to show or do about a meeting at its stage. */
export function hasMeetingPart(d: DisputeView): boolean {
  return (
    Boolean(d.stage?.meeting || d.meeting || d.meetingNotBooked) || meetingForms(d.allowedActions).length > 0
  );
}

export function MeetingPanel(props: DisputeChange) {
  const s = useStyles();
  const session = useSession();
  const d = props.dispute;
  const plan = d.stage?.meeting;
  const live = d.meeting;
  const forms = meetingForms(d.allowedActions);
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
            {[...new Set([live.chairId, ...live.attendeeIds])].map((id) => {
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
      {forms.length > 0 ? <ActionForms {...props} forms={forms} /> : null}
    </>
  );
}
