// The Dispute Resolution Form as a Word document, for the people the protocol names on the dispute
// (access checked and the download audited by PersonDisputes). The file is named by the dispute's
// reference, never by the child.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppServices } from '../../app/app-services.ts';
import { PersonDisputes } from '../../app/person-disputes.ts';
import { IdParams } from '../../contract/common.ts';
import { apiErrors } from '../../contract/errors.ts';
import { DocxSchema } from '../../contract/records.ts';

export function formRoutes(app: FastifyInstance, services: AppServices) {
  const schema = {
    summary: 'The Dispute Resolution Form as a Word document (people the protocol names on the dispute)',
    params: IdParams,
    response: {
      200: {
        description: '<reference>-dispute-form.docx',
        content: {
          'application/vnd.openxmlformats-officedocument.wordprocessingml.document': { schema: DocxSchema },
        },
      },
      ...apiErrors,
    },
  };
  app
    .withTypeProvider<ZodTypeProvider>()
    .get('/api/disputes/:id/form.docx', { schema }, async (req, reply) => {
      const form = await new PersonDisputes(services, req.person).form(req.params.id);
      // The Word writer loads on first use: most days nobody downloads a form.
      const { DOCX_CONTENT_TYPE, renderDisputeFormDocx } =
        await import('../../adapters/docx/dispute-form-docx.ts');
      const body = await renderDisputeFormDocx(form);
      return (
        reply
          .header('content-type', DOCX_CONTENT_TYPE)
          .header('content-disposition', `attachment; filename="${form.reference}-dispute-form.docx"`)
          .header('cache-control', 'no-store')
          // The document's bytes, sent as they are (the schema describes them as a binary string).
          .send(body as unknown as string)
      );
    });
}
