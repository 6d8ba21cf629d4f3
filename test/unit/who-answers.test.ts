// Who answers (issue 12 item 3; design/SEEDS.md "Who answers") and nothing silent (item 4), in the
// roster resolution and the core, on the edge-case directory (test/fixtures/directories/edge-council.yaml).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { fileDirectoryFromText, loadFileDirectory } from '../../src/adapters/directory/file-directory.ts';
import { councilAdminIds, resolveRoster } from '../../src/app/resolve-roster.ts';
import { ProtocolSchema, type Protocol } from '../../src/core/protocol/protocol-schema.ts';
import type { DisputeCommand } from '../../src/core/dispute/dispute-commands.ts';
import { notificationsFor } from '../../src/core/dispute/notifications.ts';
import {
  chair,
  councilRoster,
  holder,
  person,
  protocolById,
  raiseCommand,
  refusalOf,
  run,
  step,
  SYSTEM,
} from './support/dispute-fixtures.ts';

const edge = loadFileDirectory(
  fileURLToPath(new URL('../fixtures/directories/edge-council.yaml', import.meta.url)),
);
const G = protocolById('gloucestershire');
const L = protocolById('liquidlogic-four-stage');
const B = protocolById('bradford');

/** A built-in protocol with one role changed, validated as a council's own file would be. */
function withRole(p: Protocol, role: string, change: Record<string, unknown>): Protocol {
  return ProtocolSchema.parse({ ...p, roles: { ...p.roles, [role]: { ...p.roles[role], ...change } } });
}

describe('SEEDS.md "Who answers": nobody answers a dispute they raised', () => {
  it('a chair who is the social worker’s team manager is replaced by the next person up her line, with the reason', async () => {
    const { roster, notes } = await resolveRoster(G, edge, {
      raiserId: 'chair-tess',
      socialWorkerId: 'sw-north',
    });
    expect(roster.teamManager).toEqual(['sm-north']);
    expect(roster.chair).toEqual(['chair-tess']);
    expect(notes).toContainEqual({
      personId: 'sm-north',
      reason:
        "Tess Twofold raised this dispute and is its Team Manager, so Sam North, next up Tess Twofold's line, answers instead.",
    });
  });

  it('derived roles are still found from the real line: the head of service is not skipped', async () => {
    const { roster } = await resolveRoster(G, edge, { raiserId: 'chair-tess', socialWorkerId: 'sw-north' });
    expect(roster.headOfService).toEqual(['hos-north']);
  });

  it('nobody above her: the protocol’s stand-in post answers where it names one', async () => {
    const withStandIn = withRole(G, 'teamManager', { standInPost: 'cp-service-manager' });
    const { roster, notes } = await resolveRoster(withStandIn, edge, {
      raiserId: 'chair-lou',
      socialWorkerId: 'sw-lone',
    });
    expect(roster.teamManager).toEqual(['cpc-tm']);
    expect(notes.find((n) => n.personId === 'cpc-tm')?.reason).toMatch(
      /stand-in post \(cp-service-manager\)/,
    );
  });

  it('nobody above her and no stand-in post: the core refuses to send the stage to her (bad input, 422)', async () => {
    const { roster } = await resolveRoster(G, edge, { raiserId: 'chair-lou', socialWorkerId: 'sw-lone' });
    expect(roster.teamManager).toEqual(['chair-lou']);
    const lou = person('chair-lou', ['cp-chair']);
    const refusal = refusalOf(
      G,
      { state: run(G, []).state, events: [] },
      step(
        raiseCommand({
          socialWorkerId: 'sw-lone',
          roster,
          startStageId: 'stage-1',
          reason: 'Straight to the TM.',
        }),
        lou,
        '2026-11-23T10:00:00Z',
      ),
    );
    expect(refusal.code).toBe('role-unfilled');
    expect(refusal.message).toMatch(/You raised this dispute and you are the only Team Manager for it/);
  });

  it('the dissent flow (seed 003): a Service Manager for Safeguarding & QA dissenting is not asked to review their own dissent', async () => {
    const dissent = protocolById('calderdale-conference-dissent');
    const { roster } = await resolveRoster(dissent, edge, { raiserId: 'sqa-sid' });
    expect(roster.safeguardingQaServiceManager).toEqual(['hos-sg']);
  });

  it('the concern-about-chair flow (seeds 000, 002): the Child Protection Service Manager raising it goes up their line', async () => {
    const concern = protocolById('concern-about-chair');
    const { roster } = await resolveRoster(concern, edge, { raiserId: 'cpc-tm' });
    expect(roster.cpServiceManager).toEqual(['srm-rae']);
  });

  it('a chair who holds no role on the dispute changes nothing', async () => {
    const { roster, notes } = await resolveRoster(G, edge, {
      raiserId: 'chair-cara',
      socialWorkerId: 'sw-north',
    });
    expect(roster.teamManager).toEqual(['chair-tess']);
    expect(notes).toEqual([]);
  });
});

