// The built-in protocols against their seeds: each test names the seed whose rule it checks, in the terms a
// chair would notice. Then the refusal of bad protocol files, which must name the file, the place and the fault.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  builtinProtocols,
  loadProtocolFile,
  ProtocolFileError,
} from '../../src/protocols/builtin-protocols.ts';
import type { FileProblem } from '../../src/core/admin-file/parse-admin-file.ts';
import { describeProblem, parseProtocol } from '../../src/core/protocol/parse-protocol.ts';
import type { Protocol, ProtocolInput, Stage } from '../../src/core/protocol/protocol-schema.ts';
import {
  copiedRoles,
  firstFormalStage,
  nextStage,
  stageById,
  stageMaxWorkingDays,
  stageWorkingDays,
} from '../../src/core/protocol/stage-queries.ts';

function protocol(id: string): Protocol {
  const found = builtinProtocols().find((p) => p.id === id);
  if (!found) throw new Error(`no built-in protocol ${id}`);
  return found;
}

function stage(p: Protocol, stageId: string): Stage {
  const found = stageById(p, stageId);
  if (!found) throw new Error(`${p.id} has no stage ${stageId}`);
  return found;
}

/** Every `{ fromSource, note }` in a protocol, with where it is. */
function sources(value: unknown, path = ''): { path: string; fromSource: boolean; note: unknown }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sources(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const here =
    typeof record.fromSource === 'boolean'
      ? [{ path, fromSource: record.fromSource, note: record.note }]
      : [];
  return [...here, ...Object.entries(record).flatMap(([k, v]) => sources(v, path ? `${path}.${k}` : k))];
}

describe('built-in protocols', () => {
  it('are exactly the six seed-derived protocols', () => {
    expect(
      builtinProtocols()
        .map((p) => p.id)
        .sort(),
    ).toEqual([
      'bradford',
      'bradford-concern-about-chair',
      'calderdale',
      'calderdale-conference-dissent',
      'concern-about-chair',
      'gloucestershire',
      'liquidlogic-four-stage',
    ]);
  });

  it.each(builtinProtocols().map((p) => [p.id, p] as const))(
    '%s: every value not in the source document says why',
    (_id, p) => {
      const defaults = sources(p).filter((s) => !s.fromSource);
      for (const d of defaults) {
        expect(typeof d.note, d.path).toBe('string');
        expect((d.note as string).length, d.path).toBeGreaterThan(20);
      }
    },
  );

  it.each(builtinProtocols().map((p) => [p.id, p] as const))(
    '%s: a missed deadline on the last stage goes to the chair; elsewhere nothing drifts',
    (_id, p) => {
      const last = p.stages.at(-1)!;
      expect(last.onDeadline).toMatchObject({ action: 'ask-chair' });
      expect(last.onDeadline.action === 'ask-chair' && last.onDeadline.autoEscalateAfterWorkingDays).toBe(
        undefined,
      );
      for (const s of p.stages.slice(0, -1)) {
        if (s.onDeadline.action === 'ask-chair')
          expect(s.onDeadline.autoEscalateAfterWorkingDays, s.id).toBe(2);
      }
    },
  );

  it.each(builtinProtocols().map((p) => [p.id, p] as const))(
    '%s: every stage says what it asks',
    (_id, p) => {
      for (const s of p.stages) expect(s.asks.length, s.id).toBeGreaterThan(20);
    },
  );
});

