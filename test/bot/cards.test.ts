// The bot's cards, checked the way a host would read them: each emitted card is parsed by the
// Adaptive Cards SDK for its host's schema version, stays under Teams' size limit, uses only the
// contract's verbs and action data, shows each person their own view, and never shows a child's full
// name or date of birth to someone who should not see it.
import { describe, expect, it } from 'vitest';
import { adaptiveCardProblems, walk } from '../support/card-inspection.ts';
import type { DisputeView } from '../../src/app/dispute-view.ts';
import { initialsOf } from '../../src/core/access/access-policy.ts';
import { createWorkingDayCalendar } from '../../src/core/calendar/working-day-calendar.ts';
import { allowedActions } from '../../src/core/dispute/allowed-actions.ts';
import {
  offeredCommandTypes,
  type OfferedCommandType,
} from '../../src/core/dispute/allowed-actions-schema.ts';
import type { DisputeEvent, MeetingResponse } from '../../src/core/dispute/dispute-events.ts';
import { foldEvents } from '../../src/core/dispute/dispute-state.ts';
import { previewEscalation } from '../../src/core/preview/escalation-preview.ts';
import type { Protocol } from '../../src/core/protocol/protocol-schema.ts';
import { stageById } from '../../src/core/protocol/stage-queries.ts';
import { themesOf } from '../../src/core/protocol/themes.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';
import {
  inputIds,
  peopleDataset,
  schemaVersionFor,
  teamsCardSizeLimit,
  verbs,
  type CardHost,
} from '../../bot/cards/card-contract.ts';
import { formatDay } from '../../bot/cards/card-text.ts';
import { chooseView, maxRefreshUserIds } from '../../bot/cards/dispute-card-model.ts';
import type { AdaptiveCardJson } from '../../bot/cards/expand-template.ts';
import { renderDisputeCard } from '../../bot/cards/render-dispute-card.ts';
import {
  maxListItems,
  renderDisputeList,
  type DisputeListItem,
} from '../../bot/cards/render-dispute-list.ts';
import { renderHelpCard } from '../../bot/cards/render-help-card.ts';
import { renderMessageCard } from '../../bot/cards/render-message-card.ts';
import { raiseFormReferralOf, renderRaiseForm } from '../../bot/cards/render-raise-form.ts';

// ---------------------------------------------------------------------------------------------
// Reading cards

type Json = Record<string, unknown>;
const hosts: readonly CardHost[] = ['teams', 'outlook'];

/** Every action anywhere in the card: the refresh action, ActionSets, ShowCard cards, selectActions. */
function actionsOf(card: unknown): Json[] {
  const found: Json[] = [];
  walk(card, (o) => {
    if (typeof o['type'] === 'string' && o['type'].startsWith('Action.')) found.push(o);
  });
  return found;
}
const executesOf = (card: unknown) => actionsOf(card).filter((a) => a['type'] === 'Action.Execute');
/** The Action.Execute verbs a person can press (the refresh action is the host's, not a button). */
function buttonVerbs(card: AdaptiveCardJson): string[] {
  const refresh = (card['refresh'] as Json | undefined)?.['action'];
  return executesOf(card)
    .filter((a) => a !== refresh)
    .map((a) => String(a['verb']))
    .sort();
}

function inputsOf(card: unknown): Json[] {
  const found: Json[] = [];
  walk(card, (o) => {
    if (typeof o['type'] === 'string' && o['type'].startsWith('Input.')) found.push(o);
  });
  return found;
}
const inputIdsOf = (card: unknown) => inputsOf(card).map((i) => String(i['id']));

function textOf(card: unknown): string {
  const texts: string[] = [];
  walk(card, (o) => {
    for (const key of ['text', 'title', 'value', 'label']) if (typeof o[key] === 'string') texts.push(o[key]);
  });
  return texts.join('\n');
}

const allVerbs = new Set<string>(Object.values(verbs));
const allInputIds = new Set<string>(Object.values(inputIds).flatMap((group) => Object.values(group)));

/** What every emitted card must satisfy, whatever it is. */
function expectWellFormed(
  card: AdaptiveCardJson,
  host: CardHost,
  allowedData: 'dispute' | 'raise' | 'none',
): void {
  expect(card.type).toBe('AdaptiveCard');
  expect(card.version).toBe(schemaVersionFor(host));
  expect(card.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
  expect(adaptiveCardProblems(card)).toEqual([]);
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(teamsCardSizeLimit);
  expect(json).not.toContain('${');
  for (const action of actionsOf(card))
    expect(
      ['Action.Execute', 'Action.ShowCard', 'Action.OpenUrl'],
      `${String(action['type'])} is not allowed`,
    ).toContain(action['type']);
  for (const action of executesOf(card)) {
    expect(allVerbs).toContain(action['verb']);
    const data = (action['data'] ?? {}) as Json;
    const keys = Object.keys(data).sort();
    if (allowedData === 'dispute') {
      expect(keys).toEqual(['disputeId', 'version']);
      expect(typeof data['disputeId']).toBe('string');
      expect(typeof data['version']).toBe('number');
    } else if (allowedData === 'raise') {
      // The protocol, or (when the form lets the person choose it) the one the form was drawn for.
      expect([[], ['protocolId'], ['formProtocolId']]).toContainEqual(keys);
    } else expect(keys).toEqual([]);
  }
  for (const id of inputIdsOf(card))
    expect(allInputIds, `input id ${id} is not in the contract`).toContain(id);
  for (const input of inputsOf(card)) {
    if (input['isRequired']) {
      expect(input['errorMessage'], `${String(input['id'])} needs an errorMessage`).toEqual(
        expect.any(String),
      );
      expect(input['label'], `${String(input['id'])} needs a label`).toEqual(expect.any(String));
    }
  }
}

describe('the SDK check itself', () => {
  it('catches what a host would refuse', () => {
    const bad: AdaptiveCardJson = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.4',
      body: [
        { type: 'Input.ChoiceSet', id: 'theme', style: 'filtered', choices: [{ title: 'a', value: 'a' }] },
        { type: 'Input.Text', id: 'concern', isRequired: true },
        { type: 'Input.Text', id: 'concern' },
        { type: 'Carousel', pages: [] },
      ],
    };
    const problems = adaptiveCardProblems(bad).join('\n');
    expect(problems).toMatch(
      /InvalidPropertyValue: Value "filtered" for property "style" is supported in version 1.5/,
    );
    expect(problems).toMatch(/RequiredInputsShouldHaveLabel/);
    expect(problems).toMatch(/RequiredInputsShouldHaveErrorMessage/);
    expect(problems).toMatch(/DuplicateId/);
    expect(problems).toMatch(/UnknownElementType/);
  });
});

// ---------------------------------------------------------------------------------------------
// Fixtures: disputes as the API shows them to one person

const protocols = builtinProtocols();
const gloucestershire = protocols.find((p) => p.id === 'gloucestershire')!;
const calderdale = protocols.find((p) => p.id === 'calderdale')!;
const bradford = protocols.find((p) => p.id === 'bradford')!;

