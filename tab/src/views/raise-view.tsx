// Raise a dispute: the form, with the escalation preview beside it (live as the protocol and the
// starting stage change) and a warning when the recurrence rule will apply.
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useCallback, useMemo, useState, type ReactNode } from 'react';
import { answer, api } from '../api/api-client.ts';
import type { DisputeView, ProtocolDetail, RaiseRequest } from '../api/schema.ts';
import { useServerNow } from '../clock.ts';
import { ActionForm, type FieldSpec, type Values } from '../components/action-form.tsx';
import { EscalationPreview } from '../components/escalation-preview.tsx';
import { isoDay } from '../components/form-fields.ts';
import { Columns, Page, Section } from '../components/page.tsx';
import { PersonPicker } from '../components/person-picker.tsx';
import { go } from '../components/route-link.tsx';
import { setFlash } from '../flash.ts';
import { caseNumberKey, londonDay, plural } from '../format.ts';
import { stageName, useSession } from '../session.tsx';
import { useApi } from '../use-api.ts';
import { checkDate, checkText, limits } from '../validation.ts';

const useStyles = makeStyles({
  sticky: { position: 'sticky', top: '8px' },
});

/** The dispute's fields by which the protocol's roles are named (the raiser names those people). */
const namedOnDispute = (p: ProtocolDetail): string[] =>
  Object.values(p.roles).flatMap((r) => (r.resolve.kind === 'named-on-dispute' ? [r.resolve.field] : []));

/**
 * How the form starts, when it is opened from somewhere that knows some answers already (the Outlook
 * add-in: the email's subject in the concern, its sender as the social worker).
 */
export interface RaiseStart {
  /** Values the form opens with, by field name. */
  values?: Values;
  /** The names of people chosen in `values`, by id, for the pickers to show. */
  names?: Record<string, string>;
  /** Controls shown below a field, by field name. */
  below?: Record<string, FieldSpec['below']>;
  /** Said at the top of the form: where the values came from. */
  notice?: ReactNode;
}

/** The fields with a start's values and controls. */
function withStart(fields: FieldSpec[], start: RaiseStart | undefined): FieldSpec[] {
  if (!start) return fields;
  return fields.map((f) => {
    const initial = start.values?.[f.name] ?? f.initial;
    const below = start.below?.[f.name] ?? f.below;
    return { ...f, ...(initial !== undefined ? { initial } : {}), ...(below ? { below } : {}) };
  });
}

