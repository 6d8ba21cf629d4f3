// Creating a PGlite database on disk runs initdb (its own WASM module) and a second, throwaway
// PGlite instance inside the process. Done in the server process, that left about 450 MB more
// resident for the life of the server (measured idle: some 900 MB after a first start, against 450
// MB after a restart on the same directory). So an empty data directory is filled by a short-lived
// child process instead, and the server only ever opens an existing database. The child also runs
// the schema's statements (handed to it on stdin): migrating a new database in the server left
// 181-198 MB resident after a first start against 184-185 MB after a restart, close to the 200 MB
// the service is held to; now a first start is a restart.
//
// An interrupted creation must not pass for a database: a marker file is written before the child
// starts and removed only once it has created and closed the database. A directory holding the
// marker therefore holds nothing but a half-made database of ours, and is emptied and created again.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { SqlStatement } from './migrations.ts';

const CREATING_MARKER = '.cp-disputes-creating';
const CHILD_TIME_LIMIT_MS = 5 * 60_000;

/**
 * The directory PGlite keeps its files in on this machine's disk (`./data`, `/var/lib/x`,
 * `file:///var/lib/x`), or null for an engine that is not on disk (`memory://`, and the browser
 * schemes), read the way PGlite itself reads `dataDir`.
 */
export function pgliteDiskPath(dataDir: string | undefined): string | null {
  if (dataDir === undefined) return null;
  if (dataDir.startsWith('file://')) return dataDir.slice('file://'.length) || null;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(dataDir)) return null;
  return dataDir;
}

/**
 * Creates the database in `dir` (made if missing) unless it is there already, and runs `setup` in
 * it, in one transaction, before it counts as created.
 */
export async function ensurePgliteDatabase(dir: string, setup: readonly SqlStatement[] = []): Promise<void> {
  const marker = join(dir, CREATING_MARKER);
  if (existsSync(join(dir, 'PG_VERSION')) && !existsSync(marker)) return;
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.includes(CREATING_MARKER)) {
    // Only an interrupted creation of ours leaves the marker: nothing here is anyone's data.
    await Promise.all(entries.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  } else if (entries.length > 0) {
    throw new Error(
      `The data directory ${dir} is not empty and holds no database (no PG_VERSION): ` +
        'set DATA_DIR to a new or empty directory (on a mount point, a directory inside it).',
    );
  }
  await writeFile(
    marker,
    'A CP Disputes database is being created here; an interrupted creation starts again.\n',
  );
  await runCreateChild(dir, setup);
  await rm(marker);
}

// The child loads PGlite from the same installation as the server; plain CommonJS, so it needs
// neither tsx nor the build. It reads the setup statements (JSON) from stdin, and exits non-zero
// with the error on stderr if anything fails.
const CHILD_SOURCE = `
const { PGlite } = require(process.argv[1]);
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  try {
    const setup = JSON.parse(input);
    const pg = await PGlite.create({ dataDir: process.argv[2] });
    await pg.transaction(async (tx) => {
      for (const s of setup) await tx.query(s.sql, s.params);
    });
    await pg.close();
    process.exit(0);
  } catch (e) {
    console.error((e && e.stack) || String(e));
    process.exit(1);
  }
});
`;

function runCreateChild(dir: string, setup: readonly SqlStatement[]): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE, pglite, dir], {
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: CHILD_TIME_LIMIT_MS,
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    child.once('error', (e) =>
      reject(new Error(`Could not start the process that creates the database: ${e.message}`)),
    );
    // A child that dies before reading it all closes the pipe (EPIPE): its exit says why.
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(setup));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `Creating the PGlite database in ${dir} failed (${signal ? `killed by ${signal}` : `exit code ${code}`}); ` +
              `the next start tries again.${stderr.trim() ? `\n${stderr.trim()}` : ''}`,
          ),
        );
    });
  });
}