describe('seed 000 (Bradford)', () => {
  const bradford = protocol('bradford');

  it('seed 000 (Bradford): the DRP starts at Stage 1, raised by a CPC', () => {
    expect(firstFormalStage(bradford)?.id).toBe('stage-1');
    expect(bradford.stages.every((s) => s.formal)).toBe(true);
    expect(bradford.raisedBy).toEqual({ role: 'chair', requiredPosts: ['cp-chair'] });
  });

  it('seed 000 (Bradford): the team manager answers stage 1 within 5 working days, the SW is sent it too', () => {
    const s1 = stage(bradford, 'stage-1');
    expect(s1.respondentRoles).toEqual(['teamManager']);
    expect(copiedRoles(bradford, s1)).toContain('socialWorker');
    expect(stageWorkingDays(s1)).toBe(5);
    expect(s1.responseTime.source.fromSource).toBe(true);
  });

  it('seed 000: stage 2 meeting is chaired by the CPC team manager', () => {
    const s2 = stage(bradford, 'stage-2');
    expect(s2.respondentRoles).toEqual(['serviceManager']);
    expect(s2.meeting.need).toBe('required');
    expect(s2.meeting.chairRole).toBe('chairManager');
    expect(bradford.roles.chairManager?.resolve).toEqual({ kind: 'manager-of', of: 'chair' });
    expect(s2.meeting.attendeeRoles).toEqual(
      expect.arrayContaining(['chair', 'serviceManager', 'teamManager']),
    );
    expect(copiedRoles(bradford, s2)).toEqual(expect.arrayContaining(['socialWorker', 'teamManager']));
  });

  it('seed 000: stage 2 has no timescale in the seed, so its 5 working days are marked as a default', () => {
    expect(stage(bradford, 'stage-2').responseTime.source.fromSource).toBe(false);
  });

  it('seed 000: the locality HoS confirms the stage 3 meeting date within 5 working days', () => {
    const s3 = stage(bradford, 'stage-3');
    expect(s3.respondentRoles).toEqual(['headOfService']);
    expect(stageWorkingDays(s3)).toBe(5);
    expect(s3.responseTime.source.fromSource).toBe(true);
    expect(s3.meeting.chairRole).toBe('safeguardingReviewingServiceManager');
    expect(bradford.roles.safeguardingReviewingServiceManager?.resolve).toEqual({
      kind: 'fixed-post',
      post: 'safeguarding-reviewing-service-manager',
    });
    expect(copiedRoles(bradford, s3)).toEqual(
      expect.arrayContaining(['serviceManager', 'socialWorker', 'teamManager']),
    );
  });

  it('seed 000: case notes carry the LCS names "CP Dispute Resolution Stage 1/2/3"', () => {
    expect(
      ['stage-1', 'stage-2', 'stage-3'].map((id) => stage(bradford, id).recording.caseNoteTitle),
    ).toEqual([
      'CP Dispute Resolution Stage 1',
      'CP Dispute Resolution Stage 2',
      'CP Dispute Resolution Stage 3',
    ]);
    expect(bradford.stages.every((s) => s.recording.childFile === 'case-note')).toBe(true);
  });

  it('seed 000: after the Head of Service, the Deputy Director, then the Safeguarding Partnership mailbox', () => {
    const dd = stage(bradford, 'deputy-director');
    expect(nextStage(bradford, 'stage-3')?.id).toBe('deputy-director');
    // "the HoS for Safeguarding and Reviewing should be advised for this to be discussed with the Deputy
    // Director": the chair advises the Head of Service, who takes it to the Deputy Director.
    expect(dd.respondentRoles).toEqual(['headOfServiceSafeguarding']);
    expect(dd.notifyRoles).toEqual(['deputyDirector']);
    const bscp = stage(bradford, 'partnership');
    expect(nextStage(bradford, 'deputy-director')?.id).toBe('partnership');
    expect(bscp.respondentRoles).toEqual(['partnershipManager']);
    expect(bradford.roles.partnershipManager?.mailbox).toBe(true);
    expect(bscp.notifyRoles).toEqual(
      expect.arrayContaining(['headOfServiceSafeguarding', 'assistantDirector']),
    );
  });

  it('seed 000: the CPC decides at every missed deadline', () => {
    expect(bradford.stages.every((s) => s.onDeadline.action === 'ask-chair')).toBe(true);
  });

  it('seed 000: stages may be skipped only on immediate risk of significant harm', () => {
    expect(bradford.bypass).toMatchObject({
      anyStage: false,
      onImmediateRisk: true,
      alwaysAllowedStageIds: [],
    });
    expect(bradford.cap).toBeUndefined();
    expect(bradford.recurrence).toBeUndefined();
  });

  it("seed 000: concerns about a chair never go on the child's file", () => {
    const concern = protocol('concern-about-chair');
    expect(concern.flow).toBe('concern-about-chair');
    expect(concern.stages.every((s) => s.recording.childFile === 'none')).toBe(true);
    expect(stage(concern, 'stage-1').recording.source.fromSource).toBe(true);
  });
});