const CHILD = { name: 'Amelia-Rose Thornbury', dateOfBirth: '2015-03-14', caseNumber: 'LCS-448812' };
const dobWritten = [
  CHILD.dateOfBirth,
  formatDay(CHILD.dateOfBirth),
  '14/03/2015',
  '14 Mar 2015',
  '14 March 2015',
];
const people: Record<string, string> = {
  'chair-1': 'Clara Chairwoman',
  'sw-1': 'Sam Social',
  'tm-1': 'Tariq Manager',
  'hos-1': 'Helen Service',
  'chair-manager': 'Martin Lead',
  'hos-safeguarding': 'Hana Safeguarding',
  ceo: 'Chris Executive',
  'senior-1': 'Sunita Senior',
  'board-manager': 'Bola Board',
};
const nameOf = (id: string) => people[id] ?? id;
const appBaseUrl = 'https://cp-disputes.example.gov.uk';

interface Scenario {
  protocol: Protocol;
  stageId: string;
  respondents: string[];
  copied: string[];
  status?: DisputeView['status'];
  awaitingDecision?: boolean;
  overdue?: boolean;
  immediateRisk?: boolean;
  capOn?: string | null;
  extraEvents?: DisputeEvent[];
  concern?: string;
  productDefaults?: string[];
  seedConflicts?: string[];
  localRecord?: DisputeView['localRecord'];
  proposedSlots?: { slots: { start: string; end: string }[]; confirmerIds: string[] };
  stageMeeting?: NonNullable<DisputeView['stage']>['meeting'];
  meetingRequested?: NonNullable<DisputeView['stage']>['meetingRequested'];
  bookedMeeting?: DisputeView['meeting'];
}

const at = (day: string) => `${day}T10:00:00+00:00`;

/** The dispute as `disputeView` would give it to `viewerId` (the child's name cut for non-participants). */
function viewFor(s: Scenario, viewerId: string): DisputeView {
  const stage = stageById(s.protocol, s.stageId)!;
  const participants = new Set(['chair-1', 'sw-1', ...s.respondents, ...s.copied]);
  const full = participants.has(viewerId);
  const yourRoles: string[] = [];
  if (viewerId === 'chair-1') yourRoles.push('chair');
  if (viewerId === 'sw-1') yourRoles.push('socialWorker');
  if (s.respondents.includes(viewerId)) yourRoles.push('respondent');
  if (s.copied.includes(viewerId)) yourRoles.push('copied');
  const raised: DisputeEvent = {
    type: 'Raised',
    at: at('2026-11-02'),
    actorId: 'chair-1',
    disputeId: 'd-1',
    protocolId: s.protocol.id,
    raiserId: 'chair-1',
    socialWorkerId: 'sw-1',
    child: full ? CHILD : { name: initialsOf(CHILD.name), dateOfBirth: '', caseNumber: CHILD.caseNumber },
    conferenceDate: '2026-10-28',
    theme: 'plan-management',
    concern: 'x',
    actionsRequired: 'y',
    immediateRisk: Boolean(s.immediateRisk),
    startStageId: s.stageId,
    bypassReason: null,
    recurrenceOf: [],
    chairSetWorkingDays: null,
  };
  const opened: DisputeEvent = {
    type: 'StageOpened',
    at: at('2026-11-16'),
    actorId: 'chair-1',
    stageId: s.stageId,
    openedOn: '2026-11-16',
    workingDays: 4,
    dueOn: '2026-11-20',
    dueAt: '2026-11-20T23:59:59.999+00:00',
    respondentIds: s.respondents,
    copiedIds: s.copied,
    notifiedIds: [],
    meeting: null,
    capOn: s.capOn ?? null,
  };
  const events = [raised, opened, ...(s.extraEvents ?? [])].map((e, i) => ({ ...e, seq: i + 1 }));
  return {
    id: 'd-1',
    reference: 'CPD-2026-0042',
    version: events.length,
    protocolId: s.protocol.id,
    status: s.status ?? 'open',
    child: {
      name: full ? CHILD.name : initialsOf(CHILD.name),
      initials: initialsOf(CHILD.name),
      dateOfBirth: full ? CHILD.dateOfBirth : null,
      caseNumber: CHILD.caseNumber,
    },
    conferenceDate: '2026-10-28',
    theme: 'plan-management',
    concern: s.concern ?? 'The core group has not met since the conference, and the plan has drifted.',
    actionsRequired: 'Hold a core group meeting within 10 working days and update the plan.',
    immediateRisk: Boolean(s.immediateRisk),
    raiserId: 'chair-1',
    socialWorkerId: 'sw-1',
    stage: {
      id: stage.id,
      name: stage.name,
      formal: stage.formal,
      asks: stage.asks,
      openedOn: '2026-11-16',
      dueOn: '2026-11-20',
      dueAt: '2026-11-20T23:59:59.999+00:00',
      overdue: (s.status ?? 'open') === 'open' && Boolean(s.overdue),
      awaitingChairDecision: s.awaitingDecision
        ? { since: at('2026-11-23'), autoEscalateOn: '2026-11-25' }
        : null,
      meeting: s.stageMeeting ?? null,
      routingNotes: [],
      answered: false,
      jointResponse: false,
      stillToAnswer: [],
      coSignedBy: [],
      stepRefused: null,
      productDefaults: s.productDefaults ?? [],
      seedConflicts: s.seedConflicts ?? [],
      proposedSlots: s.proposedSlots ?? null,
      confirmedSlot: null,
      meetingRequested: s.meetingRequested ?? null,
    },
    localRecord: s.localRecord ?? null,
    capOn: s.capOn ?? null,
    capReached: false,
    meeting: s.bookedMeeting ?? null,
    meetingNotBooked: null,
    respondents: s.respondents,
    copied: s.copied,
    yourRoles,
    events,
    notifications: [],
    seenBy: [],
    allowedActions: allowedFor(s, events, viewerId),
  };
}

/**
 * What the core offers `viewerId` in the scenario: the events folded, with the view's stage details
 * the scenario sets directly (a missed deadline awaiting the chair, the meeting) put on the state.
 */
function allowedFor(s: Scenario, events: DisputeView['events'], viewerId: string) {
  const folded = foldEvents(events.map(({ seq: _seq, ...e }) => e as DisputeEvent));
  const stage = folded.stage && {
    ...folded.stage,
    awaitingChairDecision: s.awaitingDecision
      ? { since: at('2026-11-23'), autoEscalateOn: '2026-11-25' }
      : folded.stage.awaitingChairDecision,
    // Times are proposed only for a meeting whose date someone confirms (Bradford stage 3).
    meeting: s.proposedSlots
      ? {
          need: 'required' as const,
          chairId: null,
          attendeeIds: [],
          ...s.stageMeeting,
          confirmerIds: s.proposedSlots.confirmerIds,
        }
      : (s.stageMeeting ?? folded.stage.meeting),
    proposedSlots: s.proposedSlots ?? folded.stage.proposedSlots,
    meetingRequested: s.meetingRequested ?? folded.stage.meetingRequested,
  };
  const booked = s.bookedMeeting;
  const state = {
    ...folded,
    stage,
    meetings: booked
      ? [
          ...folded.meetings,
          {
            ...booked,
            meetingKey: 'd-1:stage',
            stageId: s.stageId,
            eventId: 'e-1',
            cancelled: false,
            responses: booked.responses as Record<string, MeetingResponse>,
          },
        ]
      : folded.meetings,
  };
  const now = s.overdue || s.awaitingDecision ? at('2026-11-24') : at('2026-11-18');
  const calendar = createWorkingDayCalendar({
    nation: s.protocol.nation,
    closureDays: s.protocol.workingDays.closureDays,
  });
  return allowedActions(state, { kind: 'person', id: viewerId, posts: [] }, s.protocol, calendar, now);
}