function raiseFields(
  protocols: ProtocolDetail[],
  protocol: ProtocolDetail | undefined,
  names: Record<string, string> = {},
): FieldSpec[] {
  const later = protocol?.stages.slice(1) ?? [];
  const startOf = (v: Values) =>
    v.laterStart === 'true' && v.startStageId
      ? protocol?.stages.find((s) => s.id === v.startStageId)
      : protocol?.stages[0];
  const chairSets = (v: Values) => startOf(v)?.responseTime.kind === 'set-by-chair';
  const maxDays = (v: Values) => {
    const rt = startOf(v)?.responseTime;
    return rt?.kind === 'set-by-chair' ? rt.maxWorkingDays : 0;
  };
  return [
    {
      name: 'protocolId',
      label: 'Protocol',
      kind: 'select',
      required: true,
      options: protocols.map((p) => ({ value: p.id, label: p.name })),
      initial: protocols.length === 1 ? protocols[0]!.id : '',
      check: (v) => (v ? null : 'Choose the protocol the dispute follows.'),
    },
    {
      name: 'child.name',
      label: 'Child’s name or initials',
      kind: 'text',
      required: true,
      hint: 'Shown in full only to the people the protocol names on the dispute.',
      check: (v) =>
        checkText(v, {
          empty: 'Enter the child’s name or initials.',
          max: limits.childName,
          what: 'The child’s name',
        }),
    },
    {
      name: 'child.dateOfBirth',
      label: 'Child’s date of birth',
      kind: 'date',
      required: true,
      hint: 'For example, 02/04/2019.',
      check: (v) =>
        checkDate(v, {
          empty: 'Enter the child’s date of birth.',
          what: 'The date of birth',
          example: '02/04/2019',
        }),
    },
    {
      name: 'child.caseNumber',
      label: 'Case number',
      kind: 'text',
      required: true,
      hint: 'The child’s number in the case record system (LCS, Mosaic, Eclipse).',
      check: (v) =>
        checkText(v, { empty: 'Enter the case number.', max: limits.caseNumber, what: 'The case number' }),
    },
    {
      name: 'conferenceDate',
      label: 'Date of the conference',
      kind: 'date',
      required: true,
      hint: 'For example, 16/11/2026.',
      check: (v) =>
        checkDate(v, {
          empty: 'Enter the date of the conference.',
          what: 'The conference date',
          example: '16/11/2026',
        }),
    },
    {
      name: 'socialWorkerId',
      label: 'Social worker',
      kind: 'custom',
      required: true,
      hint: 'Type part of their name and choose them from the list.',
      // A concern about a chair names no colleague as "the social worker" (issue 12; seeds 000, 002):
      // asked for only where the protocol, as the server serves it, has a role named by this field.
      visible: () => !protocol || namedOnDispute(protocol).includes('socialWorkerId'),
      render: (c) => (
        <PersonPicker
          id={c.id}
          value={c.value}
          onChange={c.onChange}
          role="socialWorker"
          {...(names[c.value] ? { valueName: names[c.value] } : {})}
        />
      ),
      check: (v) => (v ? null : 'Choose the social worker from the list.'),
    },
    {
      // Calderdale 6.6: a dissent names the conference chair whose decision is challenged; they are told.
      name: 'challengedChairId',
      label: 'The conference chair whose decision you are challenging',
      kind: 'custom',
      required: true,
      visible: () => Boolean(protocol?.immediateRisk?.tellChallengedChair),
      hint: 'They are told of the challenge, so that a different chair can be appointed if needed.',
      render: (c) => <PersonPicker id={c.id} value={c.value} onChange={c.onChange} />,
      check: (v) => (v ? null : 'Choose the conference chair from the list.'),
    },
    {
      name: 'theme',
      label: 'Theme',
      kind: 'select',
      required: true,
      options: (protocol?.themes ?? []).map((t) => ({ value: t.id, label: t.label })),
      hint: protocol
        ? 'The heading the concern falls under, for the board’s reports.'
        : 'Choose a protocol first.',
      check: (v) => (v ? null : 'Choose the theme of the concern.'),
    },
    {
      name: 'concern',
      label: 'The concern',
      kind: 'textarea',
      required: true,
      max: limits.concern,
      check: (v) =>
        checkText(v, { empty: 'Describe the concern.', max: limits.concern, what: 'The concern' }),
    },
    {
      name: 'actionsRequired',
      label: 'Actions required',
      kind: 'textarea',
      required: true,
      max: limits.actionsRequired,
      check: (v) =>
        checkText(v, {
          empty: 'Say what actions are required.',
          max: limits.actionsRequired,
          what: 'The actions required',
        }),
    },
    { name: 'immediateRisk', label: 'The child is at immediate risk of significant harm', kind: 'checkbox' },
    ...(later.length > 0
      ? ([
          { name: 'laterStart', label: 'Start at a later stage', kind: 'checkbox' },
          {
            name: 'startStageId',
            label: 'Start at',
            kind: 'select',
            required: true,
            options: later.map((s) => ({ value: s.id, label: s.name })),
            visible: (v) => v.laterStart === 'true',
            check: (v) => (v ? null : 'Choose the stage to start at.'),
          },
          {
            name: 'reason',
            label: 'Why start at this stage',
            kind: 'textarea',
            required: true,
            max: limits.reason,
            visible: (v) => v.laterStart === 'true',
            check: (v) =>
              checkText(v, {
                empty: 'Give the reason for starting at a later stage.',
                max: limits.reason,
                what: 'The reason',
              }),
          },
          {
            // Calderdale 6.11: starting at the Board is a referral, after consulting.
            name: 'consulted',
            label: 'I have consulted as the protocol asks before referring straight to this stage',
            kind: 'checkbox',
            initial: 'false',
            visible: (v) =>
              v.laterStart === 'true' &&
              Boolean(protocol?.bypass?.referral) &&
              (protocol?.bypass?.alwaysAllowedStageIds ?? []).includes(v.startStageId ?? ''),
          },
        ] satisfies FieldSpec[])
      : []),
    {
      name: 'chairSetWorkingDays',
      label: 'Working days to respond',
      kind: 'text',
      hint: 'This stage’s time is set by you. Leave blank for the protocol’s default.',
      visible: chairSets,
      check: (v, all) => {
        if (!v.trim()) return null;
        const n = Number(v);
        const max = maxDays(all);
        return Number.isInteger(n) && n >= 1 && n <= max
          ? null
          : `Enter a whole number of working days from 1 to ${max}.`;
      },
    },
  ];
}

