// Who someone is on this dispute. Permissions come from here and the protocol, never from a caller.
import type { Protocol } from '../protocol/protocol-schema.ts';
import { stageById } from '../protocol/stage-queries.ts';
import type { DisputeState } from './dispute-state.ts';

export function isRaiser(state: DisputeState, personId: string): boolean {
  return state.raiserId === personId;
}

export function isRespondent(state: DisputeState, personId: string): boolean {
  return state.stage?.respondentIds.includes(personId) ?? false;
}

export function isMeetingChair(state: DisputeState, personId: string): boolean {
  return state.stage?.meeting?.chairId === personId;
}

export function isParticipant(state: DisputeState, personId: string): boolean {
  return state.participantIds.includes(personId);
}

/** The chair decides, and at a stage that says so, its respondent (Gloucestershire's Chief Executive). */
export function mayResolve(state: DisputeState, protocol: Protocol, personId: string): boolean {
  if (isRaiser(state, personId)) return true;
  const stage = state.stage && stageById(protocol, state.stage.id);
  return Boolean(stage?.respondentDecides && isRespondent(state, personId));
}

/** The role names a person holds on this dispute, for views and cards. */
export function rolesOf(state: DisputeState, protocol: Protocol, personId: string): string[] {
  const roles: string[] = [];
  if (isRaiser(state, personId)) roles.push(protocol.raisedBy.role);
  if (state.socialWorkerId === personId) roles.push('socialWorker');
  if (isRespondent(state, personId)) roles.push('respondent');
  if (state.stage?.copiedIds.includes(personId)) roles.push('copied');
  if (state.stage?.notifiedIds.includes(personId)) roles.push('notified');
  if (isMeetingChair(state, personId)) roles.push('meetingChair');
  return [...new Set(roles)];
}
