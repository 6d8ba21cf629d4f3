// What this person may do with this dispute, and nothing else: the API's `yourRoles` and the
// dispute's chair decide which forms appear. Every form sends the version the person was looking
// at, so acting on an out-of-date page is refused rather than applied.
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  tokens,
  typographyStyles,
} from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError, postJson } from '../api/api-client.ts';
import type { DisputeView } from '../api/types.ts';
import { formatDay, parseUkDate, toUkDate } from '../format.ts';
import { meetingOutcomeLabels, outcomeLabels } from '../labels.ts';
import { protocolOf, useSession } from '../session.tsx';
import { checkDate, checkText, limits } from '../validation.ts';
import { ActionForm, type FieldSpec, type Values } from './action-form.tsx';

const useStyles = makeStyles({
  header: { ...typographyStyles.body1Strong },
  panel: { padding: '4px 0 16px 12px' },
  none: { margin: 0, color: tokens.colorNeutralForeground2 },
  ack: { display: 'flex', gap: '12px', alignItems: 'center', flexWrap: 'wrap', marginBottom: '8px' },
});

const iso = (v: string) => {
  const p = parseUkDate(v);
  return p.ok ? p.iso : v;
};

interface FormDef {
  key: string;
  title: string;
  submitLabel: string;
  path: string;
  fields: FieldSpec[];
  body: (v: Values) => Record<string, unknown>;
  success: string;
}