const glosStage1: Scenario = {
  protocol: gloucestershire,
  stageId: 'stage-1',
  respondents: ['tm-1'],
  copied: ['sw-1'],
  capOn: '2026-12-14',
};
const glosDecision: Scenario = {
  ...glosStage1,
  overdue: true,
  awaitingDecision: true,
  extraEvents: [
    {
      type: 'DeadlineMissed',
      at: at('2026-11-23'),
      actorId: 'system',
      stageId: 'stage-1',
      dueOn: '2026-11-20',
      action: 'ask-chair',
      consultIds: ['chair-manager'],
      autoEscalateOn: '2026-11-25',
    },
  ],
};
const glosStage6: Scenario = {
  protocol: gloucestershire,
  stageId: 'stage-6',
  respondents: ['ceo'],
  copied: ['hos-1', 'chair-manager', 'hos-safeguarding'],
  capOn: '2026-12-14',
};
const glosResolved: Scenario = {
  ...glosStage1,
  status: 'resolved',
  extraEvents: [
    {
      type: 'Resolved',
      at: at('2026-11-19'),
      actorId: 'chair-1',
      stageId: 'stage-1',
      summary: 'The core group met on 18 November and the plan is back on track.',
      keepMonitoring: true,
    },
  ],
};
const glosWithdrawn: Scenario = {
  ...glosStage1,
  status: 'withdrawn',
  extraEvents: [
    {
      type: 'Withdrawn',
      at: at('2026-11-18'),
      actorId: 'chair-1',
      stageId: 'stage-1',
      reason: 'Raised in error.',
    },
  ],
};
const calderdaleInformal: Scenario = {
  protocol: calderdale,
  stageId: 'informal',
  respondents: ['sw-1', 'tm-1'],
  copied: [],
};
const calderdaleStage3: Scenario = {
  protocol: calderdale,
  stageId: 'stage-3',
  respondents: ['board-manager'],
  copied: ['sqa-manager'],
  capOn: '2026-12-07',
};

function card(
  s: Scenario,
  viewerId: string,
  host: CardHost = 'teams',
  extra: { notice?: string; protocol?: Protocol } = {},
) {
  const protocol = extra.protocol ?? s.protocol;
  return renderDisputeCard({
    dispute: viewFor({ ...s, protocol }, viewerId),
    protocol,
    viewerId,
    nameOf,
    host,
    appBaseUrl,
    refreshUserIds: ['chair-1', ...s.respondents, ...s.copied],
    ...(extra.notice ? { notice: extra.notice } : {}),
  });
}

/** Every (scenario, viewer) pair the tests walk through, with the view each should get. */
const cases: { name: string; s: Scenario; viewer: string; view: string }[] = [
  { name: 'Gloucestershire stage 1, the chair', s: glosStage1, viewer: 'chair-1', view: 'chair' },
  { name: 'Gloucestershire stage 1, the team manager', s: glosStage1, viewer: 'tm-1', view: 'respondent' },
  {
    name: 'Gloucestershire stage 1, the copied social worker',
    s: glosStage1,
    viewer: 'sw-1',
    view: 'read-only',
  },
  {
    name: 'Gloucestershire stage 1, oversight',
    s: glosStage1,
    viewer: 'hos-safeguarding',
    view: 'read-only',
  },
  {
    name: 'Gloucestershire missed deadline, the chair',
    s: glosDecision,
    viewer: 'chair-1',
    view: 'chair-decision',
  },
  {
    name: 'Gloucestershire missed deadline, the team manager',
    s: glosDecision,
    viewer: 'tm-1',
    view: 'respondent',
  },
  { name: 'Gloucestershire stage 6, the chief executive', s: glosStage6, viewer: 'ceo', view: 'respondent' },
  {
    name: 'Gloucestershire stage 6, copied head of service',
    s: glosStage6,
    viewer: 'hos-1',
    view: 'read-only',
  },
  { name: 'Gloucestershire resolved, the chair', s: glosResolved, viewer: 'chair-1', view: 'closed' },
  { name: 'Gloucestershire resolved, the team manager', s: glosResolved, viewer: 'tm-1', view: 'closed' },
  { name: 'Gloucestershire withdrawn, the social worker', s: glosWithdrawn, viewer: 'sw-1', view: 'closed' },
  { name: 'Calderdale informal, the chair', s: calderdaleInformal, viewer: 'chair-1', view: 'chair' },
  {
    name: 'Calderdale informal, the social worker',
    s: calderdaleInformal,
    viewer: 'sw-1',
    view: 'respondent',
  },
  {
    name: 'Calderdale stage 3, the board manager',
    s: calderdaleStage3,
    viewer: 'board-manager',
    view: 'respondent',
  },
  { name: 'Calderdale stage 3, the chair', s: calderdaleStage3, viewer: 'chair-1', view: 'chair' },
  { name: 'Calderdale stage 3, oversight', s: calderdaleStage3, viewer: 'someone-else', view: 'read-only' },
  { name: 'the shared card (no viewer)', s: glosStage1, viewer: '', view: 'read-only' },
];

// ---------------------------------------------------------------------------------------------

