// Test helpers for the dispute core: a fictional council's people, a raise command with sensible
// defaults, and `run`, which folds decisions the way the application layer does (append the events,
// fold them) and stops loudly at a refusal nobody expected.
import { DateTime } from 'luxon';
import {
  createWorkingDayCalendar,
  type WorkingDayCalendar,
} from '../../../src/core/calendar/working-day-calendar.ts';
import { decide, type Decision } from '../../../src/core/dispute/decide.ts';
import type {
  Actor,
  DisputeCommand,
  RaiseCommand,
  Roster,
} from '../../../src/core/dispute/dispute-commands.ts';
import type { DisputeEvent } from '../../../src/core/dispute/dispute-events.ts';
import { foldEvents, initialState, type DisputeState } from '../../../src/core/dispute/dispute-state.ts';
import type { Refusal } from '../../../src/core/dispute/refusal.ts';
import type { Protocol } from '../../../src/core/protocol/protocol-schema.ts';
import { builtinProtocols } from '../../../src/protocols/builtin-protocols.ts';

/** The raising chair of the fictional council (holds the `cp-chair` post). */
export const CHAIR_ID = 'chair-1';
export const SOCIAL_WORKER_ID = 'sw-1';
/** Someone the council employs who has nothing to do with the dispute. */
export const STRANGER_ID = 'stranger-1';

/**
 * Who holds each role in the fictional council. Every role name used by a built-in protocol is here;
 * a role not listed falls back to `<kebab-case-role>-1`.
 */
export const peopleByRole: Readonly<Record<string, string>> = {
  chair: CHAIR_ID,
  chairManager: 'chair-manager',
  socialWorker: SOCIAL_WORKER_ID,
  teamManager: 'tm-1',
  serviceManager: 'sm-1',
  seniorManager: 'senior-1',
  headOfService: 'hos-1',
  headOfServiceSafeguarding: 'hos-safeguarding',
  assistantDirector: 'ad-1',
  director: 'dcs-1',
  serviceDirector: 'sd-1',
  deputyDirector: 'deputy-director',
  chiefExecutive: 'ceo',
  boardManager: 'board-manager',
  independentChair: 'independent-chair',
  partnershipManager: 'partnership-manager',
  safeguardingQaServiceManager: 'sqa-manager',
  safeguardingReviewingServiceManager: 'sr-manager',
  cpServiceManager: 'cp-service-manager',
  professional: 'prof-1',
};

export function personFor(role: string): string {
  return peopleByRole[role] ?? `${role.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-1`;
}

/** Every role of `protocol` mapped to its holder; `overrides` replaces (or, with [], empties) a role. */
export function rosterFor(protocol: Protocol, overrides: Roster = {}): Roster {
  const roster: Record<string, readonly string[]> = {};
  for (const role of Object.keys(protocol.roles)) roster[role] = [personFor(role)];
  return { ...roster, ...overrides };
}

/** Every role of every built-in protocol: a roster that fits any of them. */
export function councilRoster(overrides: Roster = {}): Roster {
  const roster: Record<string, readonly string[]> = {};
  for (const p of builtinProtocols()) Object.assign(roster, rosterFor(p));
  return { ...roster, ...overrides };
}

export function protocolById(id: string): Protocol {
  const p = builtinProtocols().find((x) => x.id === id);
  if (!p)
    throw new Error(
      `no built-in protocol "${id}" (have: ${builtinProtocols()
        .map((x) => x.id)
        .join(', ')})`,
    );
  return p;
}

export function hasProtocol(id: string): boolean {
  return builtinProtocols().some((x) => x.id === id);
}

const calendars = new Map<string, WorkingDayCalendar>();

/** The protocol's working-day calendar (its nation's bank holidays and its closure days). */
export function calendarFor(protocol: Protocol): WorkingDayCalendar {
  const key = `${protocol.nation}|${protocol.workingDays.closureDays.join(',')}`;
  let cal = calendars.get(key);
  if (!cal) {
    cal = createWorkingDayCalendar({
      nation: protocol.nation,
      closureDays: protocol.workingDays.closureDays,
    });
    calendars.set(key, cal);
  }
  return cal;
}

// ---- actors ----

