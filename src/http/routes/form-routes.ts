// The Dispute Resolution Form as a Word document, for the people the protocol names on the dispute
// (access checked and the download audited by PersonDisputes). The file is named by the dispute's
// reference, never by the child.
import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import { PersonDisputes } from '../../app/person-disputes.ts';

export function formRoutes(app: FastifyInstance, services: AppServices) {
  app.get<{ Params: { id: string } }>('/api/disputes/:id/form.docx', async (req, reply) => {
    const form = await new PersonDisputes(services, req.person).form(req.params.id);
    // The Word writer loads on first use: most days nobody downloads a form.
    const { DOCX_CONTENT_TYPE, renderDisputeFormDocx } =
      await import('../../adapters/docx/dispute-form-docx.ts');
    const body = await renderDisputeFormDocx(form);
    return reply
      .header('content-type', DOCX_CONTENT_TYPE)
      .header('content-disposition', `attachment; filename="${form.reference}-dispute-form.docx"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