describe('the dispute card', () => {
  describe.each(cases)('$name', ({ s, viewer, view }) => {
    it.each(hosts)('is a valid card for %s, with refresh and only contract verbs and data', (host) => {
      const c = card(s, viewer, host);
      expectWellFormed(c, host, 'dispute');
      const refresh = c['refresh'] as Json;
      expect(refresh['action']).toEqual({
        type: 'Action.Execute',
        verb: verbs.refresh,
        title: 'Refresh',
        data: { disputeId: 'd-1', version: viewFor(s, viewer).version },
      });
      expect(refresh['userIds']).toEqual(['chair-1', ...s.respondents, ...s.copied]);
    });

    it(`chooses the ${view} view`, () => {
      expect(chooseView(viewFor(s, viewer), viewer)).toBe(view);
    });

    it('shows the process, the stage, the reference, the chair and the link', () => {
      const text = textOf(card(s, viewer));
      expect(text).toContain(s.protocol.processName);
      expect(text).toContain(stageById(s.protocol, s.stageId)!.name);
      expect(text).toContain('CPD-2026-0042');
      expect(text).toContain('Clara Chairwoman');
      expect(text).toContain(`[Open in CP Disputes](${appBaseUrl}/tab/disputes/d-1)`);
      expect(text).toContain(`ART, case ${CHILD.caseNumber}`);
      if (view !== 'closed') {
        expect(text).toContain(stageById(s.protocol, s.stageId)!.asks);
        // SEEDS.md "Working days": due at the council's close of business, 17:30 by default.
        expect(text).toContain(`Stage due: close of business (17:30) on ${formatDay('2026-11-20')}`);
        expect(text).toMatch(/Overall limit/);
      }
    });

    it("never shows the child's full name or date of birth (initials-and-case-number)", () => {
      for (const host of hosts) {
        const json = JSON.stringify(card(s, viewer, host));
        expect(json).not.toContain('Thornbury');
        expect(json).not.toContain('Amelia');
        for (const dob of dobWritten) expect(json).not.toContain(dob);
      }
    });
  });

  // The card draws its buttons from the core's offer; notes, meeting outcomes and moving a meeting
  // are done in CP Disputes (the card's "Open" link), so they have no button here.
  const cardVerbOf: Partial<Record<OfferedCommandType, string>> = {
    acknowledge: verbs.acknowledge,
    respond: verbs.respond,
    'co-sign': verbs.coSign,
    extend: verbs.extend,
    escalate: verbs.escalate,
    resolve: verbs.resolve,
    withdraw: verbs.withdraw,
    'request-meeting': verbs.requestMeeting,
    'confirm-meeting-slot': verbs.confirmMeeting,
  };
  const bradfordProposed: Scenario = {
    protocol: bradford,
    stageId: 'stage-3',
    respondents: ['hos-1'],
    copied: ['sm-1'],
    proposedSlots: {
      slots: [{ start: '2026-11-25T10:00:00.000+00:00', end: '2026-11-25T11:00:00.000+00:00' }],
      confirmerIds: ['hos-1'],
    },
  };
  it.each([
    ...cases,
    { name: 'Gloucestershire decision, the chair', s: glosDecision, viewer: 'chair-1' },
    { name: 'Bradford stage 3 times proposed, the Head of Service', s: bradfordProposed, viewer: 'hos-1' },
    { name: 'Bradford stage 3 times proposed, the chair', s: bradfordProposed, viewer: 'chair-1' },
  ])('$name: the buttons are exactly the actions allowedActions offers the reader', ({ s, viewer }) => {
    const offered = viewer ? offeredCommandTypes(viewFor(s, viewer).allowedActions) : [];
    const expected = offered.flatMap((t) => cardVerbOf[t] ?? []).sort();
    expect(buttonVerbs(card(s, viewer))).toEqual(expected);
  });

  it('gives the chair escalate, more time, resolve and withdraw, and no answer form', () => {
    const c = card(glosStage1, 'chair-1');
    expect(buttonVerbs(c)).toEqual(['escalate', 'extend', 'resolve', 'withdraw']);
    expect(inputIdsOf(c).sort()).toEqual(
      [
        'escalateReason',
        'extendReason',
        'keepMonitoring',
        'newDueOn',
        'summary',
        'toStageId',
        'withdrawReason',
      ].sort(),
    );
    // Gloucestershire lets the chair go to any later stage: the choice lists them, next stage first.
    const choice = inputsOf(c).find((i) => i['id'] === inputIds.escalate.toStageId)!;
    const choices = (choice['choices'] as Json[]).map((x) => x['value']);
    expect(choices).toEqual(['stage-2', 'stage-3', 'stage-4', 'stage-5', 'stage-6']);
    expect(choice['value']).toBe('stage-2');
    // Every sub-form is a ShowCard whose submit is an Action.Execute with associated inputs.
    const showCards = actionsOf(c).filter((a) => a['type'] === 'Action.ShowCard');
    expect(showCards.map((a) => a['title'])).toEqual(['Escalate', 'Give more time', 'Resolve', 'Withdraw']);
    for (const sc of showCards) {
      const submit = executesOf(sc['card']);
      expect(submit).toHaveLength(1);
      expect(submit[0]!['associatedInputs']).toBe('auto');
    }
  });

  it('offers Calderdale chairs only the next stage and the Board, and says whom to consult', () => {
    const c = card(calderdaleInformal, 'chair-1');
    const choice = inputsOf(c).find((i) => i['id'] === inputIds.escalate.toStageId)!;
    expect((choice['choices'] as Json[]).map((x) => x['value'])).toEqual(['stage-1', 'stage-3']);
    expect(textOf(c)).toContain('consult the Independent Reviewing Service Team Manager');
    // With immediate risk, every later stage is open.
    const risky = card({ ...calderdaleInformal, immediateRisk: true }, 'chair-1');
    const riskyChoice = inputsOf(risky).find((i) => i['id'] === inputIds.escalate.toStageId)!;
    expect((riskyChoice['choices'] as Json[]).map((x) => x['value'])).toEqual([
      'stage-1',
      'stage-2',
      'stage-3',
    ]);
  });

  it('shows the chair the seed\'s own conflict and the locally held record (issue 12; SEEDS.md "Seed conflicts", seed 004)', () => {
    const conflict = 'The seed contradicts itself: Appendix 1 says 5 working days, paragraph 6.13 up to 10.';
    const instruction =
      "Keep the Dispute Resolution Form locally, not on the child's file, while the dispute is open.";
    const forChair = textOf(
      card(
        {
          ...calderdaleInformal,
          seedConflicts: [conflict],
          localRecord: { what: 'Dispute Resolution Form', now: 'keep-locally', instruction },
        },
        'chair-1',
      ),
    );
    expect(forChair).toContain(conflict);
    expect(forChair).toContain(instruction);
    // The social worker answering the stage is not shown the chair's notes on the protocol.
    const forWorker = textOf(card({ ...calderdaleInformal, seedConflicts: [conflict] }, 'sw-1'));
    expect(forWorker).not.toContain(conflict);
  });

  it('Calderdale: escalating asks why it moves on (6.16) and, for a referral to the Board, for the consultation (6.11)', () => {
    // Before stage 1's deadline the chair moves on only on grounds the facts bear out, as decide
    // requires: with no response yet there are none, so there is no escalation to offer.
    const atStage1: Scenario = { ...calderdaleInformal, stageId: 'stage-1', respondents: ['tm-1'] };
    expect(buttonVerbs(card(atStage1, 'chair-1'))).not.toContain(verbs.escalate);
    const answered: Scenario = {
      ...atStage1,
      extraEvents: [
        {
          type: 'Responded',
          at: at('2026-11-17'),
          actorId: 'tm-1',
          stageId: 'stage-1',
          outcome: 'disagree',
          text: 'We disagree.',
          actionsProposed: null,
          moreTimeUntil: null,
        },
      ],
    };
    const groundsOf = (c: AdaptiveCardJson) => {
      const input = inputsOf(c).find((i) => i['id'] === inputIds.escalate.grounds)!;
      expect(input['isRequired']).toBe(true);
      return (input['choices'] as Json[]).map((x) => x['value']);
    };
    expect(groundsOf(card(answered, 'chair-1'))).toEqual(['dissatisfied-with-response']);
    // Past the due time, unanswered: not answered in time.
    const stage1 = card({ ...atStage1, overdue: true }, 'chair-1');
    expect(groundsOf(stage1)).toEqual(['not-answered-in-time']);
    expect(inputsOf(stage1).some((i) => i['id'] === inputIds.escalate.recommendations)).toBe(true);

    const informal = card(calderdaleInformal, 'chair-1');
    expect(inputsOf(informal).some((i) => i['id'] === inputIds.escalate.grounds)).toBe(false);
    const consulted = inputsOf(informal).find((i) => i['id'] === inputIds.escalate.consulted)!;
    expect(consulted['title']).toMatch(/I have consulted the Independent Reviewing Service Team Manager/);
    expect(textOf(informal)).toMatch(
      /Head of Service Commissioning and Partnerships.*alerted by email before/,
    );
    // Gloucestershire asks neither.
    const glos = card(glosStage1, 'chair-1');
    expect(
      inputsOf(glos).some(
        (i) => i['id'] === inputIds.escalate.grounds || i['id'] === inputIds.escalate.consulted,
      ),
    ).toBe(false);
  });

  it('Bradford stage 3: the Head of Service is offered the proposed meeting times to confirm; others only see them (seed 000)', () => {
    const slots = [
      { start: '2026-11-25T10:00:00.000+00:00', end: '2026-11-25T11:00:00.000+00:00' },
      { start: '2026-11-26T14:00:00.000+00:00', end: '2026-11-26T15:00:00.000+00:00' },
    ];
    const s: Scenario = {
      protocol: bradford,
      stageId: 'stage-3',
      respondents: ['hos-1'],
      copied: ['sm-1'],
      proposedSlots: { slots, confirmerIds: ['hos-1'] },
    };
    const forHos = card(s, 'hos-1');
    expect(buttonVerbs(forHos)).toContain('confirm-meeting');
    const choice = inputsOf(forHos).find((i) => i['id'] === inputIds.confirmMeeting.start)!;
    expect((choice['choices'] as Json[]).map((x) => x['value'])).toEqual(slots.map((x) => x.start));
    expect(textOf(forHos)).toContain('Meeting times proposed');
    const forChair = card(s, 'chair-1');
    expect(buttonVerbs(forChair)).not.toContain('confirm-meeting');
    expect(textOf(forChair)).toContain('Meeting times proposed');
  });

  it('seed 002: offers the chair alone "Ask for a meeting" where the stage has an optional one, and again after "not held" (issue 12 item 7)', () => {
    const optional = {
      ...glosStage1,
      stageMeeting: { need: 'optional' as const, chairId: 'chair-1', attendeeIds: ['tm-1'] },
    };
    for (const host of hosts) {
      const c = card(optional, 'chair-1', host);
      expectWellFormed(c, host, 'dispute');
      expect(buttonVerbs(c)).toContain(verbs.requestMeeting);
      const ask = actionsOf(c).find((a) => a['title'] === 'Ask for a meeting')!;
      expect(ask['type']).toBe('Action.ShowCard');
      expect(inputIdsOf(ask['card'])).toEqual([inputIds.requestMeeting.reason]);
      expect(executesOf(ask['card'])[0]).toMatchObject({ verb: 'request-meeting', associatedInputs: 'auto' });
    }
    expect(buttonVerbs(card(optional, 'tm-1'))).not.toContain(verbs.requestMeeting);
    expect(buttonVerbs(card(optional, 'sw-1'))).not.toContain(verbs.requestMeeting);
    // Already asked for, or a required meeting (booked by itself), or no meeting: no button.
    const asked = { ...optional, meetingRequested: { at: at('2026-11-17'), reason: 'Talk.' } };
    expect(buttonVerbs(card(asked, 'chair-1'))).not.toContain(verbs.requestMeeting);
    const required = {
      ...optional,
      stageId: 'stage-2',
      stageMeeting: { ...optional.stageMeeting, need: 'required' as const },
    };
    expect(buttonVerbs(card(required, 'chair-1'))).not.toContain(verbs.requestMeeting);
    expect(buttonVerbs(card(glosStage1, 'chair-1'))).not.toContain(verbs.requestMeeting);
    // The meeting was held-and-booked, then recorded as not held: the chair may ask for a new one.
    const booked: DisputeView['meeting'] = {
      start: '2026-11-18T09:00:00.000+00:00',
      end: '2026-11-18T10:00:00.000+00:00',
      provider: 'ics',
      joinUrl: null,
      chairId: 'chair-1',
      attendeeIds: ['tm-1'],
      responses: {},
      warnings: [],
      sequence: 0,
    };
    expect(buttonVerbs(card({ ...asked, bookedMeeting: booked }, 'chair-1'))).not.toContain(
      verbs.requestMeeting,
    );
    const notHeld = card(
      {
        ...required,
        bookedMeeting: booked,
        extraEvents: [
          {
            type: 'MeetingOutcomeRecorded',
            at: at('2026-11-18'),
            actorId: 'chair-1',
            stageId: 'stage-2',
            outcome: 'not-held',
            text: 'The team manager was off sick.',
          },
        ],
      },
      'chair-1',
    );
    expect(buttonVerbs(notHeld)).toContain(verbs.requestMeeting);
    expect(textOf(notHeld)).toContain('The last meeting was recorded as not held');
  });

  it('offers no escalation at the last stage', () => {
    const c = card(calderdaleStage3, 'chair-1');
    expect(buttonVerbs(c)).toEqual(['extend', 'resolve', 'withdraw']);
  });

  it('gives the chair the decision card at a missed deadline: escalate now, more time, resolved', () => {
    const c = card(glosDecision, 'chair-1');
    // Withdrawing stays open to the chair while a decision is awaited, as decide allows.
    expect(buttonVerbs(c)).toEqual(['escalate', 'extend', 'resolve', 'withdraw']);
    const titles = actionsOf(c)
      .filter((a) => a['type'] === 'Action.ShowCard')
      .map((a) => a['title']);
    expect(titles).toEqual(['Escalate now', 'Give more time', 'Resolved', 'Withdraw']);
    const text = textOf(c);
    expect(text).toContain(
      'The deadline for this stage passed at close of business (17:30) on Fri 20 Nov 2026',
    );
    expect(text).toContain('consult the Manager of the Child Protection Conference Team (Martin Lead)');
    expect(text).toContain(
      'moves to "Formal Stage 2 - Resolutions Meeting" by itself at close of business (17:30) on Wed 25 Nov 2026',
    );
    expect(text).toContain('Overdue');
  });

  it('marks an overdue stage in red', () => {
    const c = card({ ...glosStage1, overdue: true }, 'tm-1');
    const due = inputsOfType(c, 'TextBlock').find((t) => String(t['text']).startsWith('Stage due'))!;
    expect(due['color']).toBe('Attention');
    expect(due['text']).toContain('Overdue');
  });

  it('gives a respondent the answer form and acknowledge, and no chair actions', () => {
    const c = card(glosStage1, 'tm-1');
    expect(buttonVerbs(c)).toEqual(['acknowledge', 'respond']);
    expect(inputIdsOf(c).sort()).toEqual(Object.values(inputIds.respond).sort());
    const outcome = inputsOf(c).find((i) => i['id'] === inputIds.respond.outcome)!;
    expect((outcome['choices'] as Json[]).map((x) => x['value'])).toEqual([
      'actions-agreed',
      'actions-completed',
      'disagree',
      'needs-more-time',
    ]);
    expect(outcome['isRequired']).toBe(true);
    // Acknowledging must not demand the answer's required inputs.
    const ack = executesOf(c).find((a) => a['verb'] === verbs.acknowledge)!;
    expect(ack['associatedInputs']).toBe('none');
  });

  it('drops acknowledge once acknowledged, and says when the person answered', () => {
    const s: Scenario = {
      ...glosStage1,
      extraEvents: [
        { type: 'Acknowledged', at: at('2026-11-17'), actorId: 'tm-1', stageId: 'stage-1' },
        {
          type: 'Responded',
          at: at('2026-11-18'),
          actorId: 'tm-1',
          stageId: 'stage-1',
          outcome: 'needs-more-time',
          text: 'The core group is booked for the 26th.',
          actionsProposed: null,
          moreTimeUntil: '2026-11-27',
        },
      ],
    };
    const c = card(s, 'tm-1');
    expect(buttonVerbs(c)).toEqual(['respond']);
    const text = textOf(c);
    expect(text).toContain('You answered on Wed 18 Nov 2026 (needs more time)');
    expect(text).toContain(
      'Tariq Manager (needs more time), Wed 18 Nov: asks for more time until Fri 27 Nov 2026',
    );
    // The chair sees the answer too.
    expect(textOf(card(s, 'chair-1'))).toContain('The core group is booked for the 26th.');
  });

  it('lets a deciding respondent resolve too, with answer and resolve as separate sub-forms', () => {
    for (const [s, viewer] of [
      [glosStage6, 'ceo'],
      [calderdaleStage3, 'board-manager'],
    ] as const) {
      const c = card(s, viewer);
      expect(buttonVerbs(c)).toEqual(['acknowledge', 'resolve', 'respond']);
      const showCards = actionsOf(c).filter((a) => a['type'] === 'Action.ShowCard');
      expect(showCards.map((a) => a['title'])).toEqual(['Answer', 'Resolve the dispute']);
      // No input sits in the card's own body: each sub-form asks only for its own inputs.
      expect(inputsOf(c.body)).toEqual([]);
    }
  });

  it('shows copied people, the people told and oversight no inputs and no buttons', () => {
    for (const [s, viewer] of [
      [glosStage1, 'sw-1'],
      [glosStage1, 'hos-safeguarding'],
      [glosStage6, 'hos-1'],
      [calderdaleStage3, 'someone-else'],
    ] as const) {
      const c = card(s, viewer);
      expect(inputsOf(c)).toEqual([]);
      expect(buttonVerbs(c)).toEqual([]);
      expect(c.actions).toBeUndefined();
    }
    expect(textOf(card(glosStage1, 'sw-1'))).toContain('You are copied in for information');
    expect(textOf(card(glosStage1, 'hos-safeguarding'))).toContain('your service oversees the process');
  });

  it('shows a closed dispute to everyone without actions, but still refreshes', () => {
    for (const viewer of ['chair-1', 'tm-1', 'sw-1', 'hos-safeguarding']) {
      const c = card(glosResolved, viewer);
      expect(buttonVerbs(c)).toEqual([]);
      expect(actionsOf(c).filter((a) => a['type'] === 'Action.ShowCard')).toEqual([]);
      expect(inputsOf(c)).toEqual([]);
      expect((c['refresh'] as Json)['action']).toBeDefined();
      expect(textOf(c)).toContain('Resolved on Thu 19 Nov 2026 by Clara Chairwoman');
      expect(textOf(c)).toContain('The chair will continue to monitor.');
    }
    expect(textOf(card(glosWithdrawn, 'tm-1'))).toContain(
      'Withdrawn on Wed 18 Nov 2026 by Clara Chairwoman.',
    );
  });

  it('shows a notice line (reminders)', () => {
    const c = card(glosStage1, 'tm-1', 'teams', { notice: 'Reminder: due tomorrow, Fri 20 Nov' });
    const first = c.body[0] as Json;
    expect(first['style']).toBe('warning');
    expect(textOf(first)).toBe('Reminder: due tomorrow, Fri 20 Nov');
    expect(textOf(card(glosStage1, 'tm-1'))).not.toContain('Reminder');
  });

  it('shows both clocks, and the cap not yet started on an informal stage', () => {
    expect(textOf(card(glosStage1, 'tm-1'))).toContain(
      'Overall limit (20 working days): close of business (17:30) on Mon 14 Dec 2026',
    );
    expect(textOf(card(calderdaleInformal, 'sw-1'))).toContain(
      'Overall limit: 15 working days, counted from "Formal PDRP Stage 1: Notifying the Supervising Manager".',
    );
  });

  it('shows the name and case number only where the protocol says so, to the people it names', () => {
    const named: Protocol = { ...gloucestershire, childDetailOnCards: 'name-and-case-number' };
    for (const viewer of ['chair-1', 'tm-1', 'sw-1']) {
      const json = JSON.stringify(card(glosStage1, viewer, 'teams', { protocol: named }));
      expect(json).toContain(`${CHILD.name}, case ${CHILD.caseNumber}`);
      for (const dob of dobWritten) expect(json).not.toContain(dob);
    }
    const oversight = JSON.stringify(card(glosStage1, 'hos-safeguarding', 'teams', { protocol: named }));
    expect(oversight).not.toContain('Thornbury');
    expect(oversight).toContain('ART, case');
  });

  it('stays under the Teams size limit with the longest texts and 60 people, cutting long text', () => {
    const long = 'The plan has drifted and nobody owns it. '.repeat(100).slice(0, 4000);
    const answers: DisputeEvent[] = ['tm-1', 'tm-1', 'tm-1', 'tm-1'].map((id, i) => ({
      type: 'Responded',
      at: at(`2026-11-1${i + 6}`),
      actorId: id,
      stageId: 'stage-1',
      outcome: 'disagree',
      text: long,
      actionsProposed: long,
      moreTimeUntil: null,
    }));
    const s: Scenario = { ...glosStage1, concern: long, extraEvents: answers };
    for (const viewer of ['chair-1', 'tm-1', 'sw-1'])
      for (const host of hosts) {
        const c = renderDisputeCard({
          dispute: viewFor(s, viewer),
          protocol: gloucestershire,
          viewerId: viewer,
          nameOf,
          host,
          appBaseUrl,
          refreshUserIds: Array.from(
            { length: 80 },
            (_, i) => `29f0c3d4-1a2b-4c5d-8e9f-${String(i).padStart(12, '0')}`,
          ),
        });
        expectWellFormed(c, host, 'dispute');
        expect((c['refresh'] as Json)['userIds']).toHaveLength(maxRefreshUserIds);
        expect(textOf(c)).toContain('open CP Disputes to read all of it');
      }
  });
});