describe('SEEDS.md "Who answers": a shared mailbox is told or copied, never asked to act', () => {
  it('a post held by a person and a mailbox: the person acts, the mailbox is copied at the stage', async () => {
    const { roster, notes } = await resolveRoster(B, edge, {
      raiserId: 'chair-cara',
      socialWorkerId: 'sw-south',
    });
    expect(roster.partnershipManager).toEqual(['bm-nell']);
    expect(notes).toContainEqual(
      expect.objectContaining({ personId: 'board-mailbox', copyForRole: 'partnershipManager' }),
    );
    const opened = run(B, [
      step(
        raiseCommand({
          socialWorkerId: 'sw-south',
          roster,
          rosterNotes: notes,
          immediateRisk: true,
          startStageId: 'partnership',
          reason: 'Immediate risk.',
        }),
        chair,
        '2026-11-23T10:00:00Z',
      ),
    ]).state.stage!;
    expect(opened.respondentIds).toEqual(['bm-nell']);
    expect(opened.copiedIds).toContain('board-mailbox');
  });

  it('a post only a mailbox holds cannot be asked to act: the role is unfilled, and the administrator is told why', async () => {
    const onlyMailbox = fileDirectoryFromText(
      stringify({
        council: 'Mailshire',
        tenantId: '00000000-0000-4000-8000-00000000a11c',
        people: [
          {
            id: 'inbox',
            name: 'Partnership inbox',
            email: 'inbox@mailshire.example',
            aadObjectId: '00000000-0000-4000-8000-000000000001',
            jobTitle: 'Partnership Board Manager (shared mailbox)',
            posts: ['partnership-board-manager'],
            mailbox: true,
          },
        ],
      }),
      'mailshire.yaml',
    );
    const { roster, unfilled } = await resolveRoster(B, onlyMailbox, { raiserId: 'x', socialWorkerId: null });
    expect(roster.partnershipManager).toEqual([]);
    expect(unfilled.find((u) => u.role === 'partnershipManager')?.why).toMatch(
      /only the shared mailbox Partnership inbox \(inbox\) holds it; a shared mailbox is copied, never asked to act/,
    );
  });
});

describe('seed 004 stage 3 and seed 001 stage 3: a jointly agreed response', () => {
  const atStage3 = () =>
    run(L, [
      step(
        raiseCommand({ startStageId: 'stage-3', immediateRisk: true, reason: 'Immediate risk.' }),
        chair,
        '2026-11-23T10:00:00Z',
      ),
    ]);
  const respond: DisputeCommand = { type: 'respond', outcome: 'actions-agreed', text: 'Agreed with CPRU.' };
  const missed: DisputeCommand = { type: 'deadline-missed', stageId: 'stage-3', roster: councilRoster() };

  it('seed 001: one Head of Service answering is not the stage answered; the deadline is still missed', () => {
    const one = run(L, [step(respond, holder('headOfService'), '2026-11-24T10:00:00Z')], atStage3());
    const late = new Date(Date.parse(one.state.stage!.dueAt) + 60_000).toISOString();
    const after = run(L, [step(missed, SYSTEM, late)], one);
    expect(after.events.at(-1)?.type).toBe('DeadlineMissed');
  });

  it('seed 001: once the other co-signs, the stage is answered in time', () => {
    const both = run(
      L,
      [
        step(respond, holder('headOfService'), '2026-11-24T10:00:00Z'),
        step(
          { type: 'co-sign', responseBy: 'hos-1' },
          holder('headOfServiceSafeguarding'),
          '2026-11-24T11:00:00Z',
        ),
      ],
      atStage3(),
    );
    const late = new Date(Date.parse(both.state.stage!.dueAt) + 60_000).toISOString();
    expect(refusalOf(L, both, step(missed, SYSTEM, late)).message).toMatch(/was answered in time/);
  });
});

