// The processes the bench measures: the app exactly as `npm start` runs it, and the references
// (test/bench/reference-*.ts) with the same node flags, so that a ratio compares code, not flags.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServerCommand {
  file: string;
  args: string[];
  cwd: string;
}

const cwd = fileURLToPath(new URL('../../', import.meta.url));

function scriptArgs(name: string): string[] {
  const { scripts } = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')) as {
    scripts: Record<string, string | undefined>;
  };
  const [program, ...args] = (scripts[name] ?? '').trim().split(/\s+/);
  if (program !== 'node') throw new Error(`package.json's ${name} script is not a plain \`node …\` command`);
  return args;
}

/**
 * The server exactly as `npm start` runs it, read from package.json: its `prestart` (the build
 * check) runs once here, then each server is its `start` command spawned directly with this node,
 * so the process measured is the server itself and not npm in front of it.
 */
export function appServerCommand(): ServerCommand {
  const prestart = scriptArgs('prestart');
  if (prestart.length) execFileSync(process.execPath, prestart, { cwd, stdio: 'inherit' });
  return { file: process.execPath, args: scriptArgs('start'), cwd };
}

/** A reference service (a file in test/bench), with the node flags of `npm start` and tsx to load it. */
export function referenceCommand(script: 'reference-write-service.ts' | 'reference-bot.ts'): ServerCommand {
  const nodeFlags = scriptArgs('start').filter((a) => a.startsWith('--'));
  return {
    file: process.execPath,
    args: [...nodeFlags, '--import', 'tsx', join(cwd, 'test', 'bench', script)],
    cwd,
  };
}