describe('seed 001 (Liquidlogic four-stage)', () => {
  const ll = protocol('liquidlogic-four-stage');

  it('seed 001: informal resolution alerts the social worker and team manager through its case note', () => {
    const informal = stage(ll, 'informal');
    expect(informal.formal).toBe(false);
    expect(informal.respondentRoles).toEqual(['socialWorker']);
    expect(informal.notifyRoles).toEqual(['teamManager']);
    expect(informal.recording.caseNoteTitle).toBe(
      'Case note, Record sheet entry- IRO CP, informal resolution',
    );
    expect(informal.responseTime.source.fromSource).toBe(false);
  });

  it('seed 001: the team manager responds in the stage 1 form within 5 working days', () => {
    const s1 = stage(ll, 'stage-1');
    expect(s1.respondentRoles).toEqual(['teamManager']);
    expect(stageWorkingDays(s1)).toBe(5);
    expect(s1.meeting.need).toBe('optional');
  });

  it('seed 001: stage 2 is a meeting chaired by a Service Manager, including the Team Manager, in 5 working days', () => {
    const s2 = stage(ll, 'stage-2');
    expect(s2.respondentRoles).toEqual(['serviceManager']);
    expect(stageWorkingDays(s2)).toBe(5);
    expect(s2.meeting).toMatchObject({ need: 'required', chairRole: 'serviceManager' });
    expect(s2.meeting.attendeeRoles).toContain('teamManager');
  });

  it('seed 001: stage 3 goes to two Heads of Service', () => {
    const s3 = stage(ll, 'stage-3');
    expect(s3.respondentRoles).toEqual(['headOfService', 'headOfServiceSafeguarding']);
    expect(ll.roles.headOfService?.resolve).toMatchObject({ kind: 'up-the-line', tier: 'head-of-service' });
    expect(ll.roles.headOfServiceSafeguarding?.resolve).toMatchObject({ kind: 'fixed-post' });
    expect(s3.meeting.need).toBe('required');
  });

  it('seed 001: a Service Director meeting comes before the Safeguarding Children Partnership', () => {
    const s4 = stage(ll, 'stage-4');
    expect(s4.respondentRoles).toEqual(['serviceDirector']);
    expect(s4.meeting.need).toBe('required');
    expect(nextStage(ll, 'stage-4')?.respondentRoles).toEqual(['partnershipManager']);
    expect(ll.roles.partnershipManager?.mailbox).toBe(true);
  });

  it('seed 001: stages without a timescale in the seed are marked as defaults', () => {
    for (const id of ['informal', 'stage-3', 'stage-4', 'partnership'])
      expect(stage(ll, id).responseTime.source.fromSource, id).toBe(false);
    for (const id of ['stage-1', 'stage-2'])
      expect(stage(ll, id).responseTime.source.fromSource, id).toBe(true);
  });

  it("seed 001: the chair progresses each stage ('progress to CP- resolution process stage N')", () => {
    expect(ll.stages.every((s) => s.onDeadline.action === 'ask-chair')).toBe(true);
  });

  it("seed 001: each stage's summary goes on the child's Liquidlogic record under the seed's title", () => {
    expect(stage(ll, 'stage-2').recording.caseNoteTitle).toBe(
      'Case note-record sheet entry- IRO CP formal resolution stage 2- Service Manager',
    );
    expect(ll.stages.every((s) => s.recording.childFile === 'case-note')).toBe(true);
  });
});

