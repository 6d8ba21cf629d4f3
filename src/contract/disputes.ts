// The disputes resource: raising one, the actions on it (each carries the version the person acted
// on), and the lists. Unknown fields are refused, so a misspelt field is an error rather than
// silently ignored.
import { z } from 'zod';
import { escalationGrounds, responseOutcomes } from '../core/dispute/dispute-events.ts';
import { textLimits } from '../core/dispute/dispute-commands.ts';
import type { CaseNote } from '../core/records/case-note.ts';
import { DisputeProjectionSchema } from '../app/ports/dispute-projection.ts';
import { LIST_PAGE_DEFAULT, LIST_PAGE_MAX } from '../app/list-page.ts';
import { id, instantInput, isoDate, teamName, text, version, type Same } from './common.ts';

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

export const ConfirmMeetingSlotBody = z.strictObject({ version, start: instantInput });

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

export const MoveMeetingBody = z.strictObject({
  version,
  start: instantInput,
  end: instantInput,
  reason: text(textLimits.reason),
});

export const listViews = ['raised-by-me', 'awaiting-me', 'copied-to-me', 'all-open', 'team'] as const;

export const ListQuery = z
  .strictObject({
    view: z.enum(listViews).default('awaiting-me'),
    /** view=team only: the team's name as the directory writes it. */
    team: teamName.optional(),
    /** Rows in a page (lists are paged: issue 17). */
    limit: z.coerce.number().int().min(1).max(LIST_PAGE_MAX).default(LIST_PAGE_DEFAULT),
    /** The `nextCursor` of the previous page; absent for the first. */
    after: z
      .string()
      .min(1)
      .max(400)
      .regex(/^[A-Za-z0-9_-]+$/, 'is not a cursor this list gave')
      .optional(),
  })
  .superRefine((q, ctx) => {
    if (q.view === 'team' && !q.team)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'say which team for view=team' });
    if (q.view !== 'team' && q.team !== undefined)
      ctx.addIssue({ code: 'custom', path: ['team'], message: 'is only for view=team' });
  });

export const ReferenceParams = z.strictObject({ reference: z.string() });

/** One row of a list: what queries need of a dispute (no child details: those stay in the view). */
/** A row of a list: the dispute's projection as the store keeps it (no child's details). */
export const DisputeListItemSchema = DisputeProjectionSchema.meta({ id: 'DisputeListItem' });

/** Where the next page starts (send it back as `after`); null on the last page. */
const nextCursor = z.string().nullable();

export const DisputeListSchema = z.union([
  z.object({
    view: z.literal('team'),
    team: z.string(),
    disputes: z.array(DisputeListItemSchema),
    nextCursor: nextCursor,
  }),
  z.object({
    view: z.enum(['raised-by-me', 'awaiting-me', 'copied-to-me', 'all-open']),
    disputes: z.array(DisputeListItemSchema),
    nextCursor: nextCursor,
  }),
]);

/** What goes on the child's file for this dispute, as the protocol says. */
export const CaseNoteSchema = z.object({
  reference: z.string(),
  /** Empty when nothing of this dispute goes on the child's file. */
  entries: z.array(
    z.object({ stageId: z.string(), title: z.string(), text: z.string(), recordedBy: z.string() }),
  ),
  heldLocally: z.array(z.object({ stageId: z.string(), what: z.string() })),
  notOnChildFile: z.string().nullable(),
});

// The store's projection (src/app/ports, another engineer's) and the core's case note stay the
// shapes these schemas describe: a change to either side fails to compile here.
export const caseNoteAgrees: Same<CaseNote & { reference: string }, z.infer<typeof CaseNoteSchema>> = true;
