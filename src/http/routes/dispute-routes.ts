import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { AppServices } from '../../app/app-services.ts';
import { PersonDisputes, type PersonCommandInput } from '../../app/person-disputes.ts';
import type { EscalationGrounds, ResponseOutcome } from '../../core/dispute/dispute-events.ts';
import { IdParams } from '../../contract/common.ts';
import {
  AcknowledgeBody,
  CaseNoteSchema,
  CoSignBody,
  ConfirmMeetingSlotBody,
  DisputeListSchema,
  EscalateBody,
  ExtendBody,
  ListQuery,
  MeetingOutcomeBody,
  MoveMeetingBody,
  NoteBody,
  RaiseBody,
  ReferenceParams,
  RequestMeetingBody,
  RespondBody,
  ResolveBody,
  WithdrawBody,
} from '../../contract/disputes.ts';
import { DisputeViewSchema } from '../../contract/dispute-view.ts';
import { apiErrors } from '../../contract/errors.ts';

const viewResponse = { 200: DisputeViewSchema, ...apiErrors };

export function disputeRoutes(app: FastifyInstance, services: AppServices) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const as = (req: FastifyRequest) => new PersonDisputes(services, req.person);

  api.post(
    '/api/disputes',
    {
      schema: {
        summary: 'Raise a dispute (the chair)',
        body: RaiseBody,
        response: { 201: DisputeViewSchema, ...apiErrors },
      },
    },
    async (req, reply) => {
      const body = req.body;
      const view = await as(req).raise({ ...body, socialWorkerId: body.socialWorkerId ?? '' });
      return reply.status(201).header('location', `/api/disputes/${view.id}`).send(view);
    },
  );

  api.get(
    '/api/disputes',
    {
      schema: {
        summary: 'The disputes in one of my lists',
        querystring: ListQuery,
        response: { 200: DisputeListSchema, ...apiErrors },
      },
    },
    async (req) => {
      const { view, team, limit, after } = req.query;
      const page = await as(req).list(view, { team: team ?? null, limit, after: after ?? null });
      return view === 'team' ? { view, team: team ?? '', ...page } : { view, ...page };
    },
  );

  api.get(
    '/api/disputes/by-reference/:reference',
    {
      schema: {
        summary: 'A dispute by its reference (CPD-…)',
        params: ReferenceParams,
        response: viewResponse,
      },
    },
    async (req) => {
      const id = await as(req).findByReference(req.params.reference);
      return as(req).get(id);
    },
  );

  api.get(
    '/api/disputes/:id',
    { schema: { summary: 'A dispute, as this person may see it', params: IdParams, response: viewResponse } },
    async (req) => as(req).get(req.params.id),
  );

  api.get(
    '/api/disputes/:id/case-note',
    {
      schema: {
        summary: "What goes on the child's file for this dispute",
        params: IdParams,
        response: { 200: CaseNoteSchema, ...apiErrors },
      },
    },
    async (req) => as(req).caseNote(req.params.id),
  );

  // Each action: a zod body with the version the person acted on, turned into a core command.
  const action = <S extends z.ZodType<{ version: number }>>(
    path: string,
    summary: string,
    schema: S,
    toCommand: (body: z.infer<S>) => PersonCommandInput,
  ) =>
    api.post(
      `/api/disputes/:id/${path}`,
      { schema: { summary, params: IdParams, body: schema, response: viewResponse } },
      async (req) => {
        const body = req.body as z.infer<S>;
        return as(req).act(req.params.id, body.version, toCommand(body));
      },
    );

  action('acknowledge', 'Acknowledge (respondent)', AcknowledgeBody, () => ({ type: 'acknowledge' }));
  action('responses', 'Respond (respondent)', RespondBody, (b) => ({
    type: 'respond',
    stageId: b.stageId ?? null,
    outcome: b.outcome as ResponseOutcome,
    text: b.text,
    actionsProposed: b.actionsProposed ?? null,
    moreTimeUntil: b.moreTimeUntil ?? null,
  }));
  action('co-sign', 'Co-sign the jointly agreed response another respondent wrote', CoSignBody, (b) => ({
    type: 'co-sign',
    responseBy: b.responseBy,
  }));
  action('extend', 'Give more time (chair)', ExtendBody, (b) => ({
    type: 'extend',
    dueOn: b.dueOn,
    reason: b.reason,
  }));
  action('escalate', 'Escalate (chair)', EscalateBody, (b) => ({
    type: 'escalate',
    toStageId: b.toStageId ?? null,
    reason: b.reason,
    grounds: (b.grounds ?? null) as EscalationGrounds | null,
    recommendations: b.recommendations ?? null,
    ...(b.consulted !== undefined ? { consulted: b.consulted } : {}),
  }));
  action('resolve', 'Resolve (chair)', ResolveBody, (b) => ({
    type: 'resolve',
    summary: b.summary,
    keepMonitoring: b.keepMonitoring,
  }));
  action('withdraw', 'Withdraw (chair)', WithdrawBody, (b) => ({ type: 'withdraw', reason: b.reason }));
  action('notes', 'Add a note (anyone involved)', NoteBody, (b) => ({ type: 'add-note', text: b.text }));
  action(
    'meeting/move',
    'Move the meeting (chair or meeting chair); the calendars follow',
    MoveMeetingBody,
    (b) => ({
      type: 'move-meeting',
      start: b.start,
      end: b.end,
      reason: b.reason,
    }),
  );
  action('meeting/request', 'Ask for a meeting the stage allows (chair)', RequestMeetingBody, (b) => ({
    type: 'request-meeting',
    reason: b.reason,
  }));
  action('meeting/confirm', 'Confirm one of the proposed meeting times', ConfirmMeetingSlotBody, (b) => ({
    type: 'confirm-meeting-slot',
    start: b.start,
  }));
  action('meeting-outcome', "Record the meeting's outcome (meeting chair)", MeetingOutcomeBody, (b) => ({
    type: 'record-meeting-outcome',
    outcome: b.outcome,
    text: b.text,
  }));
}
