import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { fileDirectoryFromText, loadFileDirectory } from '../../src/adapters/directory/file-directory.ts';
import type { Protocol } from '../../src/core/protocol/protocol-schema.ts';
import { builtinProtocols } from '../../src/protocols/builtin-protocols.ts';
import { directoryRolesOf, resolveRoster } from '../../src/app/resolve-roster.ts';
import { londonAt, person, protocolById, raiseCommand, run, step } from './support/dispute-fixtures.ts';

const demo = loadFileDirectory(demoDirectoryPath);
const TENANT = '00000000-0000-4000-8000-00000000a11c';

const chairs = ['chair-amara', 'chair-idris', 'chair-jun'];
const northWorkers = ['sw-ben', 'sw-dana'];
const southWorkers = ['sw-fern', 'sw-gus'];
const pairs = chairs.flatMap((chair, i) => [
  { chair, socialWorker: northWorkers[i % 2]! },
  { chair, socialWorker: southWorkers[i % 2]! },
]);

/** A small directory for the unhappy paths: `people` entries need only id, and whatever else matters. */
function tinyDirectory(people: Record<string, unknown>[]) {
  const full = people.map((p, i) => ({
    name: `Person ${String(p.id)}`,
    email: `${String(p.id)}@test.example`,
    aadObjectId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    jobTitle: 'Social Worker',
    ...p,
  }));
  return fileDirectoryFromText(
    stringify({ council: 'Testshire', tenantId: TENANT, people: full }),
    'tiny.yaml',
  );
}

/** Raise as the raiser, then escalate stage by stage to the last, with the resolved roster. */
async function runToLastStage(protocol: Protocol, raiserId: string, socialWorkerId: string) {
  const { roster } = await resolveRoster(protocol, demo, { raiserId, socialWorkerId });
  const raiser = (await demo.byId(raiserId))!;
  const by = person(raiser.id, raiser.posts);
  const at = (minute: number) => londonAt(protocol, '2026-11-23', `10:${String(minute).padStart(2, '0')}`);
  const challengedChairId = protocol.immediateRisk?.tellChallengedChair ? 'chair-idris' : null;
  const steps = [
    // A conference the working day before (seed 002 takes a concern about its chair within 5
    // working days of it).
    step(
      raiseCommand({ socialWorkerId, roster, challengedChairId, conferenceDate: '2026-11-20' }),
      by,
      at(0),
    ),
    ...protocol.stages.slice(1).flatMap((s, i) => {
      // Calderdale asks why a stage moves on before its deadline (issue 12): after a response, the
      // chair is dissatisfied with it.
      const from = protocol.stages[i]!;
      const answer = from.escalationGrounds
        ? [
            step(
              { type: 'respond', outcome: 'disagree', text: 'We disagree.' },
              person(roster[from.respondentRoles[0]!]![0]!),
              at(2 * i + 1),
            ),
          ]
        : [];
      return [
        ...answer,
        step(
          {
            type: 'escalate',
            toStageId: s.id,
            reason: 'The concern remains unresolved at this stage.',
            grounds: from.escalationGrounds ? 'dissatisfied-with-response' : null,
            roster,
          },
          by,
          at(2 * i + 2),
        ),
      ];
    }),
  ];
  return run(protocol, steps);
}

