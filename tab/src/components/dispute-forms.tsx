// The forms for what this reader may do with a dispute, drawn from the server's `allowedActions`
// and nothing else: a form appears when its action is offered, and its choices and limits (the
// outcomes, the stages one may escalate to, the first date the server accepts, the grounds, the
// lengths) are the offer's. The server decides again when the form is sent.
import type { paths } from '../api/openapi-schema.d.ts';
import type { AllowedActions, DisputeView } from '../api/schema.ts';
import { formatDay, toUkDate } from '../format.ts';
import { groundsLabels, optionsOf, outcomeLabels } from '../labels.ts';
import type { FieldSpec, Values } from './action-form.tsx';
import { choiceField, dateField, isoDay, reasonField, textField } from './form-fields.ts';

/** The API's actions on one dispute: each answers with the dispute as it now is. */
export type ActionPath = Extract<keyof paths, `/api/disputes/{id}/${string}`> &
  { [P in keyof paths]: paths[P] extends { post: { requestBody?: unknown } } ? P : never }[keyof paths];

export interface FormDef {
  key: string;
  title: string;
  submitLabel: string;
  path: ActionPath;
  fields: FieldSpec[];
  body: (v: Values) => Record<string, unknown>;
  success: string;
}

type Offer<K extends keyof AllowedActions> = NonNullable<AllowedActions[K]>;

function respondForm(o: Offer<'respond'>, asks: string | undefined): FormDef {
  return {
    key: 'respond',
    title: 'Respond',
    submitLabel: 'Send response',
    path: '/api/disputes/{id}/responses',
    success: 'Your response was sent to the chair.',
    fields: [
      choiceField('outcome', 'Your answer', optionsOf(outcomeLabels, o.outcomes), {
        empty: 'Choose your answer.',
      }),
      textField('text', 'Your response', {
        max: o.textMaxLength,
        what: 'Your response',
        empty: 'Write your response.',
        ...(asks ? { hint: `What is asked: ${asks}` } : {}),
      }),
      textField('actionsProposed', 'Actions taken or proposed (optional)', {
        max: o.actionsProposedMaxLength,
        what: 'The actions',
      }),
      dateField('moreTimeUntil', 'More time until', {
        earliest: o.moreTimeEarliestOn,
        what: 'The date',
        empty: 'Enter the date you need until.',
        hint: `A working day from ${toUkDate(o.moreTimeEarliestOn)} on.`,
        visible: (v) => v.outcome === 'needs-more-time',
      }),
    ],
    body: (v) => ({
      stageId: o.stageId,
      outcome: v.outcome,
      text: v.text,
      ...(v.actionsProposed?.trim() ? { actionsProposed: v.actionsProposed } : {}),
      ...(v.outcome === 'needs-more-time' ? { moreTimeUntil: isoDay(v.moreTimeUntil) } : {}),
    }),
  };
}

function coSignForm(o: Offer<'coSign'>, name: (id: string) => string): FormDef {
  return {
    key: 'co-sign',
    title: 'Co-sign the jointly agreed response',
    submitLabel: 'Co-sign',
    path: '/api/disputes/{id}/co-sign',
    success: 'You co-signed the jointly agreed response; the chair has been told.',
    // Which response, only when there is more than one to choose from.
    fields:
      o.responseBy.length > 1
        ? [
            choiceField(
              'responseBy',
              'The response you co-sign',
              o.responseBy.map((id) => ({ value: id, label: `${name(id)}’s response` })),
              { empty: 'Choose the response you co-sign.', initial: o.defaultResponseBy },
            ),
          ]
        : [],
    body: (v) => ({ responseBy: v.responseBy || o.defaultResponseBy }),
  };
}

