// The OpenAPI document at /api/openapi.json, built from the same zod schemas that check requests,
// so the description cannot drift from what the server accepts.
import { z } from 'zod';
import * as bodies from './request-schemas.ts';
import { recordsPaths } from './records-openapi.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: {
      type: 'string',
      enum: [
        'bad-request',
        'unauthorized',
        'forbidden',
        'not-found',
        'conflict',
        'unprocessable',
        'too-many-requests',
        'internal',
      ],
    },
    message: { type: 'string' },
    field: { type: 'string' },
    issues: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};

const disputeSchema = {
  type: 'object',
  required: [
    'id',
    'reference',
    'version',
    'protocolId',
    'status',
    'stage',
    'capOn',
    'respondents',
    'copied',
    'events',
    'notifications',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    reference: { type: 'string', example: 'CPD-7K3QX2' },
    version: { type: 'integer' },
    protocolId: { type: 'string' },
    status: { type: 'string', enum: ['open', 'resolved', 'withdrawn'] },
    stage: {
      type: ['object', 'null'],
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        openedOn: { type: 'string', format: 'date' },
        dueOn: { type: 'string', format: 'date' },
        dueAt: { type: 'string', format: 'date-time' },
      },
    },
    capOn: { type: ['string', 'null'], format: 'date' },
    respondents: { type: 'array', items: { type: 'string' } },
    copied: { type: 'array', items: { type: 'string' } },
    events: { type: 'array', items: { type: 'object', required: ['type', 'at', 'actorId'] } },
    notifications: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          recipientId: { type: 'string' },
          reason: { type: 'string' },
          stageId: { type: ['string', 'null'] },
          channel: { type: 'string' },
          status: { type: 'string', enum: ['pending', 'delivered', 'dead'] },
        },
      },
    },
    seenBy: {
      type: 'array',
      items: { type: 'object', properties: { personId: { type: 'string' }, at: { type: 'string' } } },
    },
  },
};

const docxType = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const str = { type: 'string' };
const int = { type: 'integer' };
const nullableNumber = { type: ['number', 'null'] };
const obj = (properties: Record<string, unknown>) => ({
  type: 'object',
  required: Object.keys(properties),
  properties,
});
const list = (items: unknown) => ({ type: 'array', items });

const reportDescription =
  'The cohort is the disputes raised from `from` to `to` (UK dates, inclusive), as they stand when the report is run (`range.asAt`). ' +
  'Shares are fractions (0.667) or null when there is nothing to divide by; resolvedAtInformal.share is of the resolved disputes. ' +
  "Response times are working days on the protocol's calendar from the day a stage opened to its first response; withinTime uses the stage's own limit (extensions not counted). " +
  'repeatConcerns: disputes that started formally under the recurrence rule, or follow an earlier dispute in the range for the same child. ' +
  "Team is the social worker's team in the directory. Each run is recorded in report_reads.";

