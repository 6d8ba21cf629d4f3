// The records-management endpoints in the OpenAPI document, from the zod schemas that check them.
import { z } from 'zod';
import { DisposalBody, LegalHoldBody, SubjectAccessBody } from './routes/records-routes.ts';

const json = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: json(schema) } },
});

export function recordsPaths(errors: Record<string, unknown>) {
  return {
    '/api/admin/retention': {
      get: {
        summary:
          'Records (admins and the information-governance post): closed disputes and when each falls due for disposal under the retention schedule, with legal holds',
        responses: { '200': { description: 'The retention view (references only)' }, ...errors },
      },
    },
    '/api/admin/disposal': {
      post: {
        summary:
          "Disposes now of every record past retention that is not under legal hold (the job's own run): personal data erased, the de-identified skeleton kept",
        requestBody: body(DisposalBody),
        responses: {
          '200': { description: 'What was disposed of, and what was kept under hold' },
          ...errors,
        },
      },
    },
    '/api/admin/legal-holds': {
      post: {
        summary: 'Sets (hold: true) or lifts a legal hold on a dispute, with a reason; recorded',
        requestBody: body(LegalHoldBody),
        responses: { '200': { description: 'The hold as it now stands' }, ...errors },
      },
    },
    '/api/admin/subject-access': {
      post: {
        summary:
          'Subject access export: every record about a child (case number) or a member of staff (directory id), as JSON or a Word document; the export is recorded',
        requestBody: body(SubjectAccessBody),
        responses: {
          '200': {
            description: 'The export',
            content: {
              'application/json': { schema: { type: 'object' } },
              'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
                schema: { type: 'string', format: 'binary' },
              },
            },
          },
          ...errors,
        },
      },
    },
  };
}
