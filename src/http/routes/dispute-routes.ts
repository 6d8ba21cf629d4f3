import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppServices } from '../../app/app-services.ts';
import { PersonDisputes, type PersonCommandInput } from '../../app/person-disputes.ts';
import {
  AcknowledgeBody,
  CoSignBody,
  ConfirmMeetingSlotBody,
  EscalateBody,
  ExtendBody,
  ListQuery,
  MeetingOutcomeBody,
  MoveMeetingBody,
  NoteBody,
  RaiseBody,
  RequestMeetingBody,
  RespondBody,
  ResolveBody,
  WithdrawBody,
} from '../request-schemas.ts';
import { parseWith } from '../validate.ts';
import type { z } from 'zod';
import type { EscalationGrounds, ResponseOutcome } from '../../core/dispute/dispute-events.ts';

type IdParams = { Params: { id: string } };

export function disputeRoutes(app: FastifyInstance, services: AppServices) {
  const as = (req: FastifyRequest) => new PersonDisputes(services, req.person);

  app.post('/api/disputes', async (req, reply) => {
    const body = parseWith(RaiseBody, req.body);
    const view = await as(req).raise({ ...body, socialWorkerId: body.socialWorkerId ?? '' });
    return reply.status(201).header('location', `/api/disputes/${view.id}`).send(view);
  });

  app.get('/api/disputes', async (req) => {
    const { view, team } = parseWith(ListQuery, req.query);
    const disputes = await as(req).list(view, { team: team ?? null });
    return view === 'team' ? { view, team, disputes } : { view, disputes };
  });

  app.get<{ Params: { reference: string } }>('/api/disputes/by-reference/:reference', async (req) => {
    const id = await as(req).findByReference(req.params.reference);
    return as(req).get(id);
  });

  app.get<IdParams>('/api/disputes/:id', async (req) => as(req).get(req.params.id));

  app.get<IdParams>('/api/disputes/:id/case-note', async (req) => as(req).caseNote(req.params.id));

  // Each action: a zod body with the version the person acted on, turned into a core command.
  const action = <S extends z.ZodType<{ version: number }>>(
    path: string,
    schema: S,
    toCommand: (body: z.infer<S>) => PersonCommandInput,
  ) =>
    app.post<IdParams>(`/api/disputes/:id/${path}`, async (req) => {
      const body = parseWith(schema, req.body);
      return as(req).act(req.params.id, body.version, toCommand(body));
    });

  action('acknowledge', AcknowledgeBody, () => ({ type: 'acknowledge' }));
  action('responses', RespondBody, (b) => ({
    type: 'respond',
    stageId: b.stageId ?? null,
    outcome: b.outcome as ResponseOutcome,
    text: b.text,
    actionsProposed: b.actionsProposed ?? null,
    moreTimeUntil: b.moreTimeUntil ?? null,
  }));
  action('co-sign', CoSignBody, (b) => ({ type: 'co-sign', responseBy: b.responseBy }));
  action('extend', ExtendBody, (b) => ({ type: 'extend', dueOn: b.dueOn, reason: b.reason }));
  action('escalate', EscalateBody, (b) => ({
    type: 'escalate',
    toStageId: b.toStageId ?? null,
    reason: b.reason,
    grounds: (b.grounds ?? null) as EscalationGrounds | null,
    recommendations: b.recommendations ?? null,
    ...(b.consulted !== undefined ? { consulted: b.consulted } : {}),
  }));
  action('resolve', ResolveBody, (b) => ({
    type: 'resolve',
    summary: b.summary,
    keepMonitoring: b.keepMonitoring,
  }));
  action('withdraw', WithdrawBody, (b) => ({ type: 'withdraw', reason: b.reason }));
  action('notes', NoteBody, (b) => ({ type: 'add-note', text: b.text }));
  action('meeting/move', MoveMeetingBody, (b) => ({
    type: 'move-meeting',
    start: b.start,
    end: b.end,
    reason: b.reason,
  }));
  action('meeting/request', RequestMeetingBody, (b) => ({ type: 'request-meeting', reason: b.reason }));
  action('meeting/confirm', ConfirmMeetingSlotBody, (b) => ({
    type: 'confirm-meeting-slot',
    start: b.start,
  }));
  action('meeting-outcome', MeetingOutcomeBody, (b) => ({
    type: 'record-meeting-outcome',
    outcome: b.outcome,
    text: b.text,
  }));
}
