// A council's dispute resolution process, as data. Every rule a seed document states lives in a
// protocol file validated by this schema; the state machine reads it and never hard-codes a council.
import { z } from 'zod';
import { nations } from '../calendar/working-day-calendar.ts';
import { IsoDateSchema } from '../calendar/iso-date.ts';

const id = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens, starting with a letter');
const roleName = z
  .string()
  .regex(/^[a-z][A-Za-z0-9]*$/, 'must be a role name in camelCase, e.g. teamManager');

/** The product's default close of business when a council does not set its own (SEEDS.md "Working days"). */
export const DEFAULT_CLOSE_OF_BUSINESS = '17:30';

export const NationSchema = z.enum(nations);

/** Where a value comes from: a quote from the seed, or a default the product chose. */
export const SourceSchema = z.strictObject({
  /** true when the seed document says this; false when it is the product's default. */
  fromSource: z.boolean(),
  /** The words of the seed (short), or why the default was chosen. */
  note: z.string().min(1),
  /**
   * Where the seed contradicts itself on this value (Calderdale: Appendix 1 says 5 wd for the informal
   * stage, 6.13 up to 10): shown to the chair where it matters, never resolved silently (SEEDS.md).
   */
  conflict: z.string().min(1).optional(),
});

/**
 * How a role is found for a dispute. Roles are relative: the social worker is named on the
 * dispute, their team manager is the first manager up that person's line at the team-manager tier,
 * and so up the chain (councils differ in how many tiers sit between, so a tier is matched rather
 * than a count of steps); some roles are fixed posts held by a named person whatever the case.
 */
export const RoleResolutionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('raiser') }),
  z.strictObject({ kind: z.literal('named-on-dispute'), field: z.enum(['socialWorkerId']) }),
  /** The direct line manager of whoever holds `of` (the chair's own line manager). */
  z.strictObject({ kind: z.literal('manager-of'), of: roleName }),
  /** The first person up the line of whoever holds `of` whose tier is `tier`. */
  z.strictObject({ kind: z.literal('up-the-line'), of: roleName, tier: id }),
  z.strictObject({ kind: z.literal('fixed-post'), post: id }),
]);
export type RoleResolution = z.infer<typeof RoleResolutionSchema>;

export const RoleSchema = z.strictObject({
  label: z.string().min(1),
  resolve: RoleResolutionSchema,
  /** A shared mailbox rather than a person (a partnership's board manager inbox). */
  mailbox: z.boolean().default(false),
  /**
   * Who answers instead when the person raising the dispute holds this role and nobody stands above
   * them up that line (SEEDS.md "Who answers": "or the protocol's stand-in post").
   */
  standInPost: id.optional(),
});
export type Role = z.infer<typeof RoleSchema>;

export const ResponseTimeSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('fixed'),
    workingDays: z.number().int().min(1).max(60),
    source: SourceSchema,
  }),
  z.strictObject({
    /** The chair sets a reasonable deadline when raising, up to a maximum (Calderdale informal). */
    kind: z.literal('set-by-chair'),
    maxWorkingDays: z.number().int().min(1).max(60),
    defaultWorkingDays: z.number().int().min(1).max(60),
    source: SourceSchema,
  }),
]);
export type ResponseTime = z.infer<typeof ResponseTimeSchema>;

export const MeetingSchema = z.strictObject({
  need: z.enum(['none', 'optional', 'required']),
  chairRole: roleName.optional(),
  attendeeRoles: z.array(roleName).default([]),
  /** A meeting refused or not held in time counts as a missed deadline (Gloucestershire stage 2). */
  notHeldInTimeIsMissedDeadline: z.boolean().default(false),
  durationMinutes: z.number().int().min(15).max(240).default(60),
  /**
   * Someone who confirms the date from the times the product proposes, before it is booked (Bradford
   * stage 3: "the HoS will confirm the date of the meeting"). Absent: the product books the earliest.
   */
  confirmedByRole: roleName.optional(),
  source: SourceSchema.optional(),
});
export type Meeting = z.infer<typeof MeetingSchema>;

export const DeadlineRuleSchema = z.discriminatedUnion('action', [
  z.strictObject({
    /** The dispute moves to the next stage by itself (Calderdale: "will progress to stage 2"). */
    action: z.literal('escalate'),
    source: SourceSchema,
  }),
  z.strictObject({
    /** The chair decides: escalate now, give more time, or resolved. */
    action: z.literal('ask-chair'),
    /** Who the seed says the chair consults before escalating (their line manager, HoS Safeguarding). */
    consultRoles: z.array(roleName).default([]),
    /**
     * Working days without a decision after which the product escalates by itself, so nothing drifts
     * silently. Absent on the last stage, where there is nowhere further to go.
     */
    autoEscalateAfterWorkingDays: z.number().int().min(1).max(20).optional(),
    source: SourceSchema,
  }),
]);
export type DeadlineRule = z.infer<typeof DeadlineRuleSchema>;