describe('issue 12 item 4: an automatic step refused is never silent', () => {
  const bradfordStage1Missed = () =>
    run(B, [
      step(raiseCommand(), chair, '2026-11-23T10:00:00Z'),
      step(
        { type: 'deadline-missed', stageId: 'stage-1', roster: councilRoster() },
        SYSTEM,
        '2026-12-01T08:00:00Z',
      ),
    ]);

  it('no decision in time and nobody in the next role: recorded, the chair and the admins told; retried the next working day', () => {
    const waiting = bradfordStage1Missed();
    expect(waiting.state.stage!.awaitingChairDecision!.autoEscalateOn).toBe('2026-12-03');
    const vacant = councilRoster({ serviceManager: [] });
    const refused = run(
      B,
      [
        step(
          { type: 'chair-decision-overdue', stageId: 'stage-1', roster: vacant, adminIds: ['admin-1'] },
          SYSTEM,
          '2026-12-04T08:00:00Z',
        ),
      ],
      waiting,
    );
    expect(refused.events.at(-1)).toMatchObject({
      type: 'AutomaticStepRefused',
      toStageId: 'stage-2',
      alertedIds: ['chair-1', 'admin-1'],
    });
    expect(refused.state.stage?.id).toBe('stage-1');
    // The same day: nothing more. The next working day, with the post filled: the step is taken.
    const retry = (roster = vacant): DisputeCommand => ({
      type: 'retry-refused-step',
      stageId: 'stage-1',
      roster,
    });
    expect(refusalOf(B, refused, step(retry(), SYSTEM, '2026-12-04T10:00:00Z')).code).toBe(
      'no-longer-applies',
    );
    const fixed = run(B, [step(retry(councilRoster()), SYSTEM, '2026-12-07T09:00:00Z')], refused);
    expect(fixed.state.stage?.id).toBe('stage-2');
    expect(fixed.state.stage?.stepRefused ?? null).toBeNull();
  });

  it('seed 001: a social work team member (no chair post) may start a dispute', () => {
    const tm = person('tm-1');
    const r = run(L, [step(raiseCommand(), tm, '2026-11-23T10:00:00Z')]);
    expect(r.state.raiserId).toBe('tm-1');
  });

  it('the council’s admins are the holders of the oversight posts (never a mailbox)', async () => {
    expect((await councilAdminIds(edge)).sort()).toEqual(['cpc-tm', 'hos-sg']);
  });
});

describe('seed 000: Bradford’s concern about a CPC runs its own steps', () => {
  const BC = protocolById('bradford-concern-about-chair');
  const demo = loadFileDirectory(demoDirectoryPath);

  it('"discussed with their team manager", then "shared with the CPC team manager", then "raised by a service manager"', async () => {
    expect(BC.stages.map((s) => s.respondentRoles)).toEqual([
      ['teamManager'],
      ['cpcTeamManager'],
      ['serviceManager'],
    ]);
    expect(BC.stages.every((s) => s.recording.childFile === 'none')).toBe(true);
    const { roster } = await resolveRoster(BC, demo, { raiserId: 'sw-gus' });
    expect([roster.teamManager, roster.cpcTeamManager, roster.serviceManager]).toEqual([
      ['tm-emeka'],
      ['tm-hana'],
      ['sm-kwame'],
    ]);
  });

  it('those raising it name no colleague as "the social worker"', async () => {
    const { roster } = await resolveRoster(BC, demo, { raiserId: 'sw-gus' });
    const gus = person('sw-gus');
    const r = run(BC, [step(raiseCommand({ socialWorkerId: '', roster }), gus, '2026-11-23T10:00:00Z')]);
    expect(r.state.stage?.respondentIds).toEqual(['tm-emeka']);
    // A practice dispute still needs its social worker.
    expect(
      refusalOf(G, run(G, []), step(raiseCommand({ socialWorkerId: '' }), chair, '2026-11-23T10:00:00Z'))
        .field,
    ).toBe('socialWorkerId');
  });
});