describe('seeds 002 and 004 (Gloucestershire)', () => {
  const glos = protocol('gloucestershire');

  it('seed 002/004: TM copied on every formal stage, HoS Safeguarding from stage 3', () => {
    for (const s of glos.stages.filter((x) => x.formal))
      expect(copiedRoles(glos, s), s.id).toContain('teamManager');
    for (const id of ['stage-1', 'stage-2'])
      expect(copiedRoles(glos, stage(glos, id)), id).not.toContain('headOfServiceSafeguarding');
    for (const id of ['stage-3', 'stage-4', 'stage-5', 'stage-6'])
      expect(copiedRoles(glos, stage(glos, id)), id).toContain('headOfServiceSafeguarding');
    expect(copiedRoles(glos, stage(glos, 'informal'))).not.toContain('teamManager');
  });

  it('seed 002: formal process capped at 20 working days', () => {
    expect(glos.cap).toMatchObject({ workingDays: 20, countsFromStageId: 'stage-1' });
    const formalDays = glos.stages.filter((s) => s.formal).reduce((n, s) => n + stageMaxWorkingDays(s), 0);
    expect(formalDays).toBeGreaterThan(20);
  });

  it('seed 002: the social worker has two working days to respond informally, then 4 at each formal stage', () => {
    expect(stageWorkingDays(stage(glos, 'informal'))).toBe(2);
    for (const s of glos.stages.filter((x) => x.formal)) expect(stageWorkingDays(s), s.id).toBe(4);
  });

  it('seed 004: a similar unresolved concern starts at formal stage 1', () => {
    expect(glos.recurrence).toMatchObject({ startStageId: 'stage-1', similarity: 'same-theme' });
    expect(stage(glos, 'stage-1').formal).toBe(true);
  });

  it('seed 002: the chair may bypass any stage', () => {
    expect(glos.bypass.anyStage).toBe(true);
  });

  it('seed 004: the Chief Executive decides at stage 6', () => {
    const last = glos.stages.at(-1)!;
    expect(last.respondentRoles).toEqual(['chiefExecutive']);
    expect(last.respondentDecides).toBe(true);
  });

  it("seed 002: a concern about a chair goes to the CP Service Manager, then the professional's Head of Service", () => {
    const concern = protocol('concern-about-chair');
    expect(concern.raisedBy).toMatchObject({ role: 'professional', requiredPosts: [] });
    // "contact the Child Protection Service Manager within 5 working days of the Conference" (002).
    expect(concern.raisedBy.withinWorkingDaysOfConference?.workingDays).toBe(5);
    expect(stage(concern, 'stage-1').respondentRoles).toEqual(['cpServiceManager']);
    expect(concern.roles.cpServiceManager?.resolve).toEqual({
      kind: 'fixed-post',
      post: 'cp-service-manager',
    });
    expect(stage(concern, 'stage-2').respondentRoles).toEqual(['headOfService']);
    expect(concern.roles.headOfService?.resolve).toEqual({
      kind: 'up-the-line',
      of: 'professional',
      tier: 'head-of-service',
    });
  });
});

