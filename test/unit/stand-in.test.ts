// Out of office: a stage goes to whoever stands in for a manager who is away (their deputy or the
// next manager up, as the Graph directory works out from automatic replies), and the card says why.
import { describe, expect, it } from 'vitest';
import { loadFileDirectory } from '../../src/adapters/directory/file-directory.ts';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { resolveRoster } from '../../src/app/resolve-roster.ts';
import type { Directory, Person } from '../../src/app/ports/directory.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';
import { decide } from '../../src/core/dispute/decide.ts';
import { initialState } from '../../src/core/dispute/dispute-state.ts';
import { createWorkingDayCalendar } from '../../src/core/calendar/working-day-calendar.ts';

const G = builtinProtocols().find((p) => p.id === 'gloucestershire')!;
const file = loadFileDirectory(demoDirectoryPath);

/** The demo directory, with Carla (team manager) away until Monday: her manager stands in. */
const withAbsence: Directory = {
  ...file,
  kind: file.kind,
  byId: (id) => file.byId(id),
  byAadObjectId: (t, a) => file.byAadObjectId(t, a),
  holdersOfPost: (p) => file.holdersOfPost(p),
  managerChain: (id) => file.managerChain(id),
  search: (q) => file.search(q),
  all: () => file.all(),
  async standInFor(person: Person, onDate: string) {
    if (person.id !== 'tm-carla' || onDate >= '2026-11-30') return null;
    const [manager] = await file.managerChain(person.id);
    return {
      to: manager!,
      reason: `${person.name} is out of the office until Mon 30 Nov, so this goes to their manager, ${manager!.name}.`,
    };
  },
};

describe('a manager out of office', () => {
  it('is stood in for on the day, with the reason', async () => {
    const { roster, notes } = await resolveRoster(G, withAbsence, {
      raiserId: 'chair-amara',
      socialWorkerId: 'sw-ben',
      onDate: '2026-11-23',
    });
    expect(roster.teamManager).toEqual(['sm-lena']);
    expect(notes).toEqual([
      { personId: 'sm-lena', reason: expect.stringContaining('out of the office until Mon 30 Nov') },
    ]);
    const back = await resolveRoster(G, withAbsence, {
      raiserId: 'chair-amara',
      socialWorkerId: 'sw-ben',
      onDate: '2026-11-30',
    });
    expect(back.roster.teamManager).toEqual(['tm-carla']);
    expect(back.notes).toEqual([]);
  });

  it('the stage opened for the stand-in carries the reason, for the card', async () => {
    const { roster, notes } = await resolveRoster(G, withAbsence, {
      raiserId: 'chair-amara',
      socialWorkerId: 'sw-ben',
      onDate: '2026-11-23',
    });
    const decision = decide(
      initialState(),
      {
        type: 'raise',
        disputeId: '6f0c9a52-0000-4000-8000-000000000001',
        child: { name: 'A B', dateOfBirth: '2019-01-01', caseNumber: 'NB-1' },
        conferenceDate: '2026-11-16',
        socialWorkerId: 'sw-ben',
        theme: 'plan-management',
        concern: 'Drift.',
        actionsRequired: 'Core group.',
        immediateRisk: false,
        startStageId: 'stage-1',
        reason: 'A similar concern was raised last month.',
        earlierDisputes: [],
        roster,
        rosterNotes: notes,
      },
      { kind: 'person', id: 'chair-amara', posts: ['cp-chair'] },
      '2026-11-23T10:00:00Z',
      G,
      createWorkingDayCalendar({ nation: 'england-and-wales' }),
    );
    expect(decision.ok).toBe(true);
    const opened = decision.ok ? decision.events.find((e) => e.type === 'StageOpened') : undefined;
    expect(opened).toMatchObject({ respondentIds: ['sm-lena'], routingNotes: [{ personId: 'sm-lena' }] });
  });
});