function inputsOfType(card: unknown, type: string): Json[] {
  const found: Json[] = [];
  walk(card, (o) => {
    if (o['type'] === type) found.push(o);
  });
  return found;
}

// ---------------------------------------------------------------------------------------------

describe('the raise form', () => {
  const calendar = createWorkingDayCalendar({ nation: gloucestershire.nation, closureDays: [] });
  const base = (protocol: Protocol, host: CardHost) => ({
    protocols: [{ id: protocol.id, name: protocol.name }],
    protocolId: protocol.id,
    themes: themesOf(protocol),
    stages: protocol.stages,
    referral: raiseFormReferralOf(protocol),
    host,
  });

  it.each(hosts)('is a valid card for %s with the contract inputs and the two buttons', (host) => {
    for (const protocol of [gloucestershire, calderdale]) {
      const c = renderRaiseForm(base(protocol, host));
      expectWellFormed(c, host, 'raise');
      expect(buttonVerbs(c)).toEqual([verbs.previewRaise, verbs.raise].sort());
      for (const a of executesOf(c)) {
        expect(a['data']).toEqual({ protocolId: protocol.id });
        expect(a['associatedInputs']).toBe('auto');
      }
      const ids = inputIdsOf(c);
      const expected = Object.values(inputIds.raise).filter(
        (id) =>
          id !== inputIds.raise.protocolId &&
          id !== inputIds.raise.challengedChairId &&
          (protocol === calderdale ||
            (id !== inputIds.raise.chairSetWorkingDays && id !== inputIds.raise.consulted)),
      );
      expect(ids.sort()).toEqual([...expected].sort());
    }
  });

  it('picks the social worker with a Data.Query typeahead in Teams, and an email box in Outlook', () => {
    const teams = inputsOf(renderRaiseForm(base(gloucestershire, 'teams'))).find(
      (i) => i['id'] === 'socialWorkerId',
    )!;
    expect(teams).toMatchObject({
      type: 'Input.ChoiceSet',
      style: 'filtered',
      isRequired: true,
      'choices.data': { type: 'Data.Query', dataset: peopleDataset },
    });
    const outlook = inputsOf(renderRaiseForm(base(gloucestershire, 'outlook'))).find(
      (i) => i['id'] === 'socialWorkerId',
    )!;
    expect(outlook['type']).toBe('Input.Text');
    expect(JSON.stringify(renderRaiseForm(base(gloucestershire, 'outlook')))).not.toContain('filtered');
  });

  it("offers the protocol's themes and stages, the usual start first", () => {
    const c = renderRaiseForm(base(gloucestershire, 'teams'));
    const theme = inputsOf(c).find((i) => i['id'] === 'theme')!;
    expect((theme['choices'] as Json[]).map((x) => x['value'])).toEqual(
      themesOf(gloucestershire).map((t) => t.id),
    );
    const start = inputsOf(c).find((i) => i['id'] === 'startStageId')!;
    expect(start['value']).toBe('informal');
    expect((start['choices'] as Json[]).map((x) => x['value'])).toEqual(
      gloucestershire.stages.map((s) => s.id),
    );
    expect(inputsOf(c).find((i) => i['id'] === 'startReason')).toBeDefined();
  });

  it('lets the person choose the protocol when there are several (and then carries the one it was drawn for)', () => {
    const c = renderRaiseForm({
      ...base(gloucestershire, 'teams'),
      protocols: [gloucestershire, calderdale].map((p) => ({ id: p.id, name: p.name })),
    });
    expectWellFormed(c, 'teams', 'raise');
    const choice = inputsOf(c).find((i) => i['id'] === 'protocolId')!;
    expect(choice['value']).toBe('gloucestershire');
    // The handler notices a changed choice and draws the form again for it before raising.
    for (const a of executesOf(c)) expect(a['data']).toEqual({ formProtocolId: 'gloucestershire' });
  });

  it('keeps what was typed and shows each problem next to its field in red', () => {
    const values = {
      childName: CHILD.name,
      childDateOfBirth: CHILD.dateOfBirth,
      caseNumber: '',
      conferenceDate: '2026-10-28',
      socialWorkerId: 'sw-1',
      theme: 'plan-management',
      concern: 'The plan has drifted.',
      actionsRequired: 'Hold a core group.',
      immediateRisk: 'true',
      startStageId: 'stage-3',
      startReason: '',
    };
    const errors = [
      { field: 'child.caseNumber', message: 'Please give the case number.' },
      {
        field: 'reason',
        message: 'Please give the reason for starting at "Formal Stage 3 - Head of Service".',
      },
      { field: null, message: 'The directory could not be reached: please try again.' },
    ];
    for (const host of hosts) {
      const c = renderRaiseForm({
        ...base(gloucestershire, host),
        values,
        errors,
        socialWorkerName: 'Sam Social',
      });
      expectWellFormed(c, host, 'raise');
      const body = c.body as Json[];
      const after = (id: string) => body[body.findIndex((b) => b['id'] === id) + 1]!;
      expect(after('caseNumber')).toMatchObject({
        type: 'TextBlock',
        text: 'Please give the case number.',
        color: 'Attention',
      });
      expect(after('startReason')).toMatchObject({ type: 'TextBlock', color: 'Attention' });
      expect(String(after('startReason')['text'])).toContain('Please give the reason');
      expect(after('childName')['type']).not.toBe('TextBlock');
      expect(textOf(c)).toContain('The directory could not be reached');
      expect(textOf(c)).toContain('Please check the 3 problems below.');
      const input = (id: string) => inputsOf(c).find((i) => i['id'] === id)!;
      expect(input('childName')['value']).toBe(CHILD.name);
      expect(input('childDateOfBirth')['value']).toBe(CHILD.dateOfBirth);
      expect(input('caseNumber')['value']).toBeUndefined();
      expect(input('theme')['value']).toBe('plan-management');
      expect(input('concern')['value']).toBe('The plan has drifted.');
      expect(input('immediateRisk')['value']).toBe('true');
      expect(input('startStageId')['value']).toBe('stage-3');
      expect(input('socialWorkerId')['value']).toBe('sw-1');
      if (host === 'teams')
        expect(input('socialWorkerId')['choices']).toEqual([{ title: 'Sam Social', value: 'sw-1' }]);
    }
  });

  it("shows the preview: each stage's dates, the cap and the warnings", () => {
    const preview = previewEscalation(gloucestershire, calendar, '2026-11-02');
    const c = renderRaiseForm({ ...base(gloucestershire, 'teams'), preview });
    expectWellFormed(c, 'teams', 'raise');
    const text = textOf(c);
    for (const s of preview.stages) {
      expect(text).toContain(s.name);
      expect(text).toContain(`Opens ${formatDay(s.opens)}, due ${formatDay(s.due)}`);
    }
    expect(text).toContain(`reached at close of business (17:30) on ${formatDay(preview.cap!.on)}`);
    // The chair's window before an automatic move is shown, labelled as the product's default.
    expect(text).toContain(
      `you decide by ${formatDay(preview.stages[0]!.chairDecision!.until)}, or it moves on by itself (this product's default)`,
    );
    expect(preview.warnings.length).toBeGreaterThan(0);
    for (const w of preview.warnings) expect(text).toContain(w);
    expect(textOf(renderRaiseForm(base(gloucestershire, 'teams')))).not.toContain(
      'If every deadline is missed',
    );
  });

  it("asks for the chair's working days on Calderdale's informal stage", () => {
    const c = renderRaiseForm(base(calderdale, 'teams'));
    const days = inputsOf(c).find((i) => i['id'] === inputIds.raise.chairSetWorkingDays)!;
    expect(days).toMatchObject({ type: 'Input.Number', min: 1, max: 10, value: 10 });
    const later = renderRaiseForm({ ...base(calderdale, 'teams'), values: { startStageId: 'stage-1' } });
    expect(inputIdsOf(later)).not.toContain(inputIds.raise.chairSetWorkingDays);
  });

  it('Calderdale 6.11: asks a chair starting straight at the Board to confirm the consultation; Gloucestershire has no referral rule', () => {
    for (const host of hosts) {
      const c = renderRaiseForm({
        ...base(calderdale, host),
        values: { startStageId: 'stage-3', consulted: 'true' },
        errors: [{ field: 'consulted', message: 'Before referring the dispute, consult the chair manager.' }],
      });
      expectWellFormed(c, host, 'raise');
      const toggle = inputsOf(c).find((i) => i['id'] === inputIds.raise.consulted)!;
      const board = calderdale.stages.find((s) => calderdale.bypass.alwaysAllowedStageIds.includes(s.id))!;
      expect(toggle).toMatchObject({
        type: 'Input.Toggle',
        valueOn: 'true',
        valueOff: 'false',
        value: 'true',
      });
      expect(String(toggle['title'])).toContain(
        `If starting straight at "${board.name}": I have consulted the`,
      );
      expect(textOf(c)).toMatch(/will be alerted by email before the referral is sent/);
      const body = c.body as Json[];
      expect(body[body.findIndex((b) => b['id'] === inputIds.raise.consulted) + 2]).toMatchObject({
        type: 'TextBlock',
        color: 'Attention',
        text: 'Before referring the dispute, consult the chair manager.',
      });
    }
    expect(inputIdsOf(renderRaiseForm(base(gloucestershire, 'teams')))).not.toContain(
      inputIds.raise.consulted,
    );
  });

  it('Calderdale 6.6: a conference dissent asks which conference chair is challenged, from the chairs offered', () => {
    const dissent = protocols.find((p) => p.id === 'calderdale-conference-dissent')!;
    const chairs = [
      { title: 'Clara Chairwoman (CP Conference Chair)', value: 'chair-1' },
      { title: 'Ian Chair (CP Conference Chair)', value: 'chair-2' },
    ];
    for (const host of hosts) {
      const c = renderRaiseForm({
        ...base(dissent, host),
        challengedChairChoices: chairs,
        values: { challengedChairId: 'chair-2' },
        errors: [{ field: 'challengedChairId', message: 'That person is not a conference chair.' }],
      });
      expectWellFormed(c, host, 'raise');
      const pick = inputsOf(c).find((i) => i['id'] === inputIds.raise.challengedChairId)!;
      expect(pick).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true, value: 'chair-2' });
      expect(pick['choices']).toEqual(chairs);
      const body = c.body as Json[];
      expect(body[body.findIndex((b) => b['id'] === inputIds.raise.challengedChairId) + 1]).toMatchObject({
        color: 'Attention',
        text: 'That person is not a conference chair.',
      });
    }
    expect(inputIdsOf(renderRaiseForm(base(calderdale, 'teams')))).not.toContain(
      inputIds.raise.challengedChairId,
    );
  });

  it('stays under the size limit with the longest texts, a preview and errors', () => {
    const long = 'x'.repeat(4000);
    const preview = previewEscalation(gloucestershire, calendar, '2026-11-02');
    const c = renderRaiseForm({
      ...base(gloucestershire, 'teams'),
      preview,
      values: {
        concern: long,
        actionsRequired: long,
        startReason: 'y'.repeat(2000),
        childName: 'z'.repeat(200),
      },
      errors: Object.values(inputIds.raise).map((field) => ({
        field,
        message: 'Something is wrong with this field.',
      })),
    });
    expectWellFormed(c, 'teams', 'raise');
  });
});

