// Records management for admins and the information-governance post (docs/records-management.md):
// what falls due for disposal, running disposal now, legal holds, subject access exports. Every
// answer carries personal data or decisions about it: none is cached.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from '../../app/app-services.ts';
import { RecordsManagement } from '../../app/records-management.ts';
import { londonDateOf } from '../../core/calendar/working-day-calendar.ts';
import { apiErrors } from '../../contract/errors.ts';
import {
  DisposalBody,
  DisposalRunSchema,
  DocxSchema,
  LegalHoldBody,
  LegalHoldResultSchema,
  RetentionViewSchema,
  SubjectAccessBody,
  SubjectAccessExportSchema,
} from '../../contract/records.ts';

export function recordsRoutes(app: FastifyInstance, services: AppServices) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const as = (req: FastifyRequest) => new RecordsManagement(services, req.person);

  const retention = {
    summary: 'Closed disputes not yet disposed of: when each falls due, and holds',
    response: { 200: RetentionViewSchema, ...apiErrors },
  };
  api.get('/api/admin/retention', { schema: retention }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return as(req).retention();
  });

  const disposal = {
    summary: 'Run disposal now: erase what has fallen due and is not held',
    body: DisposalBody,
    response: { 200: DisposalRunSchema, ...apiErrors },
  };
  api.post('/api/admin/disposal', { schema: disposal }, async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return as(req).dispose();
  });

  const legalHolds = {
    summary: 'Set or lift a legal hold on a closed dispute',
    body: LegalHoldBody,
    response: { 200: LegalHoldResultSchema, ...apiErrors },
  };
  api.post('/api/admin/legal-holds', { schema: legalHolds }, async (req, reply) => {
    const body = req.body;
    reply.header('cache-control', 'no-store');
    return as(req).legalHold(body.reference, body.hold, body.reason);
  });

  const subjectAccess = {
    summary: 'A subject access export, for a child (by case number) or a member of staff',
    body: SubjectAccessBody,
    response: {
      200: {
        description: 'The export: JSON, or a Word document (format=docx)',
        content: {
          'application/json': { schema: SubjectAccessExportSchema },
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: DocxSchema },
        },
      },
      ...apiErrors,
    },
  };
  api.post('/api/admin/subject-access', { schema: subjectAccess }, async (req, reply) => {
    const body = req.body;
    const exported = await as(req).subjectAccess(body.subject, body.format);
    reply.header('cache-control', 'no-store');
    if (body.format === 'json') return exported;
    // The Word writer loads on first use; the file is named by the date, never by the subject.
    const { renderSubjectAccessDocx } = await import('../../adapters/docx/subject-access-docx.ts');
    const { DOCX_CONTENT_TYPE } = await import('../../adapters/docx/dispute-form-docx.ts');
    return (
      reply
        .header('content-type', DOCX_CONTENT_TYPE)
        .header(
          'content-disposition',
          `attachment; filename="subject-access-${londonDateOf(exported.producedAt)}.docx"`,
        )
        // The document's bytes, sent as they are (the schema describes them as a binary string).
        .send((await renderSubjectAccessDocx(exported)) as unknown as string)
    );
  });
}
