// The form a chair fills in to raise a dispute. Sent again after "Preview escalation" (with the
// road ahead) or after a refusal (with the problems next to their fields), keeping what was typed.
import raiseFormTemplate from './templates/raise-form.json' with { type: 'json' };
import type { EscalationPreview } from '../../src/core/preview/escalation-preview.ts';
import type { Protocol, ResponseTime, Theme } from '../../src/core/protocol/protocol-schema.ts';
import { inputIds, peopleDataset } from './card-contract.ts';
import { formatDay, listInWords } from './card-text.ts';
import { expandCard, type AdaptiveCardJson, type CardHostOptions } from './expand-template.ts';
import { defaultWording, type Wording } from '../wording/wording.ts';
import { raiseFormWordsOf } from './raise-form-words.ts';

export type RaiseField = keyof typeof inputIds.raise;
/** An input id of the raise form (the values of `inputIds.raise`). */
export type RaiseInputId = (typeof inputIds.raise)[RaiseField];

export interface RaiseFormStage {
  id: string;
  name: string;
  /** A protocol stage's response time: the form asks for the days when the chair sets them. */
  responseTime?: ResponseTime;
}

export interface RaiseFormInput extends CardHostOptions {
  protocols: readonly { id: string; name: string }[];
  protocolId: string;
  /** The form's heading: what is being raised under the chosen protocol's flow. */
  title?: string;
  /** The council's words (WORDING_FILE); the shipped ones when not given. */
  wording?: Wording;
  themes: readonly Pick<Theme, 'id' | 'label'>[];
  /** The chosen protocol's stages, in order: the first is where a dispute normally starts. */
  stages: readonly RaiseFormStage[];
  preview?: EscalationPreview | null;
  /** What the person typed, by input id, so a re-sent form keeps it. */
  values?: Partial<Record<RaiseInputId, string | number | boolean | null>>;
  /** The social worker's name, to show the chosen person in the picker again. */
  socialWorkerName?: string;
  /** Fixed choices for the social worker picker, for hosts without typeahead (development only). */
  socialWorkerChoices?: readonly { title: string; value: string }[];
  /** The protocol's referral rule (Calderdale 6.11), when it has one: the form then asks for the consultation. */
  referral?: RaiseFormReferral | null;
  /** A conference dissent (Calderdale 6.6): the conference chairs the person may name as challenged. */
  challengedChairChoices?: readonly { title: string; value: string }[] | null;
  /** Problems, each shown next to its field (`field` is an input id or the raise command's field name). */
  errors?: readonly { field?: string | null; message: string }[];
}

/** A referral stage the chair may start at directly, whom to consult first and who is alerted before it is sent. */
export interface RaiseFormReferral {
  stageName: string;
  consultWith: readonly string[];
  preAlerted: readonly string[];
}

/** The raise form's referral toggle, for a protocol with a referral rule (`bypass.referral`), or null. */
export function raiseFormReferralOf(protocol: Protocol): RaiseFormReferral | null {
  const rule = protocol.bypass.referral;
  const target = protocol.stages.find((s) => protocol.bypass.alwaysAllowedStageIds.includes(s.id));
  if (!rule || !target) return null;
  const label = (role: string) => protocol.roles[role]?.label ?? role;
  return {
    stageName: target.name,
    consultWith: protocol.bypass.consultRoles.map(label),
    preAlerted: rule.preAlertRoles.map(label),
  };
}

/** The raise command's field names (refusals from `decide`) and the inputs they belong to. */
const commandFieldToInput: Readonly<Record<string, RaiseInputId>> = {
  'child.name': inputIds.raise.childName,
  'child.dateOfBirth': inputIds.raise.childDateOfBirth,
  'child.caseNumber': inputIds.raise.caseNumber,
  reason: inputIds.raise.reason,
};

const allInputIds = Object.values(inputIds.raise) as RaiseInputId[];

export function raiseInputFor(field: string | null | undefined): RaiseInputId | null {
  if (!field) return null;
  if ((allInputIds as string[]).includes(field)) return field as RaiseInputId;
  return commandFieldToInput[field] ?? null;
}

