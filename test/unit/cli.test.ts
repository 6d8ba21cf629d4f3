// The admins' command line, run as they run it: `npx cp-disputes ...` from the project root.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';

const exec = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');

async function cli(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
  });
  return { code, stdout, stderr };
}

describe('cp-disputes due', () => {
  it('prints the due date, skipping Christmas Day and the Boxing Day substitute (England, 2026)', async () => {
    const r = await cli('due', '--start', '2026-12-24', '--days', '3');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('2026-12-31');
  });

  // Reworked for SEEDS.md "Working days": due at close of business, 17:30 London by default.
  it('answers in JSON with the due date and the close-of-business instant in London time', async () => {
    const r = await cli('due', '--start', '2026-03-27', '--days', '1', '--json');
    const out = JSON.parse(r.stdout);
    expect(out.due).toBe('2026-03-30');
    expect(out.dueAt).toBe('2026-03-30T17:30:00.000+01:00');
    const own = JSON.parse(
      (await cli('due', '--start', '2026-03-27', '--days', '1', '--close-of-business', '17:00', '--json'))
        .stdout,
    );
    expect(own.dueAt).toBe('2026-03-30T17:00:00.000+01:00');
  });

  it("counts Scotland's St Andrew's Day substitute (Mon 1 Dec 2025) but not England's", async () => {
    const scot = JSON.parse(
      (await cli('due', '--start', '2025-11-28', '--days', '1', '--nation', 'scotland', '--json')).stdout,
    );
    const eng = JSON.parse((await cli('due', '--start', '2025-11-28', '--days', '1', '--json')).stdout);
    expect(scot.due).toBe('2025-12-02');
    expect(eng.due).toBe('2025-12-01');
  });

  it.each([
    [['due', '--start', '2026-02-30', '--days', '2'], /--start must be a real date/],
    [['due', '--start', '2026-02-03'], /--days N is required/],
    [['due', '--start', '2026-02-03', '--days', 'five'], /--days must be a whole number/],
    [['due', '--start', '2026-02-03', '--days', '2', '--nation', 'wales'], /--nation must be one of/],
    [['due', '--start', '2026-02-03', '--days', '2', '--colour'], /Unknown option/],
    [['preview', '--protocol', 'nowhere', '--start', '2026-02-03'], /unknown protocol "nowhere"/],
    [['frobnicate'], /unknown command/],
    [[], /no command given/],
  ])('refuses %j with a one-line error and exit code 2', async (args, message) => {
    const r = await cli(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('cp-disputes preview', () => {
  it('warns that Gloucestershire cannot fit six four-day stages in its 20-day cap (seed 002)', async () => {
    const out = JSON.parse(
      (await cli('preview', '--protocol', 'gloucestershire', '--start', '2026-11-23', '--json')).stdout,
    );
    expect(out.stages.map((s: { id: string }) => s.id)).toEqual([
      'informal',
      'stage-1',
      'stage-2',
      'stage-3',
      'stage-4',
      'stage-5',
      'stage-6',
    ]);
    // Reworked for close of business and the chair's decision window (worked by hand in
    // test/unit/decide.test.ts, "the escalation preview"): if nobody acts, stage 1 is sent at 17:30
    // on Fri 27 Nov when the chair's 2-day window after the informal deadline closes.
    expect(out.stages[0]).toMatchObject({
      opens: '2026-11-23',
      due: '2026-11-25',
      chairDecisionUntil: '2026-11-27',
    });
    expect(out.stages[1]).toMatchObject({
      opens: '2026-11-27',
      opensAt: '2026-11-27T17:30:00.000+00:00',
      due: '2026-12-03',
      dueAt: '2026-12-03T17:30:00.000+00:00',
    });
    expect(out.stages[6]).toMatchObject({ opens: '2027-01-13', due: '2027-01-19' });
    expect(out.cap).toBe('2026-12-29');
    expect(out.closeOfBusiness).toBe('17:30');
    expect(out.warnings[0]).toMatch(
      /Six stages of four working days \(24 in all\) cannot fit inside the 20-working-day/,
    );
  });

  it.each(['bradford', 'liquidlogic-four-stage', 'gloucestershire', 'calderdale'])(
    'answers for %s: every stage opens the day the one before fell due or, where the chair decides, the day her window closes',
    async (id) => {
      const out = JSON.parse(
        (await cli('preview', '--protocol', id, '--start', '2026-11-23', '--json')).stdout,
      );
      expect(out.stages.length).toBeGreaterThan(1);
      expect(out.stages[0].opens).toBe('2026-11-23');
      for (let i = 1; i < out.stages.length; i++)
        expect(out.stages[i].opens).toBe(out.stages[i - 1].chairDecisionUntil ?? out.stages[i - 1].due);
    },
  );
});

describe('cp-disputes protocols', () => {
  it('lists the built-in protocols', async () => {
    const r = await cli('protocols', 'list', '--json');
    const ids = JSON.parse(r.stdout).map((p: { id: string }) => p.id);
    expect(ids).toEqual(
      expect.arrayContaining(['bradford', 'liquidlogic-four-stage', 'gloucestershire', 'calderdale']),
    );
  });

  it('refuses a bad council file naming the file, the path inside it and what is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cp-protocol-'));
    const file = join(dir, 'council.yaml');
    writeFileSync(file, 'id: Council One\nname: x\n');
    const r = await cli('protocols', 'check', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${file}: id: must be lower-case letters`);
  });

  it('accepts a built-in protocol file', async () => {
    const r = await cli('protocols', 'check', join(root, 'src/protocols/calderdale.yaml'));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/OK/);
  });
});

// Each of these starts npx, node and tsx, which compiles the CLI's modules from cold in a fresh
// clone: on a loaded two-core CI machine that alone has taken over 20 s, so they get a minute.
describe('the installed command', { timeout: 60_000 }, () => {
  it('runs as `npx cp-disputes` from the project root', async () => {
    const { stdout } = await exec(
      'npx',
      ['--no-install', 'cp-disputes', 'due', '--start', '2023-05-05', '--days', '1'],
      {
        cwd: root,
      },
    );
    // Monday 8 May 2023 was the coronation bank holiday.
    expect(stdout.trim()).toBe('2023-05-09');
  });

  it('exits 2 on bad arguments', async () => {
    const err = await exec('npx', ['--no-install', 'cp-disputes', 'due'], { cwd: root }).catch((e) => e);
    expect(err.code).toBe(2);
  });
});
