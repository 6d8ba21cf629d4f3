// Creating PGlite's database on disk in a child process: which data directories are on disk, a
// directory that holds something else is refused rather than written into, and an interrupted
// creation (the marker left behind) is started again instead of passing for a database.
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePgliteDatabase, pgliteDiskPath } from '../../src/adapters/sql/pglite-create.ts';
import { openPgliteDatabase } from '../../src/adapters/sql/pglite-database.ts';
import { migrate, migrations } from '../../src/adapters/sql/migrations.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'cpd-pglite-create-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('PGlite data directory', () => {
  it.each([
    [undefined, null],
    ['memory://', null],
    ['idb://cp-disputes', null],
    ['./data', './data'],
    ['/var/lib/cp-disputes', '/var/lib/cp-disputes'],
    ['file:///var/lib/cp-disputes', '/var/lib/cp-disputes'],
  ])('%s is on disk at %s', (dataDir, path) => {
    expect(pgliteDiskPath(dataDir)).toBe(path);
  });

  it('refuses a directory that holds files but no database, and leaves them alone', async () => {
    const dir = join(root, 'not-ours');
    await mkdir(dir);
    await writeFile(join(dir, 'notes.txt'), 'someone else’s');
    await expect(ensurePgliteDatabase(dir)).rejects.toThrow(/is not empty and holds no database/);
    expect(await readdir(dir)).toEqual(['notes.txt']);
  });

  it('says why when the creating process fails, and the next attempt starts again', async () => {
    const dir = join(root, 'failing');
    const saved = process.env.NODE_OPTIONS;
    process.env.NODE_OPTIONS = `--require ${join(root, 'no-such-module.cjs')}`;
    try {
      await expect(ensurePgliteDatabase(dir)).rejects.toThrow(
        /Creating the PGlite database in .*failing failed \(exit code 1\); the next start tries again\.\n.*no-such-module/s,
      );
    } finally {
      if (saved === undefined) delete process.env.NODE_OPTIONS;
      else process.env.NODE_OPTIONS = saved;
    }
    expect(existsSync(join(dir, '.cp-disputes-creating'))).toBe(true);
  });

  it('creates the database in a new directory, again after an interrupted creation, and only once', async () => {
    const dir = join(root, 'nested', 'new');
    // What an interrupted creation leaves: the marker and some of the files.
    await mkdir(join(dir, 'base'), { recursive: true });
    await writeFile(join(dir, '.cp-disputes-creating'), '');
    await writeFile(join(dir, 'PG_VERSION'), '18\n');
    await writeFile(join(dir, 'base', 'half-written'), '');

    await ensurePgliteDatabase(dir);
    const created = await readdir(dir);
    expect(created).toContain('PG_VERSION');
    expect(created).toContain('global');
    expect(created).not.toContain('.cp-disputes-creating');
    expect(existsSync(join(dir, 'base', 'half-written'))).toBe(false);

    await writeFile(join(dir, 'kept'), 'a file of the database’s'); // stands for its data
    await ensurePgliteDatabase(dir); // already there: nothing is touched
    expect(existsSync(join(dir, 'kept'))).toBe(true);
  }, 120_000);

  it('a new database comes already migrated: the server that opens it has nothing left to apply', async () => {
    const dir = join(root, 'migrated');
    const db = await openPgliteDatabase({ dataDir: dir });
    try {
      const { rows } = await db.query<{ version: number }>(
        'select version from schema_migrations order by 1',
      );
      expect(rows.map((r) => r.version)).toEqual(migrations.map((m) => m.version).sort((a, b) => a - b));
      expect(await migrate(db)).toEqual([]);
      expect((await db.query('select count(*)::int as n from disputes')).rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('a setup statement that fails leaves no database behind it: the marker stays and the error says why', async () => {
    const dir = join(root, 'failed-setup');
    await expect(
      ensurePgliteDatabase(dir, [{ sql: 'create table t (n int)' }, { sql: 'select 1/0' }]),
    ).rejects.toThrow(/failed \(exit code 1\)[\s\S]*division by zero/);
    expect(existsSync(join(dir, '.cp-disputes-creating'))).toBe(true);
    // The next start empties the directory and creates the database again.
    await ensurePgliteDatabase(dir, [{ sql: 'create table t (n int)' }]);
    expect(existsSync(join(dir, '.cp-disputes-creating'))).toBe(false);
  }, 120_000);
});