const reportParams = [
  { name: 'from', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
  { name: 'protocolId', in: 'query', schema: str },
  { name: 'team', in: 'query', schema: str },
];

const boardReportSchema = obj({
  range: obj({
    from: { type: 'string', format: 'date' },
    to: { type: 'string', format: 'date' },
    asAt: { type: 'string', format: 'date-time' },
    protocolId: { type: ['string', 'null'] },
    team: { type: ['string', 'null'] },
  }),
  totals: obj({ raised: int, open: int, resolved: int, withdrawn: int }),
  raisedByTheme: list(obj({ themeId: str, label: str, count: int })),
  stageReached: list(obj({ protocolId: str, stageId: str, name: str, count: int })),
  resolvedAtInformal: obj({ count: int, share: nullableNumber }),
  responseTimes: list(
    obj({
      protocolId: str,
      stageId: str,
      name: str,
      protocolWorkingDays: int,
      responses: int,
      medianWorkingDays: nullableNumber,
      withinTime: int,
      withinTimeShare: nullableNumber,
    }),
  ),
  deadlinesMissed: int,
  capBreaches: int,
  repeatConcerns: int,
  byTeam: list(obj({ team: str, raised: int, open: int, deadlinesMissed: int })),
  definitions: { type: 'object', additionalProperties: str },
});

const adminOverviewSchema = obj({
  protocols: list(
    obj({
      id: str,
      name: str,
      council: str,
      flow: str,
      cap: { type: ['object', 'null'], properties: { workingDays: int, countsFromStageId: str } },
      stages: list(
        obj({
          id: str,
          name: str,
          formal: { type: 'boolean' },
          days: int,
          daysSetByChair: { type: 'boolean' },
          daysFromSource: { type: 'boolean' },
          onDeadline: { type: 'string', enum: ['escalate', 'ask-chair'] },
          meeting: { type: 'string', enum: ['none', 'optional', 'required'] },
        }),
      ),
    }),
  ),
  unresolvedRoles: list(
    obj({
      disputeId: str,
      reference: str,
      protocolId: str,
      stageIds: list(str),
      role: str,
      label: str,
      why: str,
    }),
  ),
  refusedSteps: list(
    obj({
      disputeId: str,
      reference: str,
      protocolId: str,
      stageId: str,
      toStageId: str,
      why: str,
      since: { type: 'string', format: 'date-time' },
      lastReportedOn: { type: 'string', format: 'date' },
    }),
  ),
  failedDeliveries: list(
    obj({
      disputeId: str,
      reference: str,
      recipientId: str,
      recipientName: { type: ['string', 'null'] },
      reason: str,
      stageId: { type: ['string', 'null'] },
      channel: str,
      attempts: int,
      lastError: { type: ['string', 'null'] },
      createdAt: { type: 'string', format: 'date-time' },
    }),
  ),
});

const errors = {
  '400': {
    description: 'Bad input: the field and what is wrong',
    content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
  },
  '401': { description: 'Not signed in' },
  '403': { description: 'Not available to you (a list, a report, or a part of a dispute you may read)' },
  '404': {
    description:
      'Not found: a dispute that does not exist and one you may not read get the same answer, word for word',
  },
  '409': {
    description: 'The dispute changed since you read it (stale version), or the action no longer applies',
  },
  '429': {
    description:
      'Too many requests from this person or address in a minute: Retry-After says when to try again',
  },
};
const dispute = {
  description: 'The dispute',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Dispute' } } },
};
const idParam = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }];

const actionPath = (summary: string, schema: z.ZodType) => ({
  post: {
    summary,
    parameters: idParam,
    requestBody: { required: true, content: { 'application/json': { schema: json(schema) } } },
    responses: { '200': dispute, ...errors },
  },
});