describe('resolveRoster over the demo directory', () => {
  for (const protocol of builtinProtocols()) {
    describe(protocol.id, () => {
      it.each(pairs)('fills every role for $chair and $socialWorker', async ({ chair, socialWorker }) => {
        const { roster, unfilled } = await resolveRoster(protocol, demo, {
          raiserId: chair,
          socialWorkerId: socialWorker,
        });
        expect(unfilled).toEqual([]);
        expect(Object.keys(roster).sort()).toEqual(Object.keys(protocol.roles).sort());
        for (const [role, holders] of Object.entries(roster)) {
          expect(holders.length, role).toBeGreaterThan(0);
          for (const id of holders) expect(await demo.byId(id), `${role}: ${id}`).not.toBeNull();
        }
      });

      it('runs to its last stage', async () => {
        const raiserId = protocol.raisedBy.requiredPosts.includes('cp-chair') ? 'chair-amara' : 'sw-fern';
        const { state } = await runToLastStage(protocol, raiserId, 'sw-gus');
        expect(state.stage?.id).toBe(protocol.stages.at(-1)!.id);
        expect(state.stagesVisited).toEqual(protocol.stages.map((s) => s.id));
      });

      // Flows that name no social worker (a concern about a chair, a dissent): the raiser's line fills them.
      const namesNoSocialWorker = !Object.values(protocol.roles).some(
        (r) => r.resolve.kind === 'named-on-dispute',
      );
      if (protocol.raisedBy.requiredPosts.length === 0 && namesNoSocialWorker)
        it('fills every role when a social worker raises it', async () => {
          for (const raiserId of [...northWorkers, ...southWorkers])
            expect(
              (await resolveRoster(protocol, demo, { raiserId, socialWorkerId: null })).unfilled,
            ).toEqual([]);
        });
    });
  }

  it('Gloucestershire: the social worker’s own team manager, and the head of service past the service manager', async () => {
    const glos = protocolById('gloucestershire');
    const north = await resolveRoster(glos, demo, { raiserId: 'chair-jun', socialWorkerId: 'sw-dana' });
    expect(north.roster).toEqual({
      chair: ['chair-jun'],
      chairManager: ['tm-hana'],
      socialWorker: ['sw-dana'],
      teamManager: ['tm-carla'],
      headOfService: ['hos-nadia'],
      assistantDirector: ['ad-rafael'],
      director: ['dcs-olu'],
      chiefExecutive: ['ceo-miriam'],
      headOfServiceSafeguarding: ['hos-ruth'],
    });
    const south = await resolveRoster(glos, demo, { raiserId: 'chair-amara', socialWorkerId: 'sw-fern' });
    expect(south.roster.teamManager).toEqual(['tm-emeka']);
    // sw-fern → tm-emeka → sm-kwame (service-manager, skipped) → hos-tomasz
    expect((await demo.managerChain('sw-fern')).map((p) => p.tier).slice(0, 3)).toEqual([
      'team-manager',
      'service-manager',
      'head-of-service',
    ]);
    expect(south.roster.headOfService).toEqual(['hos-tomasz']);
  });

  it('Liquidlogic: the Service Director is its own tier, not the DCS (seed 001 "A meeting needs to be held with Service Director"; issue 12)', async () => {
    const { roster } = await resolveRoster(protocolById('liquidlogic-four-stage'), demo, {
      raiserId: 'chair-idris',
      socialWorkerId: 'sw-ben',
    });
    expect(roster.serviceDirector).toEqual(['sd-morag']);
    expect(roster.serviceDirector).not.toEqual(['dcs-olu']);
    expect(roster.serviceManager).toEqual(['sm-lena']);
  });

  it('fixed posts go to their holders', async () => {
    const bradford = await resolveRoster(protocolById('bradford'), demo, {
      raiserId: 'chair-amara',
      socialWorkerId: 'sw-ben',
    });
    expect(bradford.roster).toMatchObject({
      chairManager: ['tm-hana'],
      safeguardingReviewingServiceManager: ['sm-isla'],
      headOfServiceSafeguarding: ['hos-ruth'],
      deputyDirector: ['dd-priya'],
      // SEEDS.md "Who answers": the named person who holds the post acts; the mailbox is copied.
      partnershipManager: ['pbm-leona'],
    });
    const calderdale = await resolveRoster(protocolById('calderdale'), demo, {
      raiserId: 'chair-amara',
      socialWorkerId: 'sw-ben',
    });
    expect(calderdale.roster).toMatchObject({
      boardManager: ['pbm-leona'],
      independentChair: ['ic-yusuf'],
      safeguardingQaServiceManager: ['sm-victor'],
      seniorManager: ['sm-lena'],
    });
    const concern = await resolveRoster(protocolById('concern-about-chair'), demo, { raiserId: 'sw-gus' });
    expect(concern.roster).toEqual({
      professional: ['sw-gus'],
      cpServiceManager: ['tm-hana'],
      serviceManager: ['sm-kwame'],
      headOfService: ['hos-tomasz'],
    });
  });

  it('gives every holder of a post held by more than one person', async () => {
    const d = tinyDirectory([
      { id: 'a', posts: ['deputy-director'] },
      { id: 'b', posts: ['deputy-director'] },
    ]);
    const { roster } = await resolveRoster(protocolById('bradford'), d, {
      raiserId: 'a',
      socialWorkerId: 'b',
    });
    expect(roster.deputyDirector).toEqual(['a', 'b']);
  });
});

