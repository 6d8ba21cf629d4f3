// Every event of a dispute, oldest first: who, what, when (London time) and to whom. The event
// stream is the audit record, so nothing is left out; an event this tab does not know yet is shown
// by its name rather than hidden.
import { makeStyles, tokens, typographyStyles } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { DisputeEvent, DisputeView } from '../api/schema.ts';
import { formatDay, formatInstant, plural } from '../format.ts';
import { causeLabels, labelOf, meetingOutcomeLabels, outcomeLabels, reminderLabels } from '../labels.ts';
import { personName, stageName, themeLabel, useSession, type Session } from '../session.tsx';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'grid',
    gridTemplateColumns: '190px 1fr',
    gap: '4px 16px',
    padding: '12px 0',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    '@media (max-width: 640px)': { gridTemplateColumns: '1fr' },
  },
  when: { ...typographyStyles.caption1, color: tokens.colorNeutralForeground2, paddingTop: '2px' },
  what: { ...typographyStyles.body1Strong, margin: 0 },
  body: { display: 'flex', flexDirection: 'column', gap: '4px', minWidth: 0 },
  detail: { ...typographyStyles.body1, margin: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' },
  to: { ...typographyStyles.caption1, margin: 0, color: tokens.colorNeutralForeground2 },
  quote: {
    ...typographyStyles.body1,
    margin: '2px 0',
    padding: '6px 12px',
    borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
  },
});