export function renderRaiseForm(input: RaiseFormInput): AdaptiveCardJson {
  const values = input.values ?? {};
  const errors = input.errors ?? [];
  const fieldErrors = new Map<RaiseInputId, string[]>();
  const generalErrors: { message: string }[] = [];
  for (const e of errors) {
    const id = raiseInputFor(e.field);
    if (id) fieldErrors.set(id, [...(fieldErrors.get(id) ?? []), e.message]);
    else generalErrors.push({ message: e.message });
  }
  const text = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));
  const f = Object.fromEntries(
    allInputIds.map((id) => [id, { value: text(values[id]), error: (fieldErrors.get(id) ?? []).join(' ') }]),
  ) as Record<RaiseInputId, { value: string | null; error: string }>;
  f[inputIds.raise.immediateRisk].value =
    String(values[inputIds.raise.immediateRisk]) === 'true' ? 'true' : 'false';
  f[inputIds.raise.consulted].value = String(values[inputIds.raise.consulted]) === 'true' ? 'true' : 'false';
  f[inputIds.raise.startStageId].value ??= input.stages[0]?.id ?? null;
  f[inputIds.raise.protocolId].value ??= input.protocolId;

  const chosenStart =
    input.stages.find((s) => s.id === f[inputIds.raise.startStageId].value) ?? input.stages[0];
  const chairSetStage = input.stages.find((s) => s.responseTime?.kind === 'set-by-chair');
  const chairSet = chairSetStage?.responseTime?.kind === 'set-by-chair' ? chairSetStage.responseTime : null;
  const socialWorkerId = f[inputIds.raise.socialWorkerId].value;
  const protocolName = input.protocols.find((p) => p.id === input.protocolId)?.name ?? input.protocolId;
  const manyProtocols = input.protocols.length > 1;

  const words = input.wording ?? defaultWording;
  const data = {
    title: input.title ?? words.text('raise.title'),
    intro: words.text('raise.intro'),
    raiseWords: raiseFormWordsOf(words),
    hasErrors: errors.length > 0,
    errorSummary:
      errors.length === 1
        ? words.text('raise.error-summary.one')
        : words.text('raise.error-summary.many', { count: errors.length }),
    generalErrors,
    protocols: {
      show: manyProtocols,
      name: words.text('raise.protocol.name', { name: protocolName }),
      value: f[inputIds.raise.protocolId].value,
      choices: input.protocols.map((p) => ({ title: p.name, value: p.id })),
    },
    f,
    socialWorker: {
      picker: input.host === 'teams',
      dataset: peopleDataset,
      choices: [
        ...(socialWorkerId && !input.socialWorkerChoices?.some((c) => c.value === socialWorkerId)
          ? [{ title: input.socialWorkerName ?? socialWorkerId, value: socialWorkerId }]
          : []),
        ...(input.socialWorkerChoices ?? []),
      ],
    },
    themes: input.themes.map((t) => ({ title: t.label, value: t.id })),
    stages: input.stages.map((s, i) => ({
      title: i === 0 ? words.text('raise.usual-start', { stage: s.name }) : s.name,
      value: s.id,
    })),
    chairSet: {
      show: chairSet !== null && chosenStart !== undefined && chosenStart.id === chairSetStage?.id,
      label: chairSet
        ? `Working days you give for "${chairSetStage!.name}" (at most ${chairSet.maxWorkingDays})`
        : '',
      max: chairSet?.maxWorkingDays ?? 1,
      value: Number(values[inputIds.raise.chairSetWorkingDays] ?? chairSet?.defaultWorkingDays ?? 1),
    },
    referral: referralData(input.referral ?? null, words),
    challengedChair: {
      show: Boolean(input.challengedChairChoices),
      choices: input.challengedChairChoices ?? [],
    },
    preview: previewData(input.preview ?? null, words),
    // The protocol travels in the action's data unless the form lets the person choose it; then the
    // data names the protocol the form was drawn for, so a changed choice is noticed.
    actionData: manyProtocols ? { formProtocolId: input.protocolId } : { protocolId: input.protocolId },
  };
  return expandCard(raiseFormTemplate, data, input);
}

function referralData(referral: RaiseFormReferral | null, words: Wording) {
  if (!referral) return { show: false, label: '', note: '' };
  return {
    show: true,
    label: words.text('raise.referral', {
      stage: referral.stageName,
      roles:
        referral.consultWith.length > 0
          ? listInWords(referral.consultWith)
          : words.text('raise.referral.people-named'),
    }),
    note: words.text('form.escalate.referral-note', { roles: listInWords(referral.preAlerted) }),
  };
}

function previewData(preview: EscalationPreview | null, words: Wording) {
  if (!preview) return { show: false, heading: '', stages: [], cap: '', warnings: [] };
  return {
    show: true,
    heading: words.text('raise.preview.heading', {
      start: formatDay(preview.start),
      closeOfBusiness: preview.closeOfBusiness.time,
    }),
    stages: preview.stages.map((s) => ({
      name: s.name,
      dates:
        `Opens ${formatDay(s.opens)}, due ${formatDay(s.due)} ` +
        `(${s.workingDays} working day${s.workingDays === 1 ? '' : 's'}` +
        `${s.meeting === 'required' ? '; a meeting is required' : s.meeting === 'optional' ? '; a meeting may be held' : ''})` +
        (s.chairDecision
          ? `; you decide by ${formatDay(s.chairDecision.until)}, or it moves on by itself (this product's default)`
          : ''),
      note: [
        s.timeFromSource ? '' : words.text('raise.preview.default-time'),
        words.text(s.onDeadline === 'ask-chair' ? 'raise.preview.chair-decides' : 'raise.preview.moves-on'),
      ]
        .filter(Boolean)
        .join(' '),
    })),
    cap: preview.cap
      ? words.text('raise.preview.cap', {
          days: preview.cap.workingDays,
          closeOfBusiness: preview.closeOfBusiness.time,
          day: formatDay(preview.cap.on),
        })
      : '',
    warnings: preview.warnings.map((text) => ({ text })),
  };
}