// ---------------------------------------------------------------------------------------------

describe('the list card', () => {
  const item = (i: number, extra: Partial<DisputeListItem> = {}): DisputeListItem => ({
    id: `d-${i}`,
    version: i + 3,
    reference: `CPD-2026-00${40 + i}`,
    childLabel: `AB, case LCS-1000${i}`,
    stageName: 'Formal Stage 1 - Team Manager',
    dueOn: '2026-11-20',
    overdue: false,
    status: 'open',
    ...extra,
  });

  it.each(hosts)('says so kindly when there is nothing (%s)', (host) => {
    const c = renderDisputeList({ title: 'Your disputes', items: [], host });
    expectWellFormed(c, host, 'none');
    expect(executesOf(c)).toEqual([]);
    expect(textOf(c)).toContain('There is nothing here right now');
  });

  it.each(hosts)('lists three disputes, each with Open carrying its id and version (%s)', (host) => {
    const items = [item(1), item(2, { overdue: true }), item(3, { status: 'resolved', dueOn: null })];
    const c = renderDisputeList({ title: 'Your disputes', items, host });
    expectWellFormed(c, host, 'dispute');
    const opens = executesOf(c);
    expect(opens.map((a) => a['verb'])).toEqual(['open', 'open', 'open']);
    expect(opens.map((a) => a['data'])).toEqual(items.map((i) => ({ disputeId: i.id, version: i.version })));
    const text = textOf(c);
    expect(text).toContain('CPD-2026-0041 · AB, case LCS-10001');
    expect(text).toContain('Due Fri 20 Nov 2026');
    expect(text).toContain('Overdue: was due Fri 20 Nov 2026');
    expect(text).toContain('Resolved');
  });

  it('shows at most a page of disputes and says how many more there are', () => {
    const c = renderDisputeList({
      title: 'All',
      items: Array.from({ length: 100 }, (_, i) => item(i)),
      host: 'teams',
    });
    expectWellFormed(c, 'teams', 'dispute');
    expect(executesOf(c)).toHaveLength(maxListItems);
    expect(textOf(c)).toContain(`And ${100 - maxListItems} more`);
  });
});

