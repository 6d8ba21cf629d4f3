// The safeguarding board's report: aggregates only (no child, case number, dispute id or reference).
import { z } from 'zod';
import { id, instant, isoDate, teamName } from './common.ts';

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

const share = z.number().nullable();

export const BoardReportSchema = z
  .object({
    range: z.object({
      from: z.string(),
      to: z.string(),
      asAt: instant,
      protocolId: z.string().nullable(),
      team: z.string().nullable(),
    }),
    totals: z.object({
      raised: z.number().int(),
      open: z.number().int(),
      resolved: z.number().int(),
      withdrawn: z.number().int(),
    }),
    raisedByTheme: z.array(z.object({ themeId: z.string(), label: z.string(), count: z.number().int() })),
    /** The furthest stage each dispute reached, per protocol. */
    stageReached: z.array(
      z.object({ protocolId: z.string(), stageId: z.string(), name: z.string(), count: z.number().int() }),
    ),
    /** Resolved while at an informal stage; share of the resolved disputes. */
    resolvedAtInformal: z.object({ count: z.number().int(), share }),
    responseTimes: z.array(
      z.object({
        protocolId: z.string(),
        stageId: z.string(),
        name: z.string(),
        protocolWorkingDays: z.number(),
        responses: z.number().int(),
        medianWorkingDays: z.number().nullable(),
        withinTime: z.number().int(),
        withinTimeShare: share,
      }),
    ),
    deadlinesMissed: z.number().int(),
    capBreaches: z.number().int(),
    repeatConcerns: z.number().int(),
    byTeam: z.array(
      z.object({
        team: z.string(),
        raised: z.number().int(),
        open: z.number().int(),
        deadlinesMissed: z.number().int(),
      }),
    ),
    /** Each figure's definition, in words, for the board. */
    definitions: z.record(z.string(), z.string()),
  })
  .meta({ id: 'BoardReport' });

/** The board report as CSV for a spreadsheet. */
export const BoardReportCsvSchema = z.string().describe('CSV (RFC 4180)');
