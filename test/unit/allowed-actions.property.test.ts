// allowedActions is the mirror of decide: over random walks of every built-in protocol, for every
// reader (the chair, each respondent, the copied, the meeting's chair and confirmer, a stranger, the
// deadline engine), a command built inside an offer's constraints is accepted, a command just outside
// them is refused, and every plausible command of a kind not offered is refused.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instantMillis } from '../../src/core/calendar/instants.ts';
import { allowedActions } from '../../src/core/dispute/allowed-actions.ts';
import { AllowedActionsSchema, type AllowedActions } from '../../src/core/dispute/allowed-actions-schema.ts';
import { decide } from '../../src/core/dispute/decide.ts';
import { whyMeetingIsNotToBeBooked } from '../../src/core/dispute/decide-meeting.ts';
import { commandForDeadline, scheduledDeadlines } from '../../src/core/dispute/deadline-schedule.ts';
import type { Actor, DisputeCommand, Roster } from '../../src/core/dispute/dispute-commands.ts';
import { escalationGrounds } from '../../src/core/dispute/dispute-events.ts';
import { foldEvents, initialState, type DisputeState } from '../../src/core/dispute/dispute-state.ts';
import type { Protocol } from '../../src/core/protocol/protocol-schema.ts';
import { stageById } from '../../src/core/protocol/stage-queries.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';
import {
  attemptsOf,
  commandFromOffer,
  futureMeetingTime,
  type PersonCommand,
} from './support/commands-from-offers.ts';
import {
  STRANGER_ID,
  SYSTEM,
  calendarFor,
  chair,
  person,
  raiseCommand,
  rosterFor,
} from './support/dispute-fixtures.ts';

const START = DateTime.fromISO('2026-01-05T09:00:00', { zone: 'Europe/London' }).toMillis();
const CONFERENCE = '2026-01-02';
const NUM_RUNS = 12;
const keys = Object.keys(AllowedActionsSchema.shape) as (keyof AllowedActions)[];

interface PlannedStep {
  kind: 'act' | 'sweep' | 'meeting-job';
  advanceMinutes: number;
  who: number;
  what: number;
  choice: number;
}
const plannedStep: fc.Arbitrary<PlannedStep> = fc.record({
  kind: fc.constantFrom<PlannedStep['kind']>('act', 'act', 'act', 'sweep', 'meeting-job'),
  advanceMinutes: fc.integer({ min: 1, max: 5 * 24 * 60 }),
  who: fc.nat(40),
  what: fc.nat(40),
  choice: fc.nat(40),
});
type Plan = { startAt: number | null; immediateRisk: boolean; steps: PlannedStep[] };
const plan: fc.Arbitrary<Plan> = fc.record({
  startAt: fc.option(fc.nat(7), { freq: 3 }),
  immediateRisk: fc.boolean(),
  steps: fc.array(plannedStep, { minLength: 5, maxLength: 18 }),
});

const londonIso = (ms: number) => DateTime.fromMillis(ms, { zone: 'Europe/London' }).toISO()!;
const dayBefore = (date: string) => DateTime.fromISO(date, { zone: 'utc' }).minus({ days: 1 }).toISODate()!;
const who = (a: Actor) => (a.kind === 'system' ? 'system' : a.id);

/** Everyone who might look at the dispute now, and the deadline engine. */
function readers(state: DisputeState): Actor[] {
  const ids = new Set<string>([
    ...state.participantIds,
    ...(state.stage?.respondentIds ?? []),
    ...(state.stage?.copiedIds ?? []),
    ...(state.stage?.notifiedIds ?? []),
    ...(state.stage?.meeting?.chairId ? [state.stage.meeting.chairId] : []),
    ...(state.stage?.meeting?.confirmerIds ?? []),
    ...state.pastStages.flatMap((p) => p.respondentIds),
    STRANGER_ID,
  ]);
  ids.delete(chair.kind === 'person' ? chair.id : '');
  return [chair, SYSTEM, ...[...ids].sort().map((id) => person(id))];
}