export const SYSTEM: Actor = { kind: 'system' };
export const chair: Actor = { kind: 'person', id: CHAIR_ID, posts: ['cp-chair'] };
export const person = (id: string, posts: readonly string[] = []): Actor => ({ kind: 'person', id, posts });
/** The holder of a role, as an actor. */
export const holder = (role: string): Actor => person(personFor(role));
export const stranger: Actor = person(STRANGER_ID);

// ---- commands ----

/** A valid raise by the chair under any built-in protocol with the default themes. */
export function raiseCommand(overrides: Partial<RaiseCommand> = {}): RaiseCommand {
  return {
    type: 'raise',
    disputeId: 'dispute-1',
    child: { name: 'A.B.', dateOfBirth: '2019-04-02', caseNumber: 'CN-104233' },
    conferenceDate: '2025-12-15',
    socialWorkerId: SOCIAL_WORKER_ID,
    theme: 'plan-management',
    concern: 'The core group has not met since the initial conference and the plan has drifted.',
    actionsRequired: 'Convene a core group within 10 working days and update the plan.',
    immediateRisk: false,
    startStageId: null,
    reason: null,
    chairSetWorkingDays: null,
    earlierDisputes: [],
    roster: councilRoster(),
    ...overrides,
  };
}

// ---- running ----

export interface Step {
  command: DisputeCommand;
  by: Actor;
  /** ISO instant with an offset. */
  at: string;
}

export const step = (command: DisputeCommand, by: Actor, at: string): Step => ({ command, by, at });

export class UnexpectedRefusal extends Error {
  override name = 'UnexpectedRefusal';
  constructor(
    readonly refusal: Refusal,
    readonly step: Step,
    readonly index: number,
  ) {
    super(
      `step ${index} (${step.command.type} by ${step.by.kind === 'system' ? 'system' : step.by.id} at ${step.at}) ` +
        `was refused: ${refusal.code}: ${refusal.message}${refusal.field ? ` [${refusal.field}]` : ''}`,
    );
  }
}

export interface Run {
  state: DisputeState;
  events: DisputeEvent[];
}

/** Decide one command against a state (no folding). */
export function attempt(protocol: Protocol, state: DisputeState, s: Step): Decision {
  return decide(state, s.command, s.by, s.at, protocol, calendarFor(protocol));
}

/**
 * Decide each step in turn and fold its events, as the application layer would; throws
 * `UnexpectedRefusal` at the first refusal. `from` continues an earlier run.
 */
export function run(
  protocol: Protocol,
  steps: readonly Step[],
  from: Run = { state: initialState(), events: [] },
): Run {
  let { state } = from;
  const events = [...from.events];
  steps.forEach((s, i) => {
    const decision = attempt(protocol, state, s);
    if (!decision.ok) throw new UnexpectedRefusal(decision.refusal, s, i);
    state = foldEvents(decision.events, state);
    events.push(...decision.events);
  });
  return { state, events };
}

/** The refusal a step gets after `before`; fails the test if it is accepted. */
export function refusalOf(protocol: Protocol, before: Run, s: Step): Refusal {
  const decision = attempt(protocol, before.state, s);
  if (decision.ok)
    throw new Error(
      `expected ${s.command.type} to be refused, but it gave ${decision.events.map((e) => e.type).join(', ')}`,
    );
  return decision.refusal;
}

/** The events a step gives after `before`; throws on refusal. */
export function eventsOf(protocol: Protocol, before: Run, s: Step): DisputeEvent[] {
  return run(protocol, [s], { state: before.state, events: [] }).events;
}

/** Events of one type, narrowed. */
export function ofType<T extends DisputeEvent['type']>(
  events: readonly DisputeEvent[],
  type: T,
): Extract<DisputeEvent, { type: T }>[] {
  return events.filter((e): e is Extract<DisputeEvent, { type: T }> => e.type === type);
}

/** A London wall-clock time on a date as an instant (e.g. at('2026-11-23', '10:00')). */
export function londonAt(protocol: Protocol, date: string, time: string): string {
  return calendarFor(protocol).at(date, time);
}

/**
 * One second after the council's close of business on `date` (17:30 London unless the protocol sets
 * its own): when the deadline sweeper fires a deadline due on `date` (SEEDS.md "Working days").
 */
export function justAfter(protocol: Protocol, date: string): string {
  return calendarFor(protocol).at(date, `${protocol.workingDays.closeOfBusiness}:01`);
}

/** The calendar day after `date` (working day or not). */
export function nextDate(date: string): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days: 1 }).toISODate()!;
}
