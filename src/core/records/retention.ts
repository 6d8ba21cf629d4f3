// A council's retention schedule and when a closed dispute's record falls due for disposal. Pure:
// the dates come in, the due date goes out. No schedule means nothing is ever due: disposal is
// something a council turns on, never a default.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { isIsoDate } from '../calendar/iso-date.ts';

/**
 * One council's schedule. With both rules the record is kept until both periods have passed (the
 * later date): a rule can only make a record live longer, never shorter.
 */
export const RetentionScheduleSchema = z
  .object({
    /** Years after the dispute was closed (resolved or withdrawn), on the London date it closed. */
    yearsAfterClosure: z.number().int().min(1).max(150).optional(),
    /** Kept until the child reaches this age (their date of birth is on the dispute). */
    untilChildAge: z.number().int().min(1).max(150).optional(),
  })
  .strict()
  .refine((s) => s.yearsAfterClosure !== undefined || s.untilChildAge !== undefined, {
    message: 'a schedule needs yearsAfterClosure, untilChildAge or both',
  });

export type RetentionSchedule = z.infer<typeof RetentionScheduleSchema>;

/** Schedules per council, by tenant id. */
export const CouncilRetentionSchema = z
  .object({ councils: z.record(z.string().min(1), RetentionScheduleSchema) })
  .strict()
  .refine((c) => Object.keys(c.councils).length > 0, { message: 'councils must name at least one tenant' });

/** What the configuration holds: one schedule for the deployment's council, or one per tenant id. */
export const RetentionConfigSchema = z.union([RetentionScheduleSchema, CouncilRetentionSchema]);

/** Parses with the schema the shape asks for, so that a mistake is named (a union says only "invalid"). */
export function parseRetentionConfig(json: unknown) {
  const perCouncil = json !== null && typeof json === 'object' && 'councils' in json;
  return (perCouncil ? CouncilRetentionSchema : RetentionScheduleSchema).safeParse(json);
}

export type RetentionConfig = z.infer<typeof RetentionConfigSchema>;

/** The schedule of one council (tenant); null when it has none: nothing of it is ever disposed of. */
export function scheduleFor(config: RetentionConfig | null, tenantId: string): RetentionSchedule | null {
  if (!config) return null;
  if ('councils' in config) return config.councils[tenantId] ?? null;
  return config;
}

export function describeSchedule(schedule: RetentionSchedule | null): string {
  if (!schedule) return 'No retention schedule: nothing is ever disposed of.';
  const rules = [
    ...(schedule.yearsAfterClosure !== undefined
      ? [`${schedule.yearsAfterClosure} years after closure`]
      : []),
    ...(schedule.untilChildAge !== undefined ? [`until the child is ${schedule.untilChildAge}`] : []),
  ];
  return rules.length > 1 ? `Kept ${rules.join(' and ')}, whichever is later.` : `Kept ${rules[0]}.`;
}

/** A closed dispute as retention sees it. */
export interface RetentionFacts {
  status: 'open' | 'resolved' | 'withdrawn';
  /** The London date the dispute closed; null while open. */
  closedOn: string | null;
  /** The child's date of birth as recorded (may be anything a person typed). */
  dateOfBirth: string | null;
}

export type RetentionDue =
  { due: true; dueOn: string; rule: string } | { due: false; dueOn: null; why: string };

const isoDate = (d: string | null) => {
  if (!isIsoDate(d)) return null;
  return DateTime.fromISO(d, { zone: 'UTC' });
};

/**
 * When the record falls due for disposal (`due: true` gives the date, which may be in the
 * future). Open disputes never fall due; neither does a record whose date cannot be worked out
 * (no valid date of birth for an age rule): it is kept, and the admin view says why.
 */
export function retentionDueOn(schedule: RetentionSchedule | null, facts: RetentionFacts): RetentionDue {
  if (!schedule) return { due: false, dueOn: null, why: 'no retention schedule' };
  const closed = isoDate(facts.closedOn);
  if (facts.status === 'open' || !closed) return { due: false, dueOn: null, why: 'still open' };
  const dates: { on: DateTime; rule: string }[] = [{ on: closed, rule: 'closed' }];
  if (schedule.yearsAfterClosure !== undefined)
    dates.push({
      on: closed.plus({ years: schedule.yearsAfterClosure }),
      rule: `${schedule.yearsAfterClosure} years after closure`,
    });
  if (schedule.untilChildAge !== undefined) {
    const born = isoDate(facts.dateOfBirth);
    if (!born)
      return {
        due: false,
        dueOn: null,
        why: `the age rule needs the child's date of birth, and none valid is recorded: kept`,
      };
    dates.push({
      on: born.plus({ years: schedule.untilChildAge }),
      rule: `the child turned ${schedule.untilChildAge}`,
    });
  }
  // The latest date wins; luxon moves 29 February to 28 February in a year without it.
  const latest = dates.reduce((a, b) => (b.on > a.on ? b : a));
  return {
    due: true,
    dueOn: latest.on.toISODate()!,
    rule: latest.rule === 'closed' ? 'closed' : latest.rule,
  };
}