/** Commands just outside an offer's constraints: each must be refused. */
function outsideOffer(
  allowed: AllowedActions,
  key: keyof AllowedActions,
  valid: PersonCommand,
  actor: Actor,
  protocol: Protocol,
  state: DisputeState,
): PersonCommand[] {
  const long = (n: number) => 'x'.repeat(n + 1);
  switch (key) {
    case 'respond': {
      const o = allowed.respond!;
      return [
        { ...(valid as Extract<PersonCommand, { type: 'respond' }>), text: long(o.textMaxLength) },
        {
          type: 'respond',
          outcome: 'needs-more-time',
          text: 'More time.',
          moreTimeUntil: dayBefore(o.moreTimeEarliestOn),
        },
      ];
    }
    case 'coSign':
      return [who(actor), STRANGER_ID].map((responseBy) => ({ type: 'co-sign', responseBy }));
    case 'extend': {
      const o = allowed.extend!;
      return [
        { type: 'extend', dueOn: dayBefore(o.earliestDueOn), reason: 'Leave.' },
        { type: 'extend', dueOn: o.earliestDueOn, reason: long(o.reasonMaxLength) },
      ];
    }
    case 'escalate': {
      const o = allowed.escalate!;
      const base = valid as Extract<PersonCommand, { type: 'escalate' }>;
      const offered = new Set(o.targets.map((t) => t.stageId));
      const target = o.targets.find((t) => t.stageId === (base.toStageId ?? o.defaultStageId))!;
      return [
        ...protocol.stages.filter((s) => !offered.has(s.id)).map((s) => ({ ...base, toStageId: s.id })),
        ...(o.grounds.required
          ? [null, ...escalationGrounds.filter((g) => !o.grounds.allowed.includes(g))].map((grounds) => ({
              ...base,
              grounds,
            }))
          : []),
        ...(target.needsConsultation ? [{ ...base, consulted: false }] : []),
        { ...base, reason: long(o.reasonMaxLength) },
        { ...base, recommendations: long(o.recommendationsMaxLength) },
      ];
    }
    case 'resolve':
      return [{ type: 'resolve', summary: long(allowed.resolve!.summaryMaxLength), keepMonitoring: false }];
    case 'withdraw':
      return [{ type: 'withdraw', reason: long(allowed.withdraw!.reasonMaxLength) }];
    case 'addNote':
      return [{ type: 'add-note', text: long(allowed.addNote!.textMaxLength) }];
    case 'requestMeeting':
      return [{ type: 'request-meeting', reason: long(allowed.requestMeeting!.reasonMaxLength) }];
    case 'recordMeetingOutcome':
      return [
        {
          type: 'record-meeting-outcome',
          outcome: 'resolved',
          text: long(allowed.recordMeetingOutcome!.textMaxLength),
        },
      ];
    case 'confirmMeetingSlot': {
      const offered = new Set(allowed.confirmMeetingSlot!.slots.map((x) => instantMillis(x.start)));
      return (state.stage?.proposedSlots?.slots ?? [])
        .filter((x) => !offered.has(instantMillis(x.start)))
        .map((x) => ({ type: 'confirm-meeting-slot', start: x.start }));
    }
    case 'moveMeeting':
      return [
        {
          ...(valid as Extract<PersonCommand, { type: 'move-meeting' }>),
          reason: long(allowed.moveMeeting!.reasonMaxLength),
        },
      ];
    case 'acknowledge':
      return [];
  }
}

/** Which offers the walks reached, for the coverage guard below. */
const offersSeen = new Set<string>();

function checkMirror(protocol: Protocol, state: DisputeState, now: string, roster: Roster, choice: number) {
  const calendar = calendarFor(protocol);
  const ctx = { calendar, today: calendar.londonDateOf(now), roster };
  for (const actor of readers(state)) {
    const allowed = allowedActions(state, actor, protocol, calendar, now);
    expect(AllowedActionsSchema.parse(allowed)).toEqual(allowed);
    const decided = (c: DisputeCommand) => decide(state, c, actor, now, protocol, calendar);
    for (const key of keys) {
      const where = `${who(actor)} at ${state.stage?.id ?? state.status} (${now}): ${key}`;
      if (allowed[key] === null) {
        for (const c of attemptsOf(key, state, protocol, ctx))
          expect(decided(c).ok, `${where} is not offered, yet decide accepts ${JSON.stringify(c)}`).toBe(
            false,
          );
        continue;
      }
      offersSeen.add(key);
      if (key === 'resolve') offersSeen.add(`resolve:${allowed.resolve!.as}`);
      if (key === 'escalate' && allowed.escalate!.targets.some((t) => t.needsConsultation))
        offersSeen.add('referral');
      if (key === 'escalate' && allowed.escalate!.grounds.required) offersSeen.add('grounds-required');
      for (let i = choice; i < choice + 3; i++) {
        const c = commandFromOffer(allowed, key, i, ctx);
        const d = decided(c);
        expect(
          d.ok,
          `${where} is offered, yet decide refuses ${JSON.stringify({ ...c, roster: undefined })}: ${d.ok ? '' : d.refusal.message}`,
        ).toBe(true);
        for (const bad of outsideOffer(allowed, key, c, actor, protocol, state))
          expect(
            decided(bad).ok,
            `${where}: outside the offer, yet accepted: ${JSON.stringify({ ...bad, roster: undefined })}`,
          ).toBe(false);
      }
    }
  }
}

