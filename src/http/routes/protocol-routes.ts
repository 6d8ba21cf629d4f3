import type { FastifyInstance } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import { AppError } from '../../app/app-error.ts';
import { previewEscalation } from '../../core/preview/escalation-preview.ts';
import { stageIndex } from '../../core/protocol/stage-queries.ts';
import { themesOf } from '../../core/protocol/themes.ts';
import { PreviewQuery } from '../request-schemas.ts';
import { parseWith } from '../validate.ts';

export function protocolRoutes(app: FastifyInstance, services: AppServices) {
  const entryOf = (id: string) => {
    const entry = services.protocols.get(id);
    if (!entry) throw new AppError('not-found', `There is no protocol "${id}".`);
    return entry;
  };

  app.get('/api/protocols', async () =>
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

  app.get<{ Params: { id: string } }>('/api/protocols/:id', async (req) => {
    const { protocol } = entryOf(req.params.id);
    return { ...protocol, themes: themesOf(protocol) };
  });

  app.get<{ Params: { id: string } }>('/api/protocols/:id/preview', async (req) => {
    const { protocol, calendar } = entryOf(req.params.id);
    const q = parseWith(PreviewQuery, req.query);
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