function formsFor(
  d: DisputeView,
  meId: string,
  protocolStages: { id: string; name: string; escalationGrounds?: unknown }[],
  /** Stages a referral goes to (Calderdale 6.11: refer to the Board after consulting). */
  referralStageIds: readonly string[] = [],
): FormDef[] {
  const open = d.status === 'open';
  const isChair = d.raiserId === meId;
  const isRespondent = open && d.yourRoles.includes('respondent');
  const isMeetingChair = d.yourRoles.includes('meetingChair');
  const involved = d.yourRoles.length > 0 || isChair;
  const forms: FormDef[] = [];
  const reason = (what: string, ask: string): FieldSpec => ({
    name: 'reason',
    label: what,
    kind: 'textarea',
    required: true,
    max: limits.reason,
    hint: 'Recorded on the dispute and shown to everyone involved.',
    check: (v) => checkText(v, { empty: ask, max: limits.reason, what: 'The reason' }),
  });
  const example = toUkDate(d.stage?.dueOn ?? '2026-12-01');

  if (isRespondent)
    forms.push({
      key: 'respond',
      title: 'Respond',
      submitLabel: 'Send response',
      path: 'responses',
      success: 'Your response was sent to the chair.',
      fields: [
        {
          name: 'outcome',
          label: 'Your answer',
          kind: 'select',
          required: true,
          options: Object.entries(outcomeLabels).map(([value, label]) => ({ value, label })),
          check: (v) => (v ? null : 'Choose your answer.'),
        },
        {
          name: 'text',
          label: 'Your response',
          kind: 'textarea',
          required: true,
          max: limits.responseText,
          hint: d.stage ? `What is asked: ${d.stage.asks}` : undefined,
          check: (v) =>
            checkText(v, { empty: 'Write your response.', max: limits.responseText, what: 'Your response' }),
        },
        {
          name: 'actionsProposed',
          label: 'Actions taken or proposed (optional)',
          kind: 'textarea',
          max: limits.responseText,
          check: (v) => checkText(v, { max: limits.responseText, what: 'The actions' }),
        },
        {
          name: 'moreTimeUntil',
          label: 'More time until',
          kind: 'date',
          required: true,
          hint: `A working day after today, for example ${example}.`,
          visible: (v) => v.outcome === 'needs-more-time',
          check: (v) => checkDate(v, { empty: 'Enter the date you need until.', what: 'The date', example }),
        },
      ],
      body: (v) => ({
        outcome: v.outcome,
        text: v.text,
        ...(v.actionsProposed?.trim() ? { actionsProposed: v.actionsProposed } : {}),
        ...(v.outcome === 'needs-more-time' ? { moreTimeUntil: iso(v.moreTimeUntil ?? '') } : {}),
      }),
    });

  // Seed 004 stage 3: "Jointly agreed response from Team Manager and Head of Service".
  const toCoSign =
    isRespondent && d.stage?.jointResponse && d.stage.stillToAnswer?.includes(meId)
      ? d.events
          .filter(
            (e) =>
              e.type === 'Responded' &&
              e.stageId === d.stage!.id &&
              e.actorId !== meId &&
              e.outcome !== 'needs-more-time',
          )
          .at(-1)
      : undefined;
  if (toCoSign)
    forms.push({
      key: 'co-sign',
      title: 'Co-sign the jointly agreed response',
      submitLabel: 'Co-sign',
      path: 'co-sign',
      success: 'You co-signed the jointly agreed response; the chair has been told.',
      fields: [],
      body: () => ({ responseBy: toCoSign.actorId }),
    });

  if (isChair && open && d.stage) {
    const at = protocolStages.findIndex((s) => s.id === d.stage!.id);
    const later = protocolStages.slice(at + 1);
    if (later.length > 0)
      forms.push({
        key: 'escalate',
        title: 'Escalate to a later stage',
        submitLabel: 'Escalate now',
        path: 'escalate',
        success: 'The dispute was escalated.',
        fields: [
          {
            name: 'toStageId',
            label: 'Escalate to',
            kind: 'select',
            required: true,
            initial: later[0]!.id,
            options: later.map((s, i) => ({
              value: s.id,
              label: i === 0 ? `${s.name} (the next stage)` : s.name,
            })),
            hint: 'Going past the next stage is allowed only where the protocol says so.',
            check: (v) => (v ? null : 'Choose the stage to escalate to.'),
          },
          ...(protocolStages[at]?.escalationGrounds
            ? [
                {
                  // Calderdale 6.16: "has not received a response in timescale or is dissatisfied".
                  name: 'grounds',
                  label: 'Why it moves on',
                  kind: 'select' as const,
                  required: true,
                  options: [
                    { value: 'not-answered-in-time', label: 'Not answered in time' },
                    { value: 'dissatisfied-with-response', label: 'Dissatisfied with the response' },
                  ],
                  check: (v: string) => (v ? null : 'Say why the dispute moves on.'),
                },
              ]
            : []),
          reason('Why you are escalating', 'Give the reason for escalating.'),
          ...(referralStageIds.length
            ? [
                {
                  name: 'recommendations',
                  label: 'Recommendations for remedial action at this stage (optional)',
                  kind: 'textarea' as const,
                  max: limits.summary,
                },
                {
                  name: 'consulted',
                  label: 'I have consulted as the protocol asks before referring straight to a later stage',
                  kind: 'checkbox' as const,
                  initial: 'false',
                  visible: (v: Values) =>
                    referralStageIds.includes(v.toStageId ?? '') && v.toStageId !== later[0]!.id,
                },
              ]
            : []),
        ],
        body: (v) => ({
          toStageId: v.toStageId,
          reason: v.reason,
          ...(v.grounds ? { grounds: v.grounds } : {}),
          ...(v.recommendations?.trim() ? { recommendations: v.recommendations } : {}),
          ...(v.consulted === 'true' ? { consulted: true } : {}),
        }),
      });
    forms.push({
      key: 'extend',
      title: 'Give more time',
      submitLabel: 'Give more time',
      path: 'extend',
      success: 'The due date was changed.',
      fields: [
        {
          name: 'dueOn',
          label: 'New due date',
          kind: 'date',
          required: true,
          hint: `Currently due ${formatDay(d.stage.dueOn)}. A working day, for example ${example}.`,
          check: (v) => checkDate(v, { empty: 'Enter the new due date.', what: 'The new due date', example }),
        },
        reason('Why more time is given', 'Give the reason for more time.'),
      ],
      body: (v) => ({ dueOn: iso(v.dueOn ?? ''), reason: v.reason }),
    });
    forms.push({
      key: 'resolve',
      title: 'Resolve',
      submitLabel: 'Resolve the dispute',
      path: 'resolve',
      success: 'The dispute was resolved.',
      fields: [
        {
          name: 'summary',
          label: 'How the concern was resolved',
          kind: 'textarea',
          required: true,
          max: limits.summary,
          check: (v) =>
            checkText(v, {
              empty: 'Write how the concern was resolved.',
              max: limits.summary,
              what: 'The summary',
            }),
        },
        {
          name: 'keepMonitoring',
          label: 'Keep monitoring (for example at the core group)',
          kind: 'checkbox',
          initial: 'true',
        },
      ],
      body: (v) => ({ summary: v.summary, keepMonitoring: v.keepMonitoring === 'true' }),
    });
    forms.push({
      key: 'withdraw',
      title: 'Withdraw',
      submitLabel: 'Withdraw the dispute',
      path: 'withdraw',
      success: 'The dispute was withdrawn.',
      fields: [reason('Why the dispute is withdrawn', 'Give the reason for withdrawing.')],
      body: (v) => ({ reason: v.reason }),
    });
  }

  if (open && d.stage?.meeting && (isChair || isMeetingChair))
    forms.push({
      key: 'meeting-outcome',
      title: 'Record the meeting',
      submitLabel: 'Record the meeting',
      path: 'meeting-outcome',
      success: 'The meeting was recorded.',
      fields: [
        {
          name: 'outcome',
          label: 'Outcome',
          kind: 'select',
          required: true,
          options: Object.entries(meetingOutcomeLabels).map(([value, label]) => ({ value, label })),
          check: (v) => (v ? null : 'Choose the outcome.'),
        },
        {
          name: 'text',
          label: 'What the meeting decided',
          kind: 'textarea',
          required: true,
          max: limits.note,
          check: (v) =>
            checkText(v, { empty: 'Write what the meeting decided.', max: limits.note, what: 'The record' }),
        },
      ],
      body: (v) => ({ outcome: v.outcome, text: v.text }),
    });

  if (involved)
    forms.push({
      key: 'note',
      title: 'Add a note',
      submitLabel: 'Add the note',
      path: 'notes',
      success: 'Your note was added.',
      fields: [
        {
          name: 'text',
          label: 'Note',
          kind: 'textarea',
          required: true,
          max: limits.note,
          hint: 'Everyone involved in the dispute can read it.',
          check: (v) => checkText(v, { empty: 'Write the note.', max: limits.note, what: 'The note' }),
        },
      ],
      body: (v) => ({ text: v.text }),
    });
  return forms;
}