interface Described {
  what: string;
  details?: ReactNode[];
  quote?: string;
  to?: { label: string; ids: string[] }[];
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const ids = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

function describe(e: DisputeEvent, d: DisputeView, s: Session): Described {
  const who = personName(s, e.actorId);
  const stage = (id: unknown) => stageName(s, d.protocolId, str(id));
  switch (e.type) {
    case 'Raised': {
      const recurrence = ids(e.recurrenceOf);
      const details: ReactNode[] = [`Theme: ${themeLabel(s, d.protocolId, str(e.theme))}.`];
      if (e.immediateRisk) details.push('The child is at immediate risk of significant harm.');
      if (e.bypassReason) details.push(`Started at "${stage(e.startStageId)}": ${str(e.bypassReason)}`);
      if (recurrence.length)
        details.push(
          `Started at "${stage(e.startStageId)}" because a similar concern about this child is still unresolved (${plural(recurrence.length, 'earlier dispute')}).`,
        );
      return { what: `${who} raised the dispute`, details, quote: str(e.concern) };
    }
    case 'StageOpened': {
      const meeting = e.meeting as { need?: string; chairId?: string | null; attendeeIds?: string[] } | null;
      const details: ReactNode[] = [
        // Due at close of business (SEEDS.md "Working days"): the instant says the time too.
        `Response due by ${e.dueAt ? formatInstant(str(e.dueAt)) : formatDay(str(e.dueOn))} (${plural(Number(e.workingDays), 'working day')}).`,
      ];
      if (meeting?.need && meeting.need !== 'none')
        details.push(`A meeting is ${meeting.need} at this stage.`);
      if (e.capOn) details.push(`The overall time limit runs to ${formatDay(str(e.capOn))}.`);
      // Why someone other than the usual holder was asked: the raiser's own role, a shared mailbox.
      const notes = Array.isArray(e.routingNotes) ? (e.routingNotes as { reason?: unknown }[]) : [];
      for (const n of notes) if (typeof n.reason === 'string') details.push(n.reason);
      return {
        what: `"${stage(e.stageId)}" opened`,
        details,
        to: [
          { label: 'Asked to respond', ids: ids(e.respondentIds) },
          { label: 'Copied', ids: ids(e.copiedIds) },
          { label: 'Told', ids: ids(e.notifiedIds) },
          ...(meeting
            ? [
                {
                  label: 'Meeting',
                  ids: [...(meeting.chairId ? [meeting.chairId] : []), ...(meeting.attendeeIds ?? [])],
                },
              ]
            : []),
        ],
      };
    }
    case 'Acknowledged':
      return { what: `${who} acknowledged "${stage(e.stageId)}"` };
    case 'Responded': {
      const details: ReactNode[] = [];
      if (e.actionsProposed) details.push(`Actions proposed: ${str(e.actionsProposed)}`);
      if (e.moreTimeUntil) details.push(`Asks for more time until ${formatDay(str(e.moreTimeUntil))}.`);
      return {
        what: `${who} responded: ${labelOf(outcomeLabels, str(e.outcome))}`,
        quote: str(e.text),
        details,
      };
    }
    case 'Extended':
      return {
        what: `${who} gave more time`,
        details: [
          `Due date moved from ${formatDay(str(e.previousDueOn))} to ${formatDay(str(e.dueOn))}.`,
          ...(e.beyondCapOn
            ? [`This is past the overall time limit (${formatDay(str(e.beyondCapOn))}).`]
            : []),
        ],
        quote: str(e.reason),
      };
    case 'CoSigned':
      return {
        what: `${who} co-signed the response of ${personName(s, str(e.responseBy))} at "${stage(e.stageId)}"`,
      };
    case 'AutomaticStepRefused':
      return {
        what: `The dispute could not move on to "${stage(e.toStageId)}" by itself`,
        quote: str(e.why),
        to: [{ label: 'Told', ids: ids(e.alertedIds) }],
      };
    case 'ReminderDue':
      return {
        what: labelOf(reminderLabels, str(e.kind)),
        details: [`For "${stage(e.stageId)}".`],
        to: [{ label: 'Sent to', ids: ids(e.recipientIds) }],
      };
    case 'DeadlineMissed':
      return {
        what: `The deadline for "${stage(e.stageId)}" (${formatDay(str(e.dueOn))}) passed without an answer`,
        details: [
          e.action === 'ask-chair'
            ? `The chair decides what happens next.${e.autoEscalateOn ? ` Without a decision it moves on by itself at close of business on ${formatDay(str(e.autoEscalateOn))}.` : ''}`
            : 'The protocol moves the dispute to the next stage.',
        ],
        to: [{ label: 'Consulted', ids: ids(e.consultIds) }],
      };
    case 'Escalated':
      return {
        what: `${e.cause === 'chair' ? who : 'The dispute'} escalated from "${stage(e.fromStageId)}" to "${stage(e.toStageId)}"${e.cause === 'chair' ? '' : ` ${labelOf(causeLabels, str(e.cause))}`}`,
        quote: str(e.reason),
      };
    case 'CapReached':
      return {
        what: `The overall time limit (${formatDay(str(e.capOn))}) was reached`,
        to: [{ label: 'Alerted', ids: ids(e.alertedIds) }],
      };
    case 'Resolved':
      return {
        what: `${who} resolved the dispute`,
        quote: str(e.summary),
        details: [e.keepMonitoring ? 'The chair will keep monitoring.' : 'No further monitoring.'],
      };
    case 'Withdrawn':
      return { what: `${who} withdrew the dispute`, quote: str(e.reason) };
    case 'NoteAdded':
      return { what: `${who} added a note`, quote: str(e.text) };
    case 'MeetingOutcomeRecorded':
      return {
        what: `${who} recorded the meeting: ${labelOf(meetingOutcomeLabels, str(e.outcome))}`,
        quote: str(e.text),
      };
    case 'MeetingBooked':
      return {
        what: `Meeting booked for ${formatInstant(str(e.start))}`,
        details: [...(e.joinUrl ? ['Online meeting link available (see Meeting).'] : []), ...ids(e.warnings)],
        to: [{ label: 'Invited', ids: [str(e.chairId), ...ids(e.attendeeIds)].filter(Boolean) }],
      };
    case 'MeetingNotBooked':
      return { what: 'The meeting could not be booked', quote: str(e.reason) };
    case 'MeetingMoved':
      return { what: `Meeting moved to ${formatInstant(str(e.start))}`, quote: str(e.reason) };
    case 'MeetingCancelled':
      return { what: 'Meeting cancelled', quote: str(e.reason) };
    case 'MeetingResponseRecorded':
      return {
        what: `${personName(s, str(e.personId))} answered the meeting invitation: ${str(e.response)}`,
      };
    case 'Redacted':
      return {
        what: 'The record was disposed of under the retention schedule',
        details: [
          `Rule: ${str(e.rule)}. Names, the child's details and every text were erased; the timeline's shape is kept for statistics.`,
        ],
      };
    default:
      return { what: `${e.type.replace(/([a-z])([A-Z])/g, '$1 $2')}${e.actorId ? ` (${who})` : ''}` };
  }
}

export function Timeline(props: { dispute: DisputeView }) {
  const st = useStyles();
  const session = useSession();
  return (
    <ol className={st.list} aria-label="Events, oldest first">
      {props.dispute.events.map((e) => {
        const x = describe(e, props.dispute, session);
        const to = (x.to ?? []).filter((t) => t.ids.length > 0);
        return (
          <li key={e.seq} className={st.item}>
            <time className={st.when} dateTime={e.at}>
              {formatInstant(e.at)}
            </time>
            <div className={st.body}>
              <p className={st.what}>{x.what}</p>
              {x.quote ? <blockquote className={st.quote}>{x.quote}</blockquote> : null}
              {(x.details ?? []).map((line, i) => (
                <p key={i} className={st.detail}>
                  {line}
                </p>
              ))}
              {to.map((t) => (
                <p key={t.label} className={st.to}>
                  {t.label}: {t.ids.map((id) => personName(session, id)).join(', ')}
                </p>
              ))}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