describe('seed 002: a concern about a chair is raised "within 5 working days of the Conference"', () => {
  const GC = protocolById('concern-about-chair');
  const prof = person('prof-1');

  it('on the fifth working day after the conference it is accepted', () => {
    // Conference Mon 16 Nov 2026: the fifth working day after it is Mon 23 Nov.
    const r = run(GC, [step(raiseCommand({ conferenceDate: '2026-11-16' }), prof, '2026-11-23T16:00:00Z')]);
    expect(r.state.status).toBe('open');
  });

  it('the day after is refused, naming the last day and what to do instead (400, conferenceDate)', () => {
    const refusal = refusalOf(
      GC,
      run(GC, []),
      step(raiseCommand({ conferenceDate: '2026-11-16' }), prof, '2026-11-24T10:00:00Z'),
    );
    expect(refusal).toMatchObject({ code: 'invalid', field: 'conferenceDate' });
    expect(refusal.message).toMatch(
      /within 5 working days of the conference: for a conference on 2026-11-16 that was up to 2026-11-23/,
    );
  });
});

describe('issue 12 item 4: more time past the overall cap is flagged to the chair (SEEDS.md "Two clocks")', () => {
  const atStage1 = () =>
    run(G, [
      step(
        raiseCommand({ startStageId: 'stage-1', reason: 'Straight to the team manager.' }),
        chair,
        '2026-11-23T10:00:00Z',
      ),
    ]);

  it('a respondent asking for more time past the cap: the chair is flagged', () => {
    const before = atStage1();
    const capOn = before.state.capOn!;
    const asked = run(
      G,
      [
        step(
          {
            type: 'respond',
            outcome: 'needs-more-time',
            text: 'After the holiday.',
            moreTimeUntil: '2027-01-05',
          },
          holder('teamManager'),
          '2026-11-24T10:00:00Z',
        ),
      ],
      before,
    );
    expect(capOn < '2027-01-05').toBe(true);
    const told = notificationsFor(before.state, asked.events.slice(-1), G);
    expect(told).toContainEqual(
      expect.objectContaining({ recipientId: 'chair-1', reason: 'extension-beyond-cap' }),
    );
  });

  it('the chair giving more time past the cap: recorded on the extension, and those copied are told', () => {
    const before = atStage1();
    const extended = run(
      G,
      [
        step(
          { type: 'extend', dueOn: '2027-01-05', reason: 'Agreed after the holiday.' },
          chair,
          '2026-11-24T10:00:00Z',
        ),
      ],
      before,
    );
    const event = extended.events.at(-1)!;
    expect(event).toMatchObject({ type: 'Extended', beyondCapOn: before.state.capOn });
    const told = notificationsFor(before.state, [event], G);
    expect(told).toContainEqual(
      expect.objectContaining({ recipientId: 'sw-1', reason: 'extension-beyond-cap' }),
    );
    // Within the cap: nothing flagged.
    const within = run(
      G,
      [step({ type: 'extend', dueOn: '2026-12-01', reason: 'A day more.' }, chair, '2026-11-24T10:00:00Z')],
      before,
    ).events.at(-1)!;
    expect(within).not.toHaveProperty('beyondCapOn');
  });
});

describe('seed 003 5.2: the Calderdale panel', () => {
  it('the Board manager who arranges and records the panel is the named post holder; the mailbox, the Independent Chair and the Service Manager for Safeguarding & QA hear of it', async () => {
    const C = protocolById('calderdale');
    const demo = loadFileDirectory(demoDirectoryPath);
    const { roster, notes } = await resolveRoster(C, demo, {
      raiserId: 'chair-amara',
      socialWorkerId: 'sw-ben',
    });
    const stage3 = run(C, [
      step(
        raiseCommand({
          socialWorkerId: 'sw-ben',
          roster,
          rosterNotes: notes,
          startStageId: 'stage-3',
          reason: 'Refer to the Board.',
          // Seed 003 6.11: the chair confirms consulting her line manager before referring.
          consulted: true,
        }),
        person('chair-amara', ['cp-chair']),
        '2026-11-23T10:00:00Z',
      ),
    ]).state.stage!;
    expect(stage3.respondentIds).toEqual(['pbm-leona']);
    expect(stage3.meeting?.chairId).toBe('pbm-leona');
    expect(stage3.copiedIds).toEqual(expect.arrayContaining(['nscp-mailbox', 'sm-victor']));
    expect(stage3.notifiedIds).toContain('ic-yusuf');
  });
});