describe('the help card', () => {
  it.each(hosts)('lists the commands (%s)', (host) => {
    const c = renderHelpCard({ host, appBaseUrl });
    expectWellFormed(c, host, 'none');
    const text = textOf(c);
    for (const command of ['raise', 'mine', 'open <reference>', 'help']) expect(text).toContain(command);
    expect(buttonVerbs(c)).toEqual([verbs.mine, verbs.showRaiseForm].sort());
    expect(actionsOf(c)).toContainEqual(
      expect.objectContaining({
        type: 'Action.OpenUrl',
        title: 'Open CP Disputes',
        url: `${appBaseUrl}/tab`,
      }),
    );
  });
});

describe('the message card', () => {
  it.each(hosts)('shows a refusal with its tone and no buttons (%s)', (host) => {
    const c = renderMessageCard({
      title: 'Not for you at this stage',
      text: 'You are not asked to respond at this stage.',
      tone: 'info',
      host,
    });
    expectWellFormed(c, host, 'none');
    expect(c.actions).toBeUndefined();
    expect(textOf(c)).toContain('You are not asked to respond at this stage.');
  });

  it.each(['info', 'warning', 'error'] as const)('is a valid card in the %s tone', (tone) => {
    const c = renderMessageCard({ title: 'T', text: 'x', tone, host: 'teams' });
    expectWellFormed(c, 'teams', 'none');
    expect((c.body[0] as Json)['style']).toBe(
      { info: 'emphasis', warning: 'warning', error: 'attention' }[tone],
    );
  });

  it('says nothing changed on the dispute and offers its current card', () => {
    const c = renderMessageCard({
      title: 'This card was out of date',
      text: 'Someone else acted on this dispute first. Nothing you sent was saved.',
      tone: 'warning',
      host: 'teams',
      dispute: { id: 'd-1', reference: 'CPD-2026-0042', version: 7 },
    });
    expectWellFormed(c, 'teams', 'dispute');
    expect(textOf(c)).toContain('Nothing has changed on dispute CPD-2026-0042.');
    expect(executesOf(c)).toEqual([
      expect.objectContaining({ verb: 'refresh', data: { disputeId: 'd-1', version: 7 } }),
    ]);
  });
});
