// The directory read from a file (YAML or JSON) once at start, then answered from memory: the embedded
// default when there is no Entra ID, and the demo council's people.
import { readFileSync } from 'node:fs';
import type { Directory, Person } from '../../app/ports/directory.ts';
import { describeProblem, type FileProblem } from '../../core/admin-file/parse-admin-file.ts';
import { parseDirectoryText, type DirectoryFile } from './directory-file-schema.ts';

export class DirectoryFileError extends Error {
  override name = 'DirectoryFileError';
  constructor(readonly problems: readonly FileProblem[]) {
    super(problems.map(describeProblem).join('\n'));
  }
}

export interface FileDirectory extends Directory {
  readonly kind: 'file';
  readonly council: string;
  readonly tenantId: string;
}

const DEFAULT_SEARCH_LIMIT = 25;

const byName = (a: Person, b: Person) => a.name.localeCompare(b.name, 'en-GB') || a.id.localeCompare(b.id);

/** Reads and validates a directory file; throws `DirectoryFileError` naming file, path and problem. */
export function loadFileDirectory(path: string): FileDirectory {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DirectoryFileError([
      { file: path, path: '', message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})` },
    ]);
  }
  return fileDirectoryFromText(text, path);
}

/** The directory of a file's text (YAML or JSON); `file` names it in errors. */
export function fileDirectoryFromText(text: string, file: string): FileDirectory {
  const parsed = parseDirectoryText(text, file);
  if (!parsed.ok) throw new DirectoryFileError(parsed.problems);
  return fileDirectoryFrom(parsed.directory);
}

/** The in-memory directory of a validated directory file. */
export function fileDirectoryFrom(data: DirectoryFile): FileDirectory {
  const people: Person[] = data.people
    .map((p) =>
      Object.freeze({
        id: p.id,
        name: p.name,
        email: p.email,
        aadObjectId: p.aadObjectId,
        tenantId: data.tenantId,
        jobTitle: p.jobTitle,
        managerId: p.managerId ?? null,
        tier: p.tier ?? null,
        posts: Object.freeze([...p.posts]) as string[],
        mailbox: p.mailbox,
        team: p.team ?? null,
        workingHours: Object.freeze({ ...(p.workingHours ?? data.defaultWorkingHours) }),
      }),
    )
    .sort(byName);
  const byId = new Map(people.map((p) => [p.id, p] as const));
  const byAad = new Map(people.map((p) => [p.aadObjectId.toLowerCase(), p] as const));
  // Addresses compare without case, as mail systems do (the Outlook add-in looks up an email's sender).
  const byMail = new Map(people.map((p) => [p.email.toLowerCase(), p] as const));
  const tenantId = data.tenantId.toLowerCase();

  const managerChain = (id: string): Person[] => {
    const chain: Person[] = [];
    const seen = new Set([id]);
    let next = byId.get(id)?.managerId ?? null;
    while (next && !seen.has(next)) {
      const manager = byId.get(next);
      if (!manager) break;
      chain.push(manager);
      seen.add(next);
      next = manager.managerId;
    }
    return chain;
  };

  const search = ({ q, limit }: { q?: string; limit?: number }): Person[] => {
    const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
    const max = limit === undefined ? DEFAULT_SEARCH_LIMIT : Math.max(0, Math.floor(limit));
    return people
      .filter((p) => {
        const text = `${p.name}\n${p.email}\n${p.jobTitle}`.toLowerCase();
        return words.every((w) => text.includes(w));
      })
      .slice(0, max);
  };

  return {
    kind: 'file',
    council: data.council,
    tenantId: data.tenantId,
    byId: async (id) => byId.get(id) ?? null,
    byEmail: async (email) => byMail.get(email.trim().toLowerCase()) ?? null,
    byAadObjectId: async (tenant, aadObjectId) =>
      tenant.toLowerCase() === tenantId ? (byAad.get(aadObjectId.toLowerCase()) ?? null) : null,
    holdersOfPost: async (post) => people.filter((p) => p.posts.includes(post)),
    managerChain: async (id) => managerChain(id),
    search: async (query) => search(query),
    all: async () => [...people],
  };
}