/** The form's values as the API's raise request. */
function raiseRequest(v: Values, protocol: ProtocolDetail | undefined): RaiseRequest {
  const later = v.laterStart === 'true';
  return {
    protocolId: v.protocolId ?? '',
    child: {
      name: v['child.name'] ?? '',
      dateOfBirth: isoDay(v['child.dateOfBirth']),
      caseNumber: v['child.caseNumber'] ?? '',
    },
    conferenceDate: isoDay(v.conferenceDate),
    ...(v.socialWorkerId ? { socialWorkerId: v.socialWorkerId } : {}),
    theme: v.theme ?? '',
    concern: v.concern ?? '',
    actionsRequired: v.actionsRequired ?? '',
    immediateRisk: v.immediateRisk === 'true',
    ...(later ? { startStageId: v.startStageId ?? null, reason: v.reason ?? null } : {}),
    ...(later && v.consulted === 'true' ? { consulted: true } : {}),
    ...(protocol?.immediateRisk?.tellChallengedChair && v.challengedChairId
      ? { challengedChairId: v.challengedChairId }
      : {}),
    ...(v.chairSetWorkingDays?.trim() ? { chairSetWorkingDays: Number(v.chairSetWorkingDays) } : {}),
  };
}

export function RaiseView(props: { start?: RaiseStart } = {}) {
  const { start } = props;
  const s = useStyles();
  const session = useSession();
  // The server says which protocols this person may raise under (the core's person-capabilities).
  const protocols = useMemo(
    () => session.protocols.filter((p) => session.me.may.raiseUnder.includes(p.id)),
    [session],
  );
  const [values, setValues] = useState<Values>({});
  const today = londonDay(useServerNow());
  const mine = useApi('raised-by-me', (signal) =>
    answer(api.GET('/api/disputes', { params: { query: { view: 'raised-by-me' } }, signal })),
  );
  const protocol = protocols.find((p) => p.id === values.protocolId);
  const fields = useMemo(
    () => withStart(raiseFields(protocols, protocol, start?.names), start),
    [protocols, protocol, start],
  );
  const onValuesChange = useCallback((v: Values) => setValues(v), []);
  const startStageId = values.laterStart === 'true' && values.startStageId ? values.startStageId : null;

  // The recurrence rule, seen before raising: an open dispute of yours about the same child and theme,
  // case numbers compared as the server compares them ("gl 600" is "GL-600"); a withdrawn one does
  // not count (issue 12 item 8).
  const similar =
    protocol?.recurrence && values['child.caseNumber']?.trim() && values.theme && !startStageId
      ? (mine.data?.disputes ?? []).filter(
          (r) =>
            r.protocolId === protocol.id &&
            caseNumberKey(r.caseNumber) === caseNumberKey(values['child.caseNumber']!) &&
            r.theme === values.theme &&
            r.status === 'open',
        )
      : [];
  // The preview starts where the dispute will: the recurrence rule's stage when it applies, so the
  // warning and the preview agree (issue 12 item 8).
  const previewStartStageId =
    similar.length > 0 && protocol?.recurrence ? protocol.recurrence.startStageId : startStageId;

  if (protocols.length === 0)
    return (
      <Page title="Raise a dispute">
        <p>
          Only a chair can raise a dispute under the protocols in force here, and you are not named as one in
          the directory.
        </p>
      </Page>
    );

  return (
    <Page
      title="Raise a dispute"
      intro="Raise a practice challenge about a child protection plan. The people the protocol names are told at once, with what is asked of them and by when."
    >
      <Columns>
        <Section title="The dispute" id="raise-form">
          <ActionForm<DisputeView>
            id="raise"
            fields={fields}
            submitLabel="Raise the dispute"
            keepValues
            onValuesChange={onValuesChange}
            successMessage={(d) => `Dispute ${d.reference} was raised.`}
            submit={(v) => answer(api.POST('/api/disputes', { body: raiseRequest(v, protocol) }))}
            onDone={(d) => {
              setFlash(d.id, { requestedStageId: startStageId });
              go(`/disputes/${encodeURIComponent(d.id)}`);
            }}
          >
            {start?.notice}
            {similar.length > 0 && protocol?.recurrence ? (
              <MessageBar intent="warning" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>A similar concern about this child is still open</MessageBarTitle>
                  <br />
                  You raised {plural(similar.length, 'dispute')} with this case number and theme that{' '}
                  {similar.length === 1 ? 'is' : 'are'} not resolved (
                  {similar.map((r) => r.reference).join(', ')}). Under {protocol.name}, a recurring concern is
                  not informal: this dispute will start at “
                  {stageName(session, protocol.id, protocol.recurrence.startStageId)}”.
                </MessageBarBody>
              </MessageBar>
            ) : null}
          </ActionForm>
        </Section>
        <div className={s.sticky}>
          <Section title="Escalation preview" id="preview">
            <EscalationPreview
              protocolId={values.protocolId ?? ''}
              start={today}
              startStageId={previewStartStageId}
            />
          </Section>
        </div>
      </Columns>
    </Page>
  );
}
