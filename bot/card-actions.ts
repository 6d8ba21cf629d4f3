// Card payloads are a boundary like any HTTP body: zod checks each verb's data. A card carries
// only the dispute id and the version it showed; the person acting comes from the activity.
import { z } from 'zod';
import {
  escalationGrounds,
  responseOutcomes,
  type EscalationGrounds,
  type ResponseOutcome,
} from '../src/core/dispute/dispute-events.ts';
import { textLimits } from '../src/core/dispute/dispute-commands.ts';
import { isoDate } from '../src/contract/common.ts';
import { inputIds } from './cards/card-contract.ts';
import type { PersonCommandInput, RaiseInput } from '../src/app/person-disputes.ts';

export const InvokeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().min(1).max(50),
    data: z.record(z.string(), z.unknown()).default({}),
  }),
  trigger: z.enum(['manual', 'automatic']).default('manual'),
});
export type InvokeValue = z.infer<typeof InvokeValueSchema>;

export const DisputeRefSchema = z.object({
  disputeId: z.uuid('is not a dispute id'),
  version: z.coerce.number().int().min(1),
});

const text = (max: number, what: string) =>
  z
    .string({ error: `Please write ${what}.` })
    .trim()
    .min(1, `Please write ${what}.`)
    .max(max, `${what} is too long: at most ${max} characters.`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((s) => s || null);
// Adaptive Card toggles submit "true"/"false" strings.
const toggle = z.union([z.boolean(), z.enum(['true', 'false'])]).transform((v) => v === true || v === 'true');

const i = inputIds;

/** Each dispute verb's inputs, turned into the same command the REST API sends. */
export const disputeCommandSchemas = {
  acknowledge: z.object({}).transform((): PersonCommandInput => ({ type: 'acknowledge' })),
  // The card co-signs the latest response by another respondent (the one its button names).
  'co-sign': z.object({}).transform((): PersonCommandInput => ({ type: 'co-sign', responseBy: null })),
  respond: z
    .object({
      [i.respond.outcome]: z.enum(responseOutcomes as [string, ...string[]], {
        error: 'Please choose an outcome.',
      }),
      [i.respond.text]: text(textLimits.responseText, 'your response'),
      [i.respond.actionsProposed]: optionalText(textLimits.responseText),
      [i.respond.moreTimeUntil]: isoDate
        .optional()
        .or(z.literal(''))
        .transform((s) => s || null),
    })
    .transform((d): PersonCommandInput => ({
      type: 'respond',
      outcome: d[i.respond.outcome] as ResponseOutcome,
      text: d[i.respond.text] as string,
      actionsProposed: d[i.respond.actionsProposed] as string | null,
      moreTimeUntil: d[i.respond.moreTimeUntil] as string | null,
    })),
  extend: z
    .object({ [i.extend.dueOn]: isoDate, [i.extend.reason]: text(textLimits.reason, 'a reason') })
    .transform((d): PersonCommandInput => ({
      type: 'extend',
      dueOn: d[i.extend.dueOn] as string,
      reason: d[i.extend.reason] as string,
    })),
  escalate: z
    .object({
      [i.escalate.toStageId]: z
        .string()
        .max(100)
        .optional()
        .transform((s) => s || null),
      [i.escalate.reason]: text(textLimits.reason, 'a reason'),
      [i.escalate.grounds]: z
        .enum(['', ...escalationGrounds] as [string, ...string[]])
        .optional()
        .transform((s) => (s || null) as EscalationGrounds | null),
      [i.escalate.recommendations]: z
        .string()
        .trim()
        .max(textLimits.actionsRequired, `must be at most ${textLimits.actionsRequired} characters`)
        .optional()
        .transform((s) => s || null),
      [i.escalate.consulted]: toggle.optional(),
    })
    .transform((d): PersonCommandInput => ({
      type: 'escalate',
      toStageId: d[i.escalate.toStageId] as string | null,
      reason: d[i.escalate.reason] as string,
      grounds: d[i.escalate.grounds] as EscalationGrounds | null,
      recommendations: d[i.escalate.recommendations] as string | null,
      ...(d[i.escalate.consulted] !== undefined ? { consulted: d[i.escalate.consulted] as boolean } : {}),
    })),
  resolve: z
    .object({
      [i.resolve.summary]: text(textLimits.summary, 'a summary'),
      [i.resolve.keepMonitoring]: toggle.default(true),
    })
    .transform((d): PersonCommandInput => ({
      type: 'resolve',
      summary: d[i.resolve.summary] as string,
      keepMonitoring: d[i.resolve.keepMonitoring] as boolean,
    })),
  withdraw: z
    .object({ [i.withdraw.reason]: text(textLimits.reason, 'a reason') })
    .transform((d): PersonCommandInput => ({ type: 'withdraw', reason: d[i.withdraw.reason] as string })),
  'confirm-meeting': z
    .object({
      [i.confirmMeeting.start]: z
        .string({ error: 'Please choose one of the proposed times.' })
        .min(1, 'Please choose one of the proposed times.'),
    })
    .transform((d): PersonCommandInput => ({
      type: 'confirm-meeting-slot',
      start: d[i.confirmMeeting.start] as string,
    })),
  'request-meeting': z
    .object({ [i.requestMeeting.reason]: text(textLimits.reason, 'why a meeting would help') })
    .transform((d): PersonCommandInput => ({
      type: 'request-meeting',
      reason: d[i.requestMeeting.reason] as string,
    })),
} as const;

export type DisputeVerb = keyof typeof disputeCommandSchemas;
export const isDisputeVerb = (verb: string): verb is DisputeVerb => verb in disputeCommandSchemas;

const r = i.raise;
export const RaiseInputsSchema = z
  .object({
    [r.protocolId]: z.string().min(1, 'Please choose a protocol.'),
    [r.childName]: text(textLimits.childName, "the child's name or initials"),
    [r.childDateOfBirth]: isoDate,
    [r.caseNumber]: text(textLimits.caseNumber, 'the case number'),
    [r.conferenceDate]: isoDate,
    // Left empty only under a protocol that names no social worker (a concern about a chair); the
    // server refuses an empty one, by this field, wherever the protocol names one.
    [r.socialWorkerId]: z
      .string({ error: 'Please choose the social worker.' })
      .max(100)
      .optional()
      .transform((s) => s ?? ''),
    [r.theme]: z.string({ error: 'Please choose a theme.' }).min(1, 'Please choose a theme.'),
    [r.concern]: text(textLimits.concern, 'the concern'),
    [r.actionsRequired]: text(textLimits.actionsRequired, 'the actions required'),
    [r.immediateRisk]: toggle.default(false),
    [r.startStageId]: z
      .string()
      .max(100)
      .optional()
      .transform((s) => s || null),
    [r.reason]: optionalText(textLimits.reason),
    [r.chairSetWorkingDays]: z
      .union([z.literal(''), z.coerce.number().int().min(1).max(60)])
      .optional()
      .transform((n) => (n === '' || n === undefined ? null : n)),
    [r.consulted]: toggle.optional(),
    [r.challengedChairId]: z
      .string()
      .max(100)
      .optional()
      .transform((s) => s || null),
  })
  .transform((d): RaiseInput => ({
    protocolId: d[r.protocolId] as string,
    child: {
      name: d[r.childName] as string,
      dateOfBirth: d[r.childDateOfBirth] as string,
      caseNumber: d[r.caseNumber] as string,
    },
    conferenceDate: d[r.conferenceDate] as string,
    socialWorkerId: d[r.socialWorkerId] as string,
    theme: d[r.theme] as string,
    concern: d[r.concern] as string,
    actionsRequired: d[r.actionsRequired] as string,
    immediateRisk: d[r.immediateRisk] as boolean,
    startStageId: d[r.startStageId] as string | null,
    reason: d[r.reason] as string | null,
    chairSetWorkingDays: d[r.chairSetWorkingDays] as number | null,
    // Sent as the REST body's `consulted` is: only when the form had the toggle (a referral rule).
    ...(d[r.consulted] !== undefined ? { consulted: d[r.consulted] as boolean } : {}),
    // Only a dissent form asks for it; the server checks it is a conference chair.
    ...(d[r.challengedChairId] ? { challengedChairId: d[r.challengedChairId] as string } : {}),
  }));

/** Field errors for a form, keyed by the card's input ids. */
export function fieldErrors(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((issue) => ({
    field: String(issue.path[0] ?? ''),
    message: issue.message,
  }));
}