export const RecordingSchema = z.strictObject({
  /** What goes on the child's file: a case note the chair pastes into LCS, Mosaic or Eclipse. */
  childFile: z.enum(['case-note', 'none']),
  caseNoteTitle: z.string().min(1).optional(),
  /** What is kept locally, off the child's file, until the dispute is resolved (seed 004's form). */
  heldLocallyUntilResolved: z.string().min(1).optional(),
  /** Who records it on the system. */
  recordedByRole: roleName,
  source: SourceSchema,
});
export type Recording = z.infer<typeof RecordingSchema>;

export const StageSchema = z.strictObject({
  id,
  name: z.string().min(1),
  formal: z.boolean(),
  /** What the stage asks of its respondents, in the protocol's own words. */
  asks: z.string().min(1),
  respondentRoles: z.array(roleName).min(1),
  /**
   * Roles that may answer too, where someone holds them, without the stage needing them (seed 002's
   * informal alert: "the Social Worker / Team Manager has two working days to respond").
   */
  mayAlsoAnswerRoles: z.array(roleName).default([]),
  /** Told of the stage (alerted) besides the respondents. */
  notifyRoles: z.array(roleName).default([]),
  /** Copied (cc) on this stage only; cumulative copying is in `copyRules`. */
  copyRoles: z.array(roleName).default([]),
  responseTime: ResponseTimeSchema,
  meeting: MeetingSchema.default({
    need: 'none',
    attendeeRoles: [],
    notHeldInTimeIsMissedDeadline: false,
    durationMinutes: 60,
  }),
  onDeadline: DeadlineRuleSchema,
  recording: RecordingSchema,
  /** A respondent at this stage may decide the dispute (Gloucestershire stage 6: the Chief Executive). */
  respondentDecides: z.boolean().default(false),
  /**
   * One response agreed by every respondent (Gloucestershire stage 3: "Jointly agreed response from Team
   * Manager and Head of Service"): the stage is answered when each has answered or co-signed.
   */
  jointResponse: SourceSchema.optional(),
  /**
   * The chair moving on before a missed deadline says why, in the seed's words (Calderdale: "has not
   * received a response in timescale or is dissatisfied with the response"), and the record keeps it.
   */
  escalationGrounds: z.strictObject({ source: SourceSchema }).optional(),
});
export type Stage = z.infer<typeof StageSchema>;

export const CopyRuleSchema = z.strictObject({
  role: roleName,
  /** Copied on this stage and every later one. */
  fromStageId: id,
  source: SourceSchema,
});

export const CapSchema = z.strictObject({
  workingDays: z.number().int().min(1).max(120),
  /** The cap counts from the day this stage opens (the first formal stage). */
  countsFromStageId: id,
  /** Who is alerted when the cap is reached, besides the chair. */
  alertRoles: z.array(roleName).default([]),
  source: SourceSchema,
});

export const BypassSchema = z.strictObject({
  /** The chair may open any later stage, with a recorded reason (Gloucestershire). */
  anyStage: z.boolean(),
  /** On immediate risk of significant harm the stages need not be followed in sequence. */
  onImmediateRisk: z.boolean(),
  /** Stages the chair may go to directly at any point (Calderdale: refer to the Board). */
  alwaysAllowedStageIds: z.array(id).default([]),
  consultRoles: z.array(roleName).default([]),
  /**
   * Going directly to one of `alwaysAllowedStageIds` is a referral that asks the chair to confirm the
   * consultation with `consultRoles` and alerts these roles first (Calderdale 6.11: "must alert ... by
   * email prior to the notification being made").
   */
  referral: z.strictObject({ preAlertRoles: z.array(roleName).min(1), source: SourceSchema }).optional(),
  source: SourceSchema,
});

/** On risk of significant harm: who is alerted at once, and whether the challenged chair is named and told. */
export const ImmediateRiskSchema = z.strictObject({
  alertRoles: z.array(roleName).min(1),
  /** The dispute names the conference chair whose decision is challenged, and that chair is told. */
  tellChallengedChair: z.boolean().default(false),
  source: SourceSchema,
});

/** How much notice a meeting is booked with: its earliest day is this many working days after today. */
export const MeetingNoticeSchema = z.strictObject({
  workingDays: z.number().int().min(0).max(10),
  source: SourceSchema,
});

export const RecurrenceSchema = z.strictObject({
  /** A concern similar to an earlier unresolved one for the same child starts here, not informally. */
  startStageId: id,
  /** What counts as similar: the same theme heading. */
  similarity: z.literal('same-theme'),
  source: SourceSchema,
});