export function openApiDocument(options: { devMode: boolean }) {
  const paths: Record<string, unknown> = {
    '/healthz': {
      get: {
        summary: 'The database answers, and the adapters in use',
        security: [],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/livez': {
      get: {
        summary: 'Liveness: the process is up (no I/O)',
        security: [],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/readyz': {
      get: {
        summary: 'Readiness: the database takes writes, the schema is migrated, not draining',
        security: [],
        responses: {
          '200': { description: 'ready' },
          '503': { description: 'unready, with the reason (no personal data)' },
        },
      },
    },
    '/api/protocols': {
      get: { summary: 'The protocols in force', responses: { '200': { description: 'Protocols' } } },
    },
    '/api/protocols/{id}': {
      get: {
        summary: 'One protocol, whole',
        parameters: idParam,
        responses: { '200': { description: 'The protocol' }, ...errors },
      },
    },
    '/api/protocols/{id}/preview': {
      get: {
        summary:
          "Escalation preview: if nobody acts, when each stage is sent and falls due (close of business), the chair's decision windows and the cap",
        parameters: [
          ...idParam,
          { name: 'start', in: 'query', required: true, schema: { type: 'string', format: 'date' } },
        ],
        responses: { '200': { description: 'Stages, cap and warnings' }, ...errors },
      },
    },
    '/api/directory/users': {
      get: {
        summary: 'People search for pickers',
        parameters: [
          { name: 'q', in: 'query', schema: { type: 'string' } },
          { name: 'role', in: 'query', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'Users' } },
      },
    },
    '/api/me': { get: { summary: 'The signed-in person', responses: { '200': { description: 'User' } } } },
    '/api/disputes': {
      post: {
        summary: 'Raise a dispute',
        requestBody: { required: true, content: { 'application/json': { schema: json(bodies.RaiseBody) } } },
        responses: {
          '201': dispute,
          ...errors,
          '422': { description: 'A role the stage needs is not filled in the directory' },
        },
      },
      get: {
        summary: 'My disputes',
        description:
          "view=team (the channel tab): open disputes whose social worker is in `team` (the directory's team name), for that team's members and oversight posts.",
        parameters: [
          {
            name: 'view',
            in: 'query',
            schema: {
              type: 'string',
              enum: ['raised-by-me', 'awaiting-me', 'copied-to-me', 'all-open', 'team'],
            },
          },
          { name: 'team', in: 'query', description: 'view=team only', schema: { type: 'string' } },
        ],
        responses: { '200': { description: 'Disputes: { view, team?, disputes }' }, ...errors },
      },
    },
    '/api/disputes/by-reference/{reference}': {
      get: {
        summary: 'A dispute found by its reference (CPD-…), as GET /api/disputes/{id}',
        parameters: [{ name: 'reference', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': dispute, ...errors },
      },
    },
    '/api/disputes/{id}': {
      get: {
        summary: 'A dispute: state, stage, deadlines, history, notifications, who has seen it',
        parameters: idParam,
        responses: { '200': dispute, ...errors },
      },
    },
    '/api/disputes/{id}/case-note': {
      get: {
        summary: "The text for the child's file",
        parameters: idParam,
        responses: { '200': { description: 'Case note' }, ...errors },
      },
    },
    '/api/disputes/{id}/form.docx': {
      get: {
        summary: 'The Dispute Resolution Form (Calderdale Appendix 1) as a Word document',
        description:
          "Child, conference, each stage (date sent, concern or reason for escalation, recommendations, responses with name & status and date returned, timescale), resolution. It carries the child's full details, so only the people the protocol names on the dispute may download it (oversight alone gets 403). Every attempt is audited. The file is named <reference>-dispute-form.docx.",
        parameters: idParam,
        responses: {
          '200': {
            description: 'The form',
            content: { [docxType]: { schema: { type: 'string', format: 'binary' } } },
          },
          ...errors,
        },
      },
    },
    '/api/reports': {
      get: {
        summary:
          "The safeguarding board's report (oversight posts only): aggregates, no child or dispute identifiers",
        description: reportDescription,
        parameters: reportParams,
        responses: {
          '200': {
            description: 'The report',
            content: { 'application/json': { schema: boardReportSchema } },
          },
          ...errors,
        },
      },
    },
    '/api/reports.csv': {
      get: {
        summary: 'The same report as CSV: a header row, then one row per figure',
        description: `Columns: section, protocol_id, stage_id, theme_id, team, label, metric, value. UTF-8 with a byte-order mark, CRLF. Filename board-report-<from>-to-<to>.csv. ${reportDescription}`,
        parameters: reportParams,
        responses: {
          '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
          ...errors,
        },
      },
    },
    '/api/admin/overview': {
      get: {
        summary:
          'Administration (oversight posts only): protocols, roles open disputes will need that nobody holds, failed deliveries',
        responses: {
          '200': {
            description: 'Overview',
            content: { 'application/json': { schema: adminOverviewSchema } },
          },
          ...errors,
        },
      },
    },
    ...recordsPaths(errors),
    '/api/disputes/{id}/acknowledge': actionPath(
      'Acknowledge the stage (respondent)',
      bodies.AcknowledgeBody,
    ),
    '/api/disputes/{id}/responses': actionPath('Respond (respondent)', bodies.RespondBody),
    '/api/disputes/{id}/co-sign': actionPath(
      "Co-sign another respondent's response at a jointly answered stage (respondent)",
      bodies.CoSignBody,
    ),
    '/api/disputes/{id}/extend': actionPath('Give more time (chair)', bodies.ExtendBody),
    '/api/disputes/{id}/escalate': actionPath('Escalate (chair)', bodies.EscalateBody),
    '/api/disputes/{id}/resolve': actionPath('Resolve (chair)', bodies.ResolveBody),
    '/api/disputes/{id}/withdraw': actionPath('Withdraw (chair)', bodies.WithdrawBody),
    '/api/disputes/{id}/notes': actionPath('Add a note (anyone involved)', bodies.NoteBody),
    '/api/disputes/{id}/meeting-outcome': actionPath(
      'Record the meeting (chair or meeting chair)',
      bodies.MeetingOutcomeBody,
    ),
    '/api/disputes/{id}/meeting/request': actionPath(
      "Ask for the stage's optional meeting, or a new one after one was not held (chair or meeting chair)",
      bodies.RequestMeetingBody,
    ),
    '/api/disputes/{id}/meeting/confirm': actionPath(
      'Confirm one of the proposed meeting times (the person the protocol asks to confirm the date)',
      bodies.ConfirmMeetingSlotBody,
    ),
    '/api/disputes/{id}/meeting/move': actionPath(
      'Move the meeting (chair or meeting chair); the calendars follow',
      bodies.MoveMeetingBody,
    ),
    '/api/disputes/{id}/meeting.ics': {
      get: {
        summary:
          "The current stage's meeting as an iCalendar invitation (METHOD:REQUEST, or METHOD:CANCEL once cancelled)",
        description:
          'Times in Europe/London with its VTIMEZONE; UID stable for the meeting, SEQUENCE raised on every change. Only the reference and the stage: no child details.',
        parameters: idParam,
        responses: {
          '200': {
            description: 'meeting-<reference>.ics',
            content: { 'text/calendar': { schema: { type: 'string' } } },
          },
          ...errors,
          '404': { description: 'No meeting is booked for the current stage' },
        },
      },
    },
    '/api/me/calendar-feed': {
      post: {
        summary:
          'Create or replace my calendar feed link (the old link stops working); it lapses after the council’s CALENDAR_FEED_DAYS',
        responses: {
          '200': {
            description: 'The link, shown once: only a hash of its token is kept',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['url', 'expiresAt'],
                  properties: {
                    url: { type: 'string', format: 'uri' },
                    expiresAt: { type: 'string', format: 'date-time' },
                  },
                },
              },
            },
          },
          '401': errors['401'],
        },
      },
      delete: {
        summary: 'Turn my calendar feed link off',
        responses: { '204': { description: 'Revoked' }, '401': errors['401'] },
      },
    },
    '/calendar/{token}.ics': {
      get: {
        summary:
          "A person's calendar feed: the meetings they are invited to (the token in the link is the credential)",
        security: [],
        parameters: [{ name: 'token', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'iCalendar (METHOD:PUBLISH); cancelled meetings as STATUS:CANCELLED for 30 days',
            content: { 'text/calendar': { schema: { type: 'string' } } },
          },
          '404': { description: 'Unknown, revoked or expired link (the same answer for each)' },
        },
      },
    },
  };
  if (options.devMode)
    paths['/api/dev/people'] = {
      get: {
        summary: 'People the tab’s person switcher offers (dev sign-in only; no sign-in needed)',
        security: [],
        responses: { '200': { description: '[{ id, name, jobTitle }]' } },
      },
    };
  if (options.devMode)
    paths['/api/dev/clock'] = {
      get: { summary: 'Read the test clock (dev mode only)', responses: { '200': { description: 'now' } } },
      post: {
        summary: 'Set the test clock and run the deadline sweep (dev mode only)',
        requestBody: { required: true, content: { 'application/json': { schema: json(bodies.ClockBody) } } },
        responses: { '200': { description: 'now and what the sweep did' }, ...errors },
      },
    };
  return {
    openapi: '3.1.0',
    info: {
      title: 'CP Disputes API',
      version: '0.1.0',
      description: 'Child protection dispute resolution: the REST API behind the Teams tab.',
    },
    components: {
      schemas: { Error: errorSchema, Dispute: disputeSchema },
      securitySchemes: options.devMode
        ? {
            devUser: {
              type: 'apiKey',
              in: 'header',
              name: 'X-Dev-User',
              description: 'Dev mode only: a directory id',
            },
          }
        : { entra: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [options.devMode ? { devUser: [] } : { entra: [] }],
    paths,
  };
}
