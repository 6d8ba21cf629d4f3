import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { demoDirectoryPath } from '../../src/adapters/directory/demo-directory.ts';
import { parseDirectoryText } from '../../src/adapters/directory/directory-file-schema.ts';
import { DirectoryFileError, loadFileDirectory } from '../../src/adapters/directory/file-directory.ts';

const TENANT = '00000000-0000-4000-8000-00000000a11c';
const demo = loadFileDirectory(demoDirectoryPath);

const dir = mkdtempSync(join(tmpdir(), 'cp-directory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
const aad = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const person = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Person ${id}`,
  email: `${id}@test.example`,
  aadObjectId: aad(++n),
  jobTitle: 'Social Worker',
  ...extra,
});
const fileWith = (people: unknown[], name = `d${++n}.yaml`) => {
  const path = join(dir, name);
  writeFileSync(path, stringify({ council: 'Testshire', tenantId: TENANT, people }));
  return path;
};

/** The problems a bad file is refused with, as `file: path: message` lines. */
function refusal(path: string): string[] {
  try {
    loadFileDirectory(path);
  } catch (e) {
    expect(e).toBeInstanceOf(DirectoryFileError);
    return (e as Error).message.split('\n');
  }
  throw new Error(`${path} was accepted`);
}

describe('the demo directory', () => {
  it('loads as a file directory of Northmoor Borough Council', async () => {
    expect(demo.kind).toBe('file');
    expect(demo.council).toBe('Northmoor Borough Council');
    expect(demo.tenantId).toBe(TENANT);
    const everyone = await demo.all();
    expect(everyone.length).toBeGreaterThanOrEqual(20);
    expect(everyone.map((p) => p.name)).toEqual(
      [...everyone.map((p) => p.name)].sort((a, b) => a.localeCompare(b, 'en-GB')),
    );
    for (const p of everyone) {
      expect(p.email).toMatch(/@northmoor\.example$/);
      expect(p.tenantId).toBe(TENANT);
    }
  });

  it('finds a person by id, with defaults filled in', async () => {
    const ben = await demo.byId('sw-ben');
    expect(ben).toMatchObject({
      name: 'Ben Harrowgate',
      jobTitle: 'Social Worker',
      managerId: 'tm-carla',
      tier: null,
      posts: [],
      mailbox: false,
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    });
    expect(await demo.byId('nobody')).toBeNull();
  });

  it('keeps a part-time worker’s own hours (Monday to Wednesday)', async () => {
    expect((await demo.byId('sw-fern'))?.workingHours).toEqual({
      days: [1, 2, 3],
      start: '09:00',
      end: '17:00',
    });
  });

  it('marks the partnership inbox as a mailbox; the board manager post is also held by a named person', async () => {
    const holders = await demo.holdersOfPost('partnership-board-manager');
    expect(holders.map((p) => [p.id, p.mailbox]).sort()).toEqual([
      ['nscp-mailbox', true],
      ['pbm-leona', false],
    ]);
  });

  it('byAadObjectId needs the right tenant', async () => {
    const ben = (await demo.byId('sw-ben'))!;
    expect((await demo.byAadObjectId(TENANT, ben.aadObjectId))?.id).toBe('sw-ben');
    expect((await demo.byAadObjectId(TENANT.toUpperCase(), ben.aadObjectId.toUpperCase()))?.id).toBe(
      'sw-ben',
    );
    expect(await demo.byAadObjectId('11111111-1111-4111-8111-111111111111', ben.aadObjectId)).toBeNull();
    expect(await demo.byAadObjectId(TENANT, '11111111-1111-4111-8111-111111111111')).toBeNull();
  });

  it('lists the holders of a post', async () => {
    expect((await demo.holdersOfPost('cp-chair')).map((p) => p.id)).toEqual([
      'chair-amara',
      'chair-idris',
      'chair-jun',
    ]);
    expect(await demo.holdersOfPost('no-such-post')).toEqual([]);
  });

  it('gives the line manager chain, nearest first', async () => {
    expect((await demo.managerChain('sw-ben')).map((p) => p.id)).toEqual([
      'tm-carla',
      'sm-lena',
      'hos-nadia',
      'sd-morag',
      'ad-rafael',
      'dd-priya',
      'dcs-olu',
      'ceo-miriam',
    ]);
    expect(await demo.managerChain('ceo-miriam')).toEqual([]);
    expect(await demo.managerChain('nobody')).toEqual([]);
  });

  it('returns people nobody can change', async () => {
    const ben = (await demo.byId('sw-ben'))!;
    expect(() => {
      (ben as { name: string }).name = 'Someone else';
    }).toThrow();
    expect(() => ben.posts.push('cp-chair')).toThrow();
  });
});

describe('search', () => {
  it('matches name, email and job title, case-insensitively, sorted by name', async () => {
    expect((await demo.search({ q: 'SOCIAL WORKER' })).map((p) => p.id)).toEqual([
      'sw-ben',
      'sw-dana',
      'sw-fern',
      'sw-gus',
    ]);
    expect((await demo.search({ q: 'conference chair' })).map((p) => p.id)).toEqual([
      'chair-amara',
      'chair-idris',
      'chair-jun',
    ]);
    expect((await demo.search({ q: 'fern.oak' })).map((p) => p.id)).toEqual(['sw-fern']);
    expect((await demo.search({ q: 'harrow' })).map((p) => p.id)).toEqual(['sw-ben']);
  });

  it('needs every word to match somewhere', async () => {
    expect((await demo.search({ q: 'team manager south' })).map((p) => p.id)).toEqual(['tm-emeka']);
    expect(await demo.search({ q: 'zebra' })).toEqual([]);
  });

  it('limits the results, and lists everyone for an empty query', async () => {
    expect(await demo.search({ q: 'northmoor', limit: 3 })).toHaveLength(3);
    const all = await demo.all();
    expect(await demo.search({ limit: 100 })).toEqual(all);
    expect((await demo.search({})).length).toBe(Math.min(25, all.length));
  });
});

describe('a directory file', () => {
  it('may be JSON', async () => {
    const path = join(dir, 'people.json');
    writeFileSync(
      path,
      JSON.stringify({
        council: 'Testshire',
        tenantId: TENANT,
        people: [person('a'), person('b', { managerId: 'a' })],
      }),
    );
    const d = loadFileDirectory(path);
    expect((await d.managerChain('b')).map((p) => p.id)).toEqual(['a']);
  });

  it('refuses a duplicate id with file, path and message', () => {
    const path = fileWith([person('a'), person('b'), person('a', { email: 'other@test.example' })]);
    expect(refusal(path)).toContain(`${path}: people[2].id: id "a" is already used by people[0] (Person a)`);
  });

  it('refuses duplicate emails (whatever their case) and object ids', () => {
    const a = person('a');
    const path = fileWith([
      a,
      person('b', { email: 'A@TEST.example', aadObjectId: a.aadObjectId.toUpperCase() }),
    ]);
    const lines = refusal(path);
    expect(lines).toContain(
      `${path}: people[1].email: email "A@TEST.example" is already used by people[0] (Person a)`,
    );
    expect(lines.some((l) => l.startsWith(`${path}: people[1].aadObjectId: aadObjectId`))).toBe(true);
  });

  it('refuses a manager who is not in the file', () => {
    const path = fileWith([person('a'), person('b'), person('c'), person('d', { managerId: 'ghost' })]);
    expect(refusal(path)).toEqual([
      `${path}: people[3].managerId: names manager "ghost", who is not under people`,
    ]);
  });

  it('refuses a management cycle, once', () => {
    const path = fileWith([
      person('top'),
      person('a', { managerId: 'c' }),
      person('b', { managerId: 'a' }),
      person('c', { managerId: 'b' }),
      person('d', { managerId: 'a' }),
    ]);
    expect(refusal(path)).toEqual([
      `${path}: people[1].managerId: management cycle: a → c → b → a (nobody's line may lead back to themselves)`,
    ]);
    const self = fileWith([person('me', { managerId: 'me' })]);
    expect(refusal(self)).toEqual([`${self}: people[0].managerId: me is their own manager`]);
  });

  it('refuses a bad email, and reports every problem at once', () => {
    const path = fileWith([person('a', { email: 'not-an-email' }), person('b', { managerId: 'ghost' })]);
    expect(refusal(path)).toEqual([
      `${path}: people[0].email: must be an email address`,
      `${path}: people[1].managerId: names manager "ghost", who is not under people`,
    ]);
  });

  it('refuses bad working hours, tiers and unknown fields', () => {
    const path = fileWith([
      person('a', { workingHours: { days: [1, 8], start: '17:00', end: '09:00' } }),
      person('b', { tier: 'Team Manager', posts: ['cp-chair', 'cp-chair'] }),
      person('c', { role: 'chair' }),
    ]);
    const lines = refusal(path);
    expect(lines).toContain(`${path}: people[0].workingHours.days[1]: must be 1 (Monday) to 7 (Sunday)`);
    expect(lines.some((l) => l.startsWith(`${path}: people[1].tier: must be lower-case`))).toBe(true);
    expect(lines).toContain(`${path}: people[1].posts: a post is listed twice`);
    expect(lines.some((l) => l.startsWith(`${path}: people[2]: `) && l.includes('role'))).toBe(true);
    const late = fileWith([person('a', { workingHours: { days: [1], start: '17:00', end: '09:00' } })]);
    expect(refusal(late)).toEqual([`${late}: people[0].workingHours.end: must be after start`]);
  });

  it('refuses text that is not YAML, and a file that cannot be read', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'people: [unclosed');
    expect(refusal(bad)[0]).toMatch(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid YAML or JSON: `),
    );
    expect(refusal(join(dir, 'missing.yaml'))).toEqual([
      `${join(dir, 'missing.yaml')}: cannot be read (ENOENT)`,
    ]);
  });

  it('keeps the problems as data for callers who show them', () => {
    const parsed = parseDirectoryText(stringify({ council: 'X', tenantId: 'nope', people: [] }), 'x.yaml');
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems.map((p) => p.path).sort()).toEqual(['people', 'tenantId']);
    expect(parsed.problems.every((p) => p.file === 'x.yaml')).toBe(true);
  });
});