describe('seed 003 (Calderdale)', () => {
  const cald = protocol('calderdale');

  it('seed 003: informal deadline set by the chair, at most 10 working days', () => {
    const informal = stage(cald, 'informal');
    expect(informal.responseTime).toMatchObject({ kind: 'set-by-chair', maxWorkingDays: 10 });
    expect(stageMaxWorkingDays(informal)).toBe(10);
    expect(stageWorkingDays(informal, 3)).toBe(3);
    expect(informal.respondentRoles).toEqual(['socialWorker', 'teamManager']);
  });

  it("seed 003: formal PDRP starts after consulting the CPCC's line manager", () => {
    expect(stage(cald, 'informal').onDeadline).toMatchObject({
      action: 'ask-chair',
      consultRoles: ['chairManager'],
    });
    expect(cald.roles.chairManager?.resolve).toEqual({ kind: 'manager-of', of: 'chair' });
  });

  it('seed 003: a missed stage 1 deadline progresses to stage 2 by itself', () => {
    expect(stage(cald, 'stage-1').onDeadline.action).toBe('escalate');
    expect(nextStage(cald, 'stage-1')?.id).toBe('stage-2');
    expect(stage(cald, 'stage-2').onDeadline.action).toBe('escalate');
  });

  it('seed 003: each formal stage gives 5 working days and the whole formal process at most 15', () => {
    const formal = cald.stages.filter((s) => s.formal);
    expect(formal.map((s) => stageWorkingDays(s))).toEqual([5, 5, 5]);
    expect(cald.cap).toMatchObject({
      workingDays: 15,
      countsFromStageId: 'stage-1',
      alertRoles: ['chairManager'],
    });
  });

  it('seed 003: stage 2 may be a meeting between the CPCC, the professional and the manager', () => {
    const s2 = stage(cald, 'stage-2');
    expect(s2.respondentRoles).toEqual(['seniorManager']);
    expect(s2.meeting.need).toBe('optional');
    expect(s2.meeting.attendeeRoles).toEqual(expect.arrayContaining(['socialWorker', 'seniorManager']));
  });

  it('seed 003: the Board can be reached at any point', () => {
    expect(cald.bypass).toMatchObject({
      anyStage: false,
      onImmediateRisk: true,
      alwaysAllowedStageIds: ['stage-3'],
      consultRoles: ['chairManager'],
    });
    const s3 = stage(cald, 'stage-3');
    expect(s3.respondentRoles).toEqual(['boardManager']);
    expect(cald.roles.boardManager?.mailbox).toBe(true);
    expect(s3.notifyRoles).toEqual(['independentChair']);
  });

  it('seed 003: the panel outcome goes to the Service Manager for Safeguarding and QA', () => {
    const s3 = stage(cald, 'stage-3');
    expect(copiedRoles(cald, s3)).toContain('safeguardingQaServiceManager');
    expect(s3.meeting.need).toBe('required');
  });

  it("seed 003: the CPCC records every stage on the child's file", () => {
    for (const s of cald.stages)
      expect(s.recording, s.id).toMatchObject({ childFile: 'case-note', recordedByRole: 'chair' });
  });

  it('seed 003: dissent from a conference decision is reviewed by the Safeguarding and QA Service Manager in 5 working days', () => {
    const dissent = protocol('calderdale-conference-dissent');
    expect(dissent.flow).toBe('conference-dissent');
    expect(dissent.raisedBy).toEqual({ role: 'professional', requiredPosts: [] });
    const review = dissent.stages[0]!;
    expect(review.respondentRoles).toEqual(['safeguardingQaServiceManager']);
    expect(stageWorkingDays(review)).toBe(5);
    expect(review.responseTime.source.fromSource).toBe(true);
    expect(dissent.bypass.onImmediateRisk).toBe(true);
    expect(dissent.stages.at(-1)?.meeting.need).toBe('required');
  });

  it("seed 003: a conference dissent is kept off the child's file, marked as the product's choice", () => {
    const dissent = protocol('calderdale-conference-dissent');
    for (const s of dissent.stages) {
      expect(s.recording.childFile, s.id).toBe('none');
      expect(s.recording.source.fromSource, s.id).toBe(false);
    }
  });
});

/** A small valid protocol, to break one thing at a time. */
function minimal(): ProtocolInput {
  const source = { fromSource: true, note: 'quoted' };
  const stageInput = (id: string, respondent: string): ProtocolInput['stages'][number] => ({
    id,
    name: id,
    formal: true,
    asks: 'Respond to the concern.',
    respondentRoles: [respondent],
    responseTime: { kind: 'fixed', workingDays: 5, source },
    onDeadline: { action: 'ask-chair', autoEscalateAfterWorkingDays: 2, source },
    recording: { childFile: 'none', recordedByRole: 'chair', source },
  });
  const last = stageInput('stage-2', 'teamManager');
  last.onDeadline = { action: 'ask-chair', source };
  return {
    id: 'council',
    name: 'Council',
    council: 'Council',
    flow: 'practice-dispute',
    sources: [{ file: 'x.txt', title: 'x' }],
    processName: 'Dispute Resolution',
    nation: 'england-and-wales',
    raisedBy: { role: 'chair', requiredPosts: ['cp-chair'] },
    roles: {
      chair: { label: 'Chair', resolve: { kind: 'raiser' } },
      socialWorker: {
        label: 'Social Worker',
        resolve: { kind: 'named-on-dispute', field: 'socialWorkerId' },
      },
      teamManager: {
        label: 'Team Manager',
        resolve: { kind: 'up-the-line', of: 'socialWorker', tier: 'team-manager' },
      },
    },
    stages: [stageInput('stage-1', 'socialWorker'), last],
    bypass: { anyStage: false, onImmediateRisk: true, source },
  };
}

