import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppServices } from '../../app/app-services.ts';
import { AppError } from '../../app/app-error.ts';
import { previewEscalation } from '../../core/preview/escalation-preview.ts';
import { stageIndex } from '../../core/protocol/stage-queries.ts';
import { themesOf } from '../../core/protocol/themes.ts';
import { IdParams } from '../../contract/common.ts';
import { apiErrors } from '../../contract/errors.ts';
import {
  EscalationPreviewSchema,
  PreviewQuery,
  ProtocolDetailSchema,
  ProtocolSummarySchema,
} from '../../contract/protocols.ts';

export function protocolRoutes(app: FastifyInstance, services: AppServices) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const entryOf = (id: string) => {
    const entry = services.protocols.get(id);
    if (!entry) throw new AppError('not-found', `There is no protocol "${id}".`);
    return entry;
  };

  const summary = 'The protocols in force';
  const list = { summary, response: { 200: z.array(ProtocolSummarySchema), ...apiErrors } };
  api.get('/api/protocols', { schema: list }, async () =>
    services.protocols.all().map(({ protocol: p }) => ({
      id: p.id,
      name: p.name,
      council: p.council,
      flow: p.flow,
      processName: p.processName,
      nation: p.nation,
      stages: p.stages.map((s) => ({ id: s.id, name: s.name, formal: s.formal })),
    })),
  );

  const detail = {
    summary: 'A protocol in full, with its themes',
    params: IdParams,
    response: { 200: ProtocolDetailSchema, ...apiErrors },
  };
  api.get('/api/protocols/:id', { schema: detail }, async (req) => {
    const { protocol } = entryOf(req.params.id);
    return { ...protocol, themes: [...themesOf(protocol)] };
  });

  const preview = {
    summary: 'If nobody acts: when each stage opens and falls due, and the overall cap',
    params: IdParams,
    querystring: PreviewQuery,
    response: { 200: EscalationPreviewSchema, ...apiErrors },
  };
  api.get('/api/protocols/:id/preview', { schema: preview }, async (req) => {
    const { protocol, calendar } = entryOf(req.params.id);
    const q = req.query;
    if (q.startStageId && stageIndex(protocol, q.startStageId) < 0)
      throw new AppError(
        'bad-request',
        `"${q.startStageId}" is not a stage of ${protocol.name}.`,
        'startStageId',
      );
    return previewEscalation(
      protocol,
      calendar,
      q.start,
      q.startStageId ? { startStageId: q.startStageId } : {},
    );
  });
}
