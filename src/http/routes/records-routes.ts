// Records management for admins and the information-governance post (docs/records-management.md):
// what falls due for disposal, running disposal now, legal holds, subject access exports. Every
// answer carries personal data or decisions about it: none is cached.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppServices } from '../../app/app-services.ts';
import { RecordsManagement } from '../../app/records-management.ts';
import { parseWith } from '../validate.ts';
import { londonDateOf } from '../../core/calendar/working-day-calendar.ts';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const LegalHoldBody = z.strictObject({
  reference: text(20),
  /** true sets the hold, false lifts it. */
  hold: z.boolean(),
  reason: text(2000),
});

export const SubjectAccessBody = z.strictObject({
  subject: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('child'), caseNumber: text(50) }),
    z.strictObject({ kind: z.literal('staff'), personId: text(100) }),
  ]),
  format: z.enum(['json', 'docx']).default('json'),
});

export const DisposalBody = z.strictObject({});

export function recordsRoutes(app: FastifyInstance, services: AppServices) {
  const as = (req: FastifyRequest) => new RecordsManagement(services, req.person);

  app.get('/api/admin/retention', async (req, reply) => {
    reply.header('cache-control', 'no-store');
    return as(req).retention();
  });

  app.post('/api/admin/disposal', async (req, reply) => {
    parseWith(DisposalBody, req.body);
    reply.header('cache-control', 'no-store');
    return as(req).dispose();
  });

  app.post('/api/admin/legal-holds', async (req, reply) => {
    const body = parseWith(LegalHoldBody, req.body);
    reply.header('cache-control', 'no-store');
    return as(req).legalHold(body.reference, body.hold, body.reason);
  });

  app.post('/api/admin/subject-access', async (req, reply) => {
    const body = parseWith(SubjectAccessBody, req.body);
    const exported = await as(req).subjectAccess(body.subject, body.format);
    reply.header('cache-control', 'no-store');
    if (body.format === 'json') return exported;
    // The Word writer loads on first use; the file is named by the date, never by the subject.
    const { renderSubjectAccessDocx } = await import('../../adapters/docx/subject-access-docx.ts');
    const { DOCX_CONTENT_TYPE } = await import('../../adapters/docx/dispute-form-docx.ts');
    return reply
      .header('content-type', DOCX_CONTENT_TYPE)
      .header(
        'content-disposition',
        `attachment; filename="subject-access-${londonDateOf(exported.producedAt)}.docx"`,
      )
      .send(await renderSubjectAccessDocx(exported));
  });
}