function problemsOf(input: unknown): FileProblem[] {
  const parsed = parseProtocol(typeof input === 'string' ? input : stringify(input), 'council.yaml');
  if (parsed.ok) throw new Error('expected the file to be refused');
  return parsed.problems;
}

describe('bad protocol files', () => {
  it('the minimal file used below is itself valid', () => {
    expect(parseProtocol(stringify(minimal()), 'council.yaml').ok).toBe(true);
  });

  it('invalid YAML is refused, naming the file', () => {
    const [problem, ...rest] = problemsOf('id: [bradford\nname: "unclosed');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 'council.yaml', path: '' });
    expect(problem?.message).toMatch(/^not valid YAML or JSON: /);
    expect(describeProblem(problem!)).toMatch(/^council\.yaml: not valid YAML/);
  });

  it('a stage naming an undeclared role is refused at that place', () => {
    const input = minimal();
    input.stages[1]!.respondentRoles = ['headOfService'];
    const problems = problemsOf(input);
    expect(problems).toEqual([
      {
        file: 'council.yaml',
        path: 'stages[1].respondentRoles[0]',
        message: 'names role "headOfService", which is not under roles',
      },
    ]);
    expect(describeProblem(problems[0]!)).toBe(
      'council.yaml: stages[1].respondentRoles[0]: names role "headOfService", which is not under roles',
    );
  });

  it.each([0, -3])('a working-day count of %i is refused', (days) => {
    const input = minimal();
    input.stages[0]!.responseTime = {
      kind: 'fixed',
      workingDays: days,
      source: { fromSource: true, note: 'x' },
    };
    const problems = problemsOf(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'council.yaml', path: 'stages[0].responseTime.workingDays' });
    expect(problems[0]?.message).toMatch(/>=\s*1/);
  });

  it('a last stage set to escalate is refused: there is nowhere to go', () => {
    const input = minimal();
    input.stages[1]!.onDeadline = { action: 'escalate', source: { fromSource: true, note: 'x' } };
    const problems = problemsOf(input);
    expect(problems).toEqual([
      expect.objectContaining({ file: 'council.yaml', path: 'stages[1].onDeadline.action' }),
    ]);
    expect(problems[0]?.message).toMatch(/last stage cannot escalate/);
  });

  it('an unknown key (a typo) is refused, naming the key', () => {
    const input = minimal() as unknown as { stages: Record<string, unknown>[] };
    input.stages[0]!.respondants = ['teamManager'];
    const problems = problemsOf(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'council.yaml', path: 'stages[0]' });
    expect(problems[0]?.message).toMatch(/respondants/);
  });

  it('loadProtocolFile names a missing file', () => {
    const missing = join(tmpdir(), 'cp-disputes-no-such-protocol.yaml');
    expect(() => loadProtocolFile(missing)).toThrow(ProtocolFileError);
    expect(() => loadProtocolFile(missing)).toThrow(`${missing}: cannot be read (ENOENT)`);
  });

  it('loadProtocolFile lists every problem of a bad file with its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-disputes-'));
    const file = join(dir, 'council.yaml');
    const input = minimal();
    input.stages[1]!.respondentRoles = ['headOfService'];
    input.stages[0]!.copyRoles = ['director'];
    writeFileSync(file, stringify(input));
    expect(() => loadProtocolFile(file)).toThrow(
      `${file}: stages[0].copyRoles[0]: names role "director", which is not under roles\n` +
        `${file}: stages[1].respondentRoles[0]: names role "headOfService", which is not under roles`,
    );
  });
});
