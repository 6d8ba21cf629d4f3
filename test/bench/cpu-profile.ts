// What the server's time goes to (`--profile`): the server process runs with node's --cpu-prof
// (V8's sampling profiler, written as a .cpuprofile file when the process exits), and the bench
// prints the functions with the most self time, grouped by package (or our own source file).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fmt, table } from './bench-format.ts';
import type { ServerCommand } from './server-commands.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** The same server command, profiled into `dir`. */
export function profiled(command: ServerCommand, dir: string): ServerCommand {
  return { ...command, args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...command.args] };
}

/** Where a function lives: its npm package, or its file for our own code (the built bundle's names). */
function ownerOf(url: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  if (!url) return '(V8: GC, native, program)';
  if (url.startsWith('node:')) return 'node';
  return url.replace(/^file:\/\/.*?\/(dist|src|bot|test)\//, '$1/');
}

/** The top functions by self time, and the top owners, of the profile(s) in `dir`. */
export function summariseProfiles(dir: string, top = 15): string {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) return `no .cpuprofile in ${dir} (the server did not exit normally)`;
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const { nodes } = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { nodes: ProfileNode[] };
    for (const n of nodes) {
      const hits = n.hitCount ?? 0;
      if (!hits || n.callFrame.functionName === '(idle)') continue; // waiting is not CPU
      const { functionName, url, lineNumber } = n.callFrame;
      const owner = ownerOf(url);
      const key = `${functionName || '(anonymous)'} ${owner}:${lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + hits);
      total += hits;
    }
  }
  const rows = (m: Map<string, number>) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, v]) => [k, fmt((100 * v) / total)]);
  return [
    table(['where (self time)', '%'], rows(byOwner)),
    table(['function (self time)', '%'], rows(byFunction)),
  ].join('\n');
}
