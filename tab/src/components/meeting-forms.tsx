// The forms for the stage's meeting, drawn from the server's `allowedActions` like the dispute's
// own: asking for a meeting, confirming one of the proposed times, moving the booked meeting, and
// recording what the meeting decided.
import type { AllowedActions } from '../api/schema.ts';
import { formatInstant, londonDay, londonInstant, londonTime, toUkDate } from '../format.ts';
import { meetingOutcomeLabels, optionsOf } from '../labels.ts';
import type { FieldSpec, Values } from './action-form.tsx';
import type { FormDef } from './dispute-forms.tsx';
import { choiceField, dateField, isoDay, reasonField, textField } from './form-fields.ts';

type Offer<K extends keyof AllowedActions> = NonNullable<AllowedActions[K]>;

const timeField = (name: string, label: string, initial: string): FieldSpec => ({
  name,
  label,
  kind: 'text',
  required: true,
  initial,
  hint: 'London time, for example 14:30.',
  check: (v) => (londonInstant('2026-01-01', v) ? null : 'Enter a time like 14:30.'),
});

const requestForm = (o: Offer<'requestMeeting'>): FormDef => ({
  key: 'meeting-request',
  title: o.again ? 'Ask for the meeting again' : 'Ask for a meeting',
  submitLabel: 'Ask for the meeting',
  path: '/api/disputes/{id}/meeting/request',
  success: 'The meeting was asked for; the calendar books it.',
  fields: [reasonField('Why a meeting is needed', 'Give the reason for the meeting.', o.reasonMaxLength)],
  body: (v) => ({ reason: v.reason }),
});

const confirmForm = (o: Offer<'confirmMeetingSlot'>): FormDef => ({
  key: 'meeting-confirm',
  title: 'Confirm a time for the meeting',
  submitLabel: 'Confirm this time',
  path: '/api/disputes/{id}/meeting/confirm',
  success: 'The time was confirmed; the meeting is booked for it.',
  fields: [
    choiceField(
      'start',
      'Time',
      o.slots.map((s) => ({ value: s.start, label: formatInstant(s.start) })),
      { empty: 'Choose one of the proposed times.' },
    ),
  ],
  body: (v) => ({ start: v.start }),
});

function moveForm(o: Offer<'moveMeeting'>): FormDef {
  const at = (v: Values, time: string | undefined) => londonInstant(isoDay(v.day), time ?? '');
  return {
    key: 'meeting-move',
    title: 'Move the meeting',
    submitLabel: 'Move the meeting',
    path: '/api/disputes/{id}/meeting/move',
    success: 'The meeting was moved; everyone invited is told.',
    fields: [
      dateField('day', 'New date', {
        example: londonDay(o.start),
        what: 'The new date',
        empty: 'Enter the new date.',
        hint: `Booked now for ${formatInstant(o.start)}. A working day, for example ${toUkDate(londonDay(o.start))}.`,
      }),
      timeField('startTime', 'Starts at', londonTime(o.start)),
      {
        ...timeField('endTime', 'Ends at', londonTime(o.end)),
        check: (v, all) =>
          !londonInstant('2026-01-01', v)
            ? 'Enter a time like 15:30.'
            : v.padStart(5, '0') <= (all.startTime ?? '').padStart(5, '0')
              ? 'The meeting must end after it starts.'
              : null,
      },
      reasonField('Why it moves', 'Give the reason for moving it.', o.reasonMaxLength),
    ],
    body: (v) => ({ start: at(v, v.startTime), end: at(v, v.endTime), reason: v.reason }),
  };
}

const outcomeForm = (o: Offer<'recordMeetingOutcome'>): FormDef => ({
  key: 'meeting-outcome',
  title: 'Record the meeting',
  submitLabel: 'Record the meeting',
  path: '/api/disputes/{id}/meeting-outcome',
  success: 'The meeting was recorded.',
  fields: [
    choiceField('outcome', 'Outcome', optionsOf(meetingOutcomeLabels, o.outcomes), {
      empty: 'Choose the outcome.',
    }),
    textField('text', 'What the meeting decided', {
      max: o.textMaxLength,
      what: 'The record',
      empty: 'Write what the meeting decided.',
    }),
  ],
  body: (v) => ({ outcome: v.outcome, text: v.text }),
});

export function meetingForms(a: AllowedActions): FormDef[] {
  return [
    a.requestMeeting && requestForm(a.requestMeeting),
    a.confirmMeetingSlot && confirmForm(a.confirmMeetingSlot),
    a.moveMeeting && moveForm(a.moveMeeting),
    a.recordMeetingOutcome && outcomeForm(a.recordMeetingOutcome),
  ].filter((f): f is FormDef => Boolean(f));
}
