// Questions about a protocol's stages that the state machine, the preview and the cards all ask.
import type { WorkingDayCalendar } from '../calendar/working-day-calendar.ts';
import type { Protocol, Stage } from './protocol-schema.ts';

/**
 * The instant something due on `date` falls due: the council's close of business that day, London
 * time (SEEDS.md "Working days": due at close of business on the n-th working day).
 */
export function closeOfBusinessOn(protocol: Protocol, calendar: WorkingDayCalendar, date: string): string {
  return calendar.at(date, protocol.workingDays.closeOfBusiness);
}

export function stageIndex(protocol: Protocol, stageId: string): number {
  return protocol.stages.findIndex((s) => s.id === stageId);
}

export function stageById(protocol: Protocol, stageId: string): Stage | undefined {
  return protocol.stages.find((s) => s.id === stageId);
}

export function nextStage(protocol: Protocol, stageId: string): Stage | undefined {
  const i = stageIndex(protocol, stageId);
  return i < 0 ? undefined : protocol.stages[i + 1];
}

export function firstFormalStage(protocol: Protocol): Stage | undefined {
  return protocol.stages.find((s) => s.formal);
}

/** The working days a stage gives its respondents; a chair-set limit uses what the chair chose. */
export function stageWorkingDays(stage: Stage, chairSetDays?: number): number {
  if (stage.responseTime.kind === 'fixed') return stage.responseTime.workingDays;
  return chairSetDays ?? stage.responseTime.defaultWorkingDays;
}

/** The longest a stage can take: a chair-set limit at the protocol's maximum. */
export function stageMaxWorkingDays(stage: Stage): number {
  return stage.responseTime.kind === 'fixed'
    ? stage.responseTime.workingDays
    : stage.responseTime.maxWorkingDays;
}

/** Copied on a stage: its own copy list plus every cumulative copy rule that has started by then. */
export function copiedRoles(protocol: Protocol, stage: Stage): string[] {
  const at = stageIndex(protocol, stage.id);
  const cumulative = protocol.copyRules
    .filter((rule) => stageIndex(protocol, rule.fromStageId) <= at)
    .map((rule) => rule.role);
  return unique([...stage.copyRoles, ...cumulative]);
}

/** Every role a stage involves, for resolving people before it opens. */
export function rolesInvolved(protocol: Protocol, stage: Stage): string[] {
  return unique([
    protocol.raisedBy.role,
    ...stage.respondentRoles,
    ...stage.mayAlsoAnswerRoles,
    ...stage.notifyRoles,
    ...copiedRoles(protocol, stage),
    ...(stage.meeting.chairRole ? [stage.meeting.chairRole] : []),
    ...stage.meeting.attendeeRoles,
    ...(stage.onDeadline.action === 'ask-chair' ? stage.onDeadline.consultRoles : []),
    ...(protocol.cap?.alertRoles ?? []),
  ]);
}

export function unique<T>(xs: readonly T[]): T[] {
  return [...new Set(xs)];
}