export function DisputeActions(props: {
  dispute: DisputeView;
  onChange: (d: DisputeView) => void;
  reload: () => void;
}) {
  const s = useStyles();
  const session = useSession();
  const d = props.dispute;
  const protocol = protocolOf(session, d.protocolId);
  const stages = protocol?.stages ?? [];
  const forms = formsFor(
    d,
    session.me.id,
    stages,
    protocol?.bypass?.referral ? protocol.bypass.alwaysAllowedStageIds : [],
  );
  const [ackBusy, setAckBusy] = useState(false);
  const [ackError, setAckError] = useState<string | null>(null);
  const [flash, setFlash] = useState<string | null>(null);
  const acknowledged = d.events.some(
    (e) => e.type === 'Acknowledged' && e.actorId === session.me.id && e.stageId === d.stage?.id,
  );
  const answered = d.events.some(
    (e) => e.type === 'Responded' && e.actorId === session.me.id && e.stageId === d.stage?.id,
  );
  const canAcknowledge =
    d.status === 'open' && d.yourRoles.includes('respondent') && !acknowledged && !answered;

  const act = async (path: string, body: Record<string, unknown>): Promise<DisputeView> => {
    try {
      return await postJson<DisputeView>(`/api/disputes/${encodeURIComponent(d.id)}/${path}`, {
        version: d.version,
        ...body,
      });
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) props.reload();
      throw e;
    }
  };

  const acknowledge = async () => {
    setAckBusy(true);
    setAckError(null);
    try {
      props.onChange(await act('acknowledge', {}));
      setFlash('You acknowledged the dispute. The chair can see that you have it.');
      session.announce('You acknowledged the dispute. The chair can see that you have it.');
    } catch (e) {
      setAckError((e as Error).message);
    } finally {
      setAckBusy(false);
    }
  };

  if (forms.length === 0 && !canAcknowledge)
    return (
      <p className={s.none}>
        There is nothing for you to do on this dispute. You can read it and its history.
      </p>
    );

  return (
    <>
      {flash ? (
        <MessageBar intent="success">
          <MessageBarBody>{flash}</MessageBarBody>
        </MessageBar>
      ) : null}
      {canAcknowledge ? (
        <div className={s.ack}>
          <Button onClick={() => void acknowledge()} disabled={ackBusy}>
            Acknowledge (tell the chair you have it)
          </Button>
          {ackError ? <span role="alert">{ackError}</span> : null}
        </div>
      ) : null}
      <Accordion collapsible multiple defaultOpenItems={forms[0]?.key === 'respond' ? ['respond'] : []}>
        {forms.map((f) => (
          <AccordionItem key={`${f.key}-${d.version}`} value={f.key}>
            <AccordionHeader as="h3" className={s.header}>
              {f.title}
            </AccordionHeader>
            <AccordionPanel className={s.panel}>
              <ActionForm<DisputeView>
                id={`form-${f.key}`}
                fields={f.fields}
                submitLabel={f.submitLabel}
                successMessage={f.success}
                submit={(v) => act(f.path, f.body(v))}
                onDone={(next) => {
                  setFlash(f.success);
                  props.onChange(next);
                }}
              />
            </AccordionPanel>
          </AccordionItem>
        ))}
      </Accordion>
    </>
  );
}
