// The OpenAPI document at /api/openapi.json, built from the same zod schemas that check requests,
// so the description cannot drift from what the server accepts.
import { z } from 'zod';
import * as bodies from './request-schemas.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: {
    error: { type: 'string', enum: ['bad-request', 'unauthorized', 'forbidden', 'not-found', 'conflict', 'unprocessable', 'internal'] },
    message: { type: 'string' },
    field: { type: 'string' },
    issues: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
  },
};

const disputeSchema = {
  type: 'object',
  required: ['id', 'reference', 'version', 'protocolId', 'status', 'stage', 'capOn', 'respondents', 'copied', 'events', 'notifications'],
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
    seenBy: { type: 'array', items: { type: 'object', properties: { personId: { type: 'string' }, at: { type: 'string' } } } },
  },
};

const errors = {
  '400': { description: 'Bad input: the field and what is wrong', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  '401': { description: 'Not signed in' },
  '403': { description: 'Not available to you' },
  '404': { description: 'Not found' },
  '409': { description: 'The dispute changed since you read it (stale version), or the action no longer applies' },
};
const dispute = { description: 'The dispute', content: { 'application/json': { schema: { $ref: '#/components/schemas/Dispute' } } } };
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
    '/healthz': { get: { summary: 'Liveness and the adapters in use', security: [], responses: { '200': { description: 'ok' } } } },
    '/api/protocols': { get: { summary: 'The protocols in force', responses: { '200': { description: 'Protocols' } } } },
    '/api/protocols/{id}': { get: { summary: 'One protocol, whole', parameters: idParam, responses: { '200': { description: 'The protocol' }, ...errors } } },
    '/api/protocols/{id}/preview': {
      get: {
        summary: 'Escalation preview: when each stage opens and falls due if every deadline is missed',
        parameters: [...idParam, { name: 'start', in: 'query', required: true, schema: { type: 'string', format: 'date' } }],
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
        responses: { '201': dispute, ...errors, '422': { description: 'A role the stage needs is not filled in the directory' } },
      },
      get: {
        summary: 'My disputes',
        parameters: [{ name: 'view', in: 'query', schema: { type: 'string', enum: ['raised-by-me', 'awaiting-me', 'copied-to-me', 'all-open'] } }],
        responses: { '200': { description: 'Disputes' }, ...errors },
      },
    },
    '/api/disputes/{id}': { get: { summary: 'A dispute: state, stage, deadlines, history, notifications, who has seen it', parameters: idParam, responses: { '200': dispute, ...errors } } },
    '/api/disputes/{id}/case-note': { get: { summary: "The text for the child's file", parameters: idParam, responses: { '200': { description: 'Case note' }, ...errors } } },
    '/api/disputes/{id}/acknowledge': actionPath('Acknowledge the stage (respondent)', bodies.AcknowledgeBody),
    '/api/disputes/{id}/responses': actionPath('Respond (respondent)', bodies.RespondBody),
    '/api/disputes/{id}/extend': actionPath('Give more time (chair)', bodies.ExtendBody),
    '/api/disputes/{id}/escalate': actionPath('Escalate (chair)', bodies.EscalateBody),
    '/api/disputes/{id}/resolve': actionPath('Resolve (chair)', bodies.ResolveBody),
    '/api/disputes/{id}/withdraw': actionPath('Withdraw (chair)', bodies.WithdrawBody),
    '/api/disputes/{id}/notes': actionPath('Add a note (anyone involved)', bodies.NoteBody),
    '/api/disputes/{id}/meeting-outcome': actionPath('Record the meeting (chair or meeting chair)', bodies.MeetingOutcomeBody),
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
    info: { title: 'CP Disputes API', version: '0.1.0', description: 'Child protection dispute resolution: the REST API behind the Teams tab.' },
    components: {
      schemas: { Error: errorSchema, Dispute: disputeSchema },
      securitySchemes: options.devMode
        ? { devUser: { type: 'apiKey', in: 'header', name: 'X-Dev-User', description: 'Dev mode only: a directory id' } }
        : { entra: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
    security: [options.devMode ? { devUser: [] } : { entra: [] }],
    paths,
  };
}