/** What the calendar jobs would do now: propose times to a confirmer, book the meeting, or fail to. */
function meetingJob(
  protocol: Protocol,
  state: DisputeState,
  today: string,
  choice: number,
): DisputeCommand | null {
  const current = state.stage;
  const stage = current && stageById(protocol, current.id);
  if (state.status !== 'open' || !current || !stage || whyMeetingIsNotToBeBooked(state, stage)) return null;
  const calendar = calendarFor(protocol);
  const first = futureMeetingTime(calendar, today);
  if (choice % 4 === 0)
    return {
      type: 'record-meeting-not-booked',
      stageId: current.id,
      reason: 'No common time.',
      nextBestSlots: [],
    };
  if (current.meeting?.confirmerIds?.length && !current.confirmedSlot) {
    if (current.proposedSlots) return null;
    const second = futureMeetingTime(calendar, calendar.nextWorkingDay(today));
    return { type: 'propose-meeting-slots', stageId: current.id, slots: [first, second] };
  }
  return {
    type: 'record-meeting-booked',
    stageId: current.id,
    slot: current.confirmedSlot ?? first,
    provider: 'ics',
    eventId: `event-${state.version}`,
    joinUrl: null,
    warnings: [],
  };
}

function walk(protocol: Protocol, p: Plan) {
  const calendar = calendarFor(protocol);
  const roster = rosterFor(protocol);
  let now = START;
  let state = initialState();
  const fired = new Set<string>();
  const apply = (c: DisputeCommand, actor: Actor) => {
    const d = decide(state, c, actor, londonIso(now), protocol, calendar);
    if (d.ok) state = foldEvents(d.events, state);
    return d.ok;
  };
  const challengedChairId = protocol.immediateRisk?.tellChallengedChair ? 'challenged-chair-1' : null;
  const start = p.startAt === null ? null : protocol.stages[p.startAt % protocol.stages.length]!.id;
  apply(
    raiseCommand({
      roster,
      startStageId: start,
      reason: start ? 'Serious enough to go straight there.' : null,
      immediateRisk: p.immediateRisk,
      consulted: true,
      challengedChairId,
      conferenceDate: CONFERENCE,
    }),
    chair,
  );
  if (state.status === 'none')
    apply(raiseCommand({ roster, challengedChairId, conferenceDate: CONFERENCE }), chair);
  expect(state.status).toBe('open');
  for (const s of p.steps) {
    now += s.advanceMinutes * 60_000;
    checkMirror(protocol, state, londonIso(now), roster, s.choice);
    if (s.kind === 'sweep') {
      const due = scheduledDeadlines(state, protocol, calendar)
        .filter((d) => !fired.has(d.key))
        .sort((a, b) => instantMillis(a.dueAt) - instantMillis(b.dueAt))[0];
      if (!due) continue;
      fired.add(due.key);
      now = Math.max(now, instantMillis(due.dueAt) + 1000);
      apply(commandForDeadline(due, roster), SYSTEM);
    } else if (s.kind === 'meeting-job') {
      const job = meetingJob(protocol, state, calendar.londonDateOf(londonIso(now)), s.choice);
      if (job) apply(job, SYSTEM);
    } else {
      const actors = readers(state);
      const actor = actors[s.who % actors.length]!;
      const allowed = allowedActions(state, actor, protocol, calendar, londonIso(now));
      const offered = keys.filter((k) => allowed[k] !== null);
      if (offered.length === 0) continue;
      const key = offered[s.what % offered.length]!;
      const today = calendar.londonDateOf(londonIso(now));
      expect(apply(commandFromOffer(allowed, key, s.choice, { calendar, today, roster }), actor)).toBe(true);
    }
  }
  checkMirror(protocol, state, londonIso(now + 60_000), roster, 0);
  return state;
}

describe.each(builtinProtocols().map((p) => [p.id, p] as const))(
  '%s: allowedActions mirrors decide',
  (_id, protocol) => {
    it('over random walks, decide accepts a command exactly when allowedActions offers it', () => {
      fc.assert(
        fc.property(plan, (p) => {
          walk(protocol, p);
        }),
        { numRuns: NUM_RUNS },
      );
    });
  },
);

it('the walks reach every kind of offer (a guard against a generator that never gets anywhere)', () => {
  for (const protocol of builtinProtocols())
    fc.assert(
      fc.property(plan, (p) => {
        walk(protocol, p);
      }),
      { numRuns: NUM_RUNS, seed: 20261206 },
    );
  for (const key of [...keys, 'resolve:deciding-respondent', 'referral', 'grounds-required'])
    expect(offersSeen, key).toContain(key);
});