export const ThemeSchema = z.strictObject({
  id,
  label: z.string().min(1),
  items: z.array(z.string().min(1)).default([]),
});
export type Theme = z.infer<typeof ThemeSchema>;

export const ProtocolSchema = z
  .strictObject({
    id,
    name: z.string().min(1),
    council: z.string().min(1),
    /** practice-dispute: the chair challenges the plan; the others are the seeds' shorter flows. */
    flow: z.enum(['practice-dispute', 'conference-dissent', 'concern-about-chair']),
    /** Seed files and the document's own title. */
    sources: z.array(z.strictObject({ file: z.string().min(1), title: z.string().min(1) })).min(1),
    /** The council's words for the process and its stages. */
    processName: z.string().min(1),
    nation: NationSchema,
    workingDays: z
      .strictObject({
        /** "A receipt on a non-working day counts from the next working day." */
        receiptOnNonWorkingDay: z.enum(['counts-from-that-day', 'counts-from-next-working-day']),
        /** Council closure days that are not bank holidays (e.g. between Christmas and New Year). */
        closureDays: z.array(IsoDateSchema).default([]),
        /**
         * The council's close of business, a London wall-clock time: a stage falls due at this time on
         * its n-th working day, and a stage opened because the one before fell due is sent at it
         * (SEEDS.md "Working days", "Nothing is back-dated"). 17:30 is this product's default.
         */
        closeOfBusiness: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a London wall-clock time written HH:mm, e.g. 17:30')
          .default(DEFAULT_CLOSE_OF_BUSINESS),
      })
      .default({
        receiptOnNonWorkingDay: 'counts-from-that-day',
        closureDays: [],
        closeOfBusiness: DEFAULT_CLOSE_OF_BUSINESS,
      }),
    raisedBy: z.strictObject({
      role: roleName,
      /** Directory posts the raiser must hold (a CP chair); empty means any professional. */
      requiredPosts: z.array(id).default([]),
      /**
       * It must be raised within this many working days of the conference (seed 002's concern about a
       * chair: "within 5 working days of the Conference"); checked when it is raised.
       */
      withinWorkingDaysOfConference: z
        .strictObject({ workingDays: z.number().int().min(1).max(60), source: SourceSchema })
        .optional(),
    }),
    roles: z.record(roleName, RoleSchema),
    stages: z.array(StageSchema).min(1),
    copyRules: z.array(CopyRuleSchema).default([]),
    /**
     * The people copied on a formal stage are copied into all its communications (responses, more
     * time, missed deadlines, the cap), not only its opening (seed 004: "Team Manager to be copied into
     * all communications within the Formal Dispute stages").
     */
    copiedIntoAllCommunications: SourceSchema.optional(),
    cap: CapSchema.optional(),
    bypass: BypassSchema,
    recurrence: RecurrenceSchema.optional(),
    immediateRisk: ImmediateRiskSchema.optional(),
    meetingNotice: MeetingNoticeSchema.default({
      workingDays: 1,
      source: {
        fromSource: false,
        note: 'No seed says how much notice a meeting needs; booking from the next working day is the product default (SEEDS.md "Meetings").',
      },
    }),
    reminders: z
      .strictObject({
        /** Working days before the due date for the first reminder (0 = none). */
        beforeDueWorkingDays: z.number().int().min(0).max(5),
        onDueDay: z.boolean(),
      })
      .default({ beforeDueWorkingDays: 1, onDueDay: true }),
    /** Theme headings for reports; absent means the default (Gloucestershire's headings). */
    themes: z.array(ThemeSchema).optional(),
    /** How much of the child a card or email shows to people the protocol names. */
    childDetailOnCards: z
      .enum(['initials-and-case-number', 'name-and-case-number'])
      .default('initials-and-case-number'),
  })
  .superRefine((p, ctx) => {
    const roles = new Set(Object.keys(p.roles));
    const stageIds = p.stages.map((s) => s.id);
    const checkRole = (role: string, path: (string | number)[]) => {
      if (!roles.has(role))
        ctx.addIssue({ code: 'custom', path, message: `names role "${role}", which is not under roles` });
    };
    const checkStage = (stageId: string, path: (string | number)[]) => {
      if (!stageIds.includes(stageId))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `names stage "${stageId}", which is not under stages`,
        });
    };
    checkRole(p.raisedBy.role, ['raisedBy', 'role']);
    if (p.roles[p.raisedBy.role]?.resolve.kind !== 'raiser')
      ctx.addIssue({
        code: 'custom',
        path: ['roles', p.raisedBy.role, 'resolve'],
        message: 'the role that raises the dispute must resolve as kind "raiser"',
      });
    for (const [name, role] of Object.entries(p.roles)) {
      if (role.resolve.kind === 'manager-of' || role.resolve.kind === 'up-the-line')
        checkRole(role.resolve.of, ['roles', name, 'resolve', 'of']);
    }
    if (new Set(stageIds).size !== stageIds.length)
      ctx.addIssue({ code: 'custom', path: ['stages'], message: 'stage ids must be unique' });
    p.stages.forEach((s, i) => {
      const at = ['stages', i];
      s.respondentRoles.forEach((r, j) => checkRole(r, [...at, 'respondentRoles', j]));
      s.mayAlsoAnswerRoles.forEach((r, j) => checkRole(r, [...at, 'mayAlsoAnswerRoles', j]));
      s.notifyRoles.forEach((r, j) => checkRole(r, [...at, 'notifyRoles', j]));
      s.copyRoles.forEach((r, j) => checkRole(r, [...at, 'copyRoles', j]));
      if (s.meeting.chairRole) checkRole(s.meeting.chairRole, [...at, 'meeting', 'chairRole']);
      if (s.meeting.confirmedByRole)
        checkRole(s.meeting.confirmedByRole, [...at, 'meeting', 'confirmedByRole']);
      s.meeting.attendeeRoles.forEach((r, j) => checkRole(r, [...at, 'meeting', 'attendeeRoles', j]));
      if (s.meeting.need !== 'none' && !s.meeting.chairRole)
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'meeting', 'chairRole'],
          message: 'a meeting needs a chair',
        });
      checkRole(s.recording.recordedByRole, [...at, 'recording', 'recordedByRole']);
      if (s.onDeadline.action === 'ask-chair')
        s.onDeadline.consultRoles.forEach((r, j) => checkRole(r, [...at, 'onDeadline', 'consultRoles', j]));
      if (
        s.responseTime.kind === 'set-by-chair' &&
        s.responseTime.defaultWorkingDays > s.responseTime.maxWorkingDays
      )
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'responseTime', 'defaultWorkingDays'],
          message: 'the default cannot be longer than the maximum',
        });
      const last = i === p.stages.length - 1;
      if (last && s.onDeadline.action === 'escalate')
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'onDeadline', 'action'],
          message: 'the last stage cannot escalate at its deadline: there is no later stage (use ask-chair)',
        });
      if (
        last &&
        s.onDeadline.action === 'ask-chair' &&
        s.onDeadline.autoEscalateAfterWorkingDays !== undefined
      )
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'onDeadline', 'autoEscalateAfterWorkingDays'],
          message: 'the last stage cannot escalate by itself: there is no later stage',
        });
      if (
        !last &&
        s.onDeadline.action === 'ask-chair' &&
        s.onDeadline.autoEscalateAfterWorkingDays === undefined
      )
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'onDeadline', 'autoEscalateAfterWorkingDays'],
          message: 'say after how many working days an undecided missed deadline escalates by itself',
        });
      if (s.recording.childFile === 'case-note' && !s.recording.caseNoteTitle)
        ctx.addIssue({
          code: 'custom',
          path: [...at, 'recording', 'caseNoteTitle'],
          message: 'a case note needs a title',
        });
    });
    p.copyRules.forEach((c, i) => {
      checkRole(c.role, ['copyRules', i, 'role']);
      checkStage(c.fromStageId, ['copyRules', i, 'fromStageId']);
    });
    if (p.cap) {
      checkStage(p.cap.countsFromStageId, ['cap', 'countsFromStageId']);
      p.cap.alertRoles.forEach((r, j) => checkRole(r, ['cap', 'alertRoles', j]));
    }
    p.bypass.alwaysAllowedStageIds.forEach((s, j) => checkStage(s, ['bypass', 'alwaysAllowedStageIds', j]));
    p.bypass.consultRoles.forEach((r, j) => checkRole(r, ['bypass', 'consultRoles', j]));
    p.bypass.referral?.preAlertRoles.forEach((r, j) =>
      checkRole(r, ['bypass', 'referral', 'preAlertRoles', j]),
    );
    p.immediateRisk?.alertRoles.forEach((r, j) => checkRole(r, ['immediateRisk', 'alertRoles', j]));
    if (p.recurrence) checkStage(p.recurrence.startStageId, ['recurrence', 'startStageId']);
    let seenFormal = false;
    p.stages.forEach((s, i) => {
      if (seenFormal && !s.formal)
        ctx.addIssue({
          code: 'custom',
          path: ['stages', i, 'formal'],
          message: 'an informal stage cannot follow a formal one',
        });
      seenFormal ||= s.formal;
    });
  });

export type Protocol = z.infer<typeof ProtocolSchema>;
export type ProtocolInput = z.input<typeof ProtocolSchema>;
