// Every body and query the REST API accepts, checked by zod. Unknown fields are refused, so a
// misspelt field is an error rather than silently ignored.
import { z } from 'zod';
import { escalationGrounds, responseOutcomes } from '../core/dispute/dispute-events.ts';
import { textLimits } from '../core/dispute/dispute-commands.ts';

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine(
    (s) =>
      !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'is not a real date',
  );
const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const version = z.number().int().min(1);
const id = z.string().min(1).max(100);

export const RaiseBody = z.strictObject({
  protocolId: id,
  child: z.strictObject({
    name: text(textLimits.childName),
    dateOfBirth: isoDate,
    caseNumber: text(textLimits.caseNumber),
  }),
  conferenceDate: isoDate,
  /** Absent only under a protocol that names no social worker (a concern about a chair). */
  socialWorkerId: id.nullish(),
  theme: id,
  concern: text(textLimits.concern),
  actionsRequired: text(textLimits.actionsRequired),
  immediateRisk: z.boolean().default(false),
  startStageId: id.nullish(),
  reason: z
    .string()
    .trim()
    .max(textLimits.reason, `must be at most ${textLimits.reason} characters`)
    .nullish(),
  chairSetWorkingDays: z.number().int().min(1).max(60).nullish(),
  /** Conference-dissent flows: the chair whose decision is challenged (Calderdale 6.6). */
  challengedChairId: id.nullish(),
  /** Starting straight at the Board (Calderdale 6.11): the chair has consulted as the protocol asks. */
  consulted: z.boolean().optional(),
});

export const AcknowledgeBody = z.strictObject({ version });

export const RespondBody = z.strictObject({
  version,
  /** The stage being answered; a stage the dispute has since left is refused (409). */
  stageId: id.nullish(),
  outcome: z.enum(responseOutcomes as [string, ...string[]]),
  text: text(textLimits.responseText),
  actionsProposed: z.string().trim().max(textLimits.responseText).nullish(),
  moreTimeUntil: isoDate.nullish(),
});

/** Co-sign the response another respondent wrote, at a stage that asks for one jointly agreed response. */
export const CoSignBody = z.strictObject({ version, responseBy: id });

export const ExtendBody = z.strictObject({ version, dueOn: isoDate, reason: text(textLimits.reason) });

export const EscalateBody = z.strictObject({
  version,
  toStageId: id.nullish(),
  reason: text(textLimits.reason),
  /** Why the dispute moves on before a missed deadline, where the stage asks (Calderdale 6.16). */
  grounds: z.enum(escalationGrounds as [string, ...string[]]).nullish(),
  /** Recommendations for remedial action at this escalation (Calderdale Appendix 1). */
  recommendations: z
    .string()
    .trim()
    .max(textLimits.actionsRequired, `must be at most ${textLimits.actionsRequired} characters`)
    .nullish(),
  /** A referral straight to the Board (Calderdale 6.11): the chair has consulted as the protocol asks. */
  consulted: z.boolean().optional(),
});

export const RequestMeetingBody = z.strictObject({ version, reason: text(textLimits.reason) });

export const ConfirmMeetingSlotBody = z.strictObject({ version, start: z.iso.datetime({ offset: true }) });

export const ResolveBody = z.strictObject({
  version,
  summary: text(textLimits.summary),
  keepMonitoring: z.boolean().default(true),
});

export const WithdrawBody = z.strictObject({ version, reason: text(textLimits.reason) });

export const NoteBody = z.strictObject({ version, text: text(textLimits.note) });

export const MeetingOutcomeBody = z.strictObject({
  version,
  outcome: z.enum(['resolved', 'actions-agreed', 'not-resolved', 'not-held']),
  text: text(textLimits.note),
});

const teamName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

export const ListQuery = z
  .strictObject({
    view: z.enum(['raised-by-me', 'awaiting-me', 'copied-to-me', 'all-open', 'team']).default('awaiting-me'),
    /** view=team only: the team's name as the directory writes it. */
    team: teamName.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.view === 'team' && !q.team)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'say which team for view=team' });
    if (q.view !== 'team' && q.team !== undefined)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'is only for view=team' });
  });

/** The board report's range (at most about three years) and filters. */
export const ReportQuery = z
  .strictObject({
    from: isoDate,
    to: isoDate,
    protocolId: id.optional(),
    team: teamName.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.to < q.from) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    else if (Date.parse(q.to) - Date.parse(q.from) > 1100 * 86_400_000)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'the range can be at most three years' });
  });

export const PreviewQuery = z.strictObject({ start: isoDate, startStageId: id.optional() });

export const UsersQuery = z.strictObject({
  role: z.string().max(60).optional(),
  q: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const ClockBody = z.strictObject({ now: z.iso.datetime({ offset: true }) });

export const MoveMeetingBody = z.strictObject({
  version,
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
  reason: text(textLimits.reason),
});