function escalateForm(o: Offer<'escalate'>): FormDef {
  const referral = (stageId: string | undefined) =>
    o.targets.find((t) => t.stageId === stageId)?.needsConsultation;
  const consult = o.consultRoles.length ? ` (${o.consultRoles.join(', ')})` : '';
  return {
    key: 'escalate',
    title: 'Escalate to a later stage',
    submitLabel: 'Escalate now',
    path: '/api/disputes/{id}/escalate',
    success: 'The dispute was escalated.',
    fields: [
      choiceField(
        'toStageId',
        'Escalate to',
        o.targets.map((t) => ({ value: t.stageId, label: t.isNext ? `${t.name} (the next stage)` : t.name })),
        { empty: 'Choose the stage to escalate to.', initial: o.defaultStageId },
      ),
      ...(o.grounds.asked
        ? [
            {
              // Calderdale 6.16: "has not received a response in timescale or is dissatisfied".
              ...choiceField('grounds', 'Why it moves on', optionsOf(groundsLabels, o.grounds.allowed), {
                empty: 'Say why the dispute moves on.',
              }),
              required: o.grounds.required,
              check: (v: string) => (v || !o.grounds.required ? null : 'Say why the dispute moves on.'),
            },
          ]
        : []),
      reasonField('Why you are escalating', 'Give the reason for escalating.', o.reasonMaxLength),
      textField('recommendations', 'Recommendations for remedial action at this stage (optional)', {
        max: o.recommendationsMaxLength,
        what: 'The recommendations',
      }),
      {
        name: 'consulted',
        label: `I have consulted as the protocol asks before referring straight to this stage${consult}`,
        kind: 'checkbox',
        initial: 'false',
        visible: (v) => Boolean(referral(v.toStageId)),
      },
    ],
    body: (v) => ({
      toStageId: v.toStageId,
      reason: v.reason,
      ...(v.grounds ? { grounds: v.grounds } : {}),
      ...(v.recommendations?.trim() ? { recommendations: v.recommendations } : {}),
      ...(referral(v.toStageId) && v.consulted === 'true' ? { consulted: true } : {}),
    }),
  };
}

function extendForm(o: Offer<'extend'>): FormDef {
  const cap = o.capOn
    ? ` The overall time limit is ${formatDay(o.capOn)}: a later date is recorded as going past it.`
    : '';
  return {
    key: 'extend',
    title: 'Give more time',
    submitLabel: 'Give more time',
    path: '/api/disputes/{id}/extend',
    success: 'The due date was changed.',
    fields: [
      dateField('dueOn', 'New due date', {
        earliest: o.earliestDueOn,
        what: 'The new due date',
        empty: 'Enter the new due date.',
        hint: `Currently due ${formatDay(o.currentDueOn)}. A working day from ${toUkDate(o.earliestDueOn)} on.${cap}`,
      }),
      reasonField('Why more time is given', 'Give the reason for more time.', o.reasonMaxLength),
    ],
    body: (v) => ({ dueOn: isoDay(v.dueOn), reason: v.reason }),
  };
}

function resolveForm(o: Offer<'resolve'>): FormDef {
  return {
    key: 'resolve',
    title: 'Resolve',
    submitLabel: 'Resolve the dispute',
    path: '/api/disputes/{id}/resolve',
    success: 'The dispute was resolved.',
    fields: [
      textField('summary', 'How the concern was resolved', {
        max: o.summaryMaxLength,
        what: 'The summary',
        empty: 'Write how the concern was resolved.',
      }),
      {
        name: 'keepMonitoring',
        label: 'Keep monitoring (for example at the core group)',
        kind: 'checkbox',
        initial: 'true',
      },
    ],
    body: (v) => ({ summary: v.summary, keepMonitoring: v.keepMonitoring === 'true' }),
  };
}

const withdrawForm = (o: Offer<'withdraw'>): FormDef => ({
  key: 'withdraw',
  title: 'Withdraw',
  submitLabel: 'Withdraw the dispute',
  path: '/api/disputes/{id}/withdraw',
  success: 'The dispute was withdrawn.',
  fields: [
    reasonField('Why the dispute is withdrawn', 'Give the reason for withdrawing.', o.reasonMaxLength),
  ],
  body: (v) => ({ reason: v.reason }),
});

const noteForm = (o: Offer<'addNote'>): FormDef => ({
  key: 'note',
  title: 'Add a note',
  submitLabel: 'Add the note',
  path: '/api/disputes/{id}/notes',
  success: 'Your note was added.',
  fields: [
    textField('text', 'Note', {
      max: o.textMaxLength,
      what: 'The note',
      empty: 'Write the note.',
      hint: 'Everyone involved in the dispute can read it.',
    }),
  ],
  body: (v) => ({ text: v.text }),
});

/** The dispute's own forms, in the order a reader meets them: answering first, closing last. */
export function disputeForms(d: DisputeView, name: (id: string) => string): FormDef[] {
  const a = d.allowedActions;
  return [
    a.respond && respondForm(a.respond, d.stage?.asks),
    a.coSign && coSignForm(a.coSign, name),
    a.escalate && escalateForm(a.escalate),
    a.extend && extendForm(a.extend),
    a.resolve && resolveForm(a.resolve),
    a.withdraw && withdrawForm(a.withdraw),
    a.addNote && noteForm(a.addNote),
  ].filter((f): f is FormDef => Boolean(f));
}