describe('roles nobody holds', () => {
  const d = tinyDirectory([
    {
      id: 'chair-x',
      name: 'Chris Chair',
      jobTitle: 'Child Protection Conference Chair',
      posts: ['cp-chair'],
    },
    { id: 'hos-1', name: 'Hal Head', jobTitle: 'Head of Service', tier: 'head-of-service' },
    { id: 'tm-1', name: 'Tess Team', jobTitle: 'Team Manager', tier: 'team-manager', managerId: 'hos-1' },
    { id: 'sw-3', name: 'Jo Bloggs', managerId: 'tm-1' },
    { id: 'sw-4', name: 'Lone Worker' },
  ]);
  const bradford = protocolById('bradford');

  it('says which tier is missing up whose line', async () => {
    const { roster, unfilled } = await resolveRoster(bradford, d, {
      raiserId: 'chair-x',
      socialWorkerId: 'sw-3',
    });
    expect(roster.teamManager).toEqual(['tm-1']);
    expect(roster.headOfService).toEqual(['hos-1']);
    expect(roster.serviceManager).toEqual([]);
    const sm = unfilled.find((u) => u.role === 'serviceManager');
    expect(sm).toEqual({
      role: 'serviceManager',
      label: "Children's Service Manager (CSM)",
      why:
        'Jo Bloggs (sw-3) has no manager at tier service-manager up their line ' +
        '(their line: Tess Team (tm-1), team-manager → Hal Head (hos-1), head-of-service)',
    });
    expect(unfilled.find((u) => u.role === 'assistantDirector')?.why).toMatch(
      /^Jo Bloggs \(sw-3\) has no manager at tier assistant-director up their line/,
    );
  });

  it('says when someone has no line manager at all', async () => {
    const { unfilled } = await resolveRoster(bradford, d, { raiserId: 'chair-x', socialWorkerId: 'sw-4' });
    expect(unfilled.find((u) => u.role === 'teamManager')?.why).toBe(
      'Lone Worker (sw-4) has no manager at tier team-manager up their line (they have no line manager in the directory)',
    );
    expect(unfilled.find((u) => u.role === 'chairManager')?.why).toBe(
      'Chris Chair (chair-x) has no line manager in the directory',
    );
  });

  it('says which post nobody holds', async () => {
    const { unfilled } = await resolveRoster(bradford, d, { raiserId: 'chair-x', socialWorkerId: 'sw-3' });
    expect(unfilled.find((u) => u.role === 'deputyDirector')).toEqual({
      role: 'deputyDirector',
      label: 'Deputy Director',
      why: 'nobody in the directory holds the post deputy-director',
    });
  });

  it('says when the social worker is unknown, and what depends on them', async () => {
    const { roster, unfilled } = await resolveRoster(bradford, d, {
      raiserId: 'chair-x',
      socialWorkerId: 'sw-gone',
    });
    expect(roster.socialWorker).toEqual([]);
    expect(unfilled.find((u) => u.role === 'socialWorker')?.why).toBe(
      'the social worker "sw-gone" is not in the directory',
    );
    expect(unfilled.find((u) => u.role === 'teamManager')?.why).toBe(
      'it is found from the Social Worker, and the social worker "sw-gone" is not in the directory',
    );
    const none = await resolveRoster(bradford, d, { raiserId: 'chair-x' });
    expect(none.unfilled.find((u) => u.role === 'socialWorker')?.why).toBe(
      'no social worker was named on the dispute',
    );
  });

  it('lists every role of the protocol, filled or not', async () => {
    const { roster, unfilled } = await resolveRoster(bradford, d, {
      raiserId: 'chair-x',
      socialWorkerId: 'sw-3',
    });
    expect(Object.keys(roster).sort()).toEqual(Object.keys(bradford.roles).sort());
    expect(unfilled.map((u) => u.role).sort()).toEqual(
      Object.entries(roster)
        .filter(([, ids]) => ids.length === 0)
        .map(([role]) => role)
        .sort(),
    );
  });
});

describe('directoryRolesOf', () => {
  const protocols = builtinProtocols();
  const rolesOf = async (id: string) => directoryRolesOf((await demo.byId(id))!, protocols, await demo.all());

  // Seed 001: "when Child Protection Chairs or Social Work teams are concerned": anyone may raise it ("raiser").
  it('a chair can raise as chair', async () => {
    expect(await rolesOf('chair-amara')).toEqual(['chair', 'professional', 'raiser']);
  });

  it('a social worker can be the social worker named on a dispute', async () => {
    expect(await rolesOf('sw-dana')).toEqual(['professional', 'raiser', 'socialWorker']);
    expect(await rolesOf('bso-pat')).toEqual(['professional', 'raiser']);
  });

  it('managers hold the roles of their tier', async () => {
    expect(await rolesOf('tm-carla')).toEqual(['professional', 'raiser', 'teamManager']);
    expect(await rolesOf('sm-lena')).toEqual(['professional', 'raiser', 'seniorManager', 'serviceManager']);
    expect(await rolesOf('dcs-olu')).toEqual(['director', 'professional', 'raiser']);
    expect(await rolesOf('sd-morag')).toEqual(['professional', 'raiser', 'serviceDirector']);
  });

  it('fixed posts give their roles, and the chairs’ manager is chairManager', async () => {
    expect(await rolesOf('tm-hana')).toEqual([
      'chairManager',
      'cpServiceManager',
      'cpcTeamManager',
      'professional',
      'raiser',
      'teamManager',
    ]);
    expect(await rolesOf('hos-ruth')).toEqual([
      'headOfService',
      'headOfServiceSafeguarding',
      'professional',
      'raiser',
    ]);
    expect(await rolesOf('nscp-mailbox')).toEqual(['boardManager', 'partnershipManager']);
    expect(await rolesOf('pbm-leona')).toEqual([
      'boardManager',
      'partnershipManager',
      'professional',
      'raiser',
    ]);
    expect(await rolesOf('ceo-miriam')).toEqual(['chiefExecutive', 'professional', 'raiser']);
  });

  it('without the people list, manager-of roles are left out', async () => {
    expect(directoryRolesOf((await demo.byId('tm-hana'))!, protocols)).not.toContain('chairManager');
  });
});
