// COUNCILS_FILE: one deployment serving several councils on one database. Each council has its
// own directory file (whose tenantId is the council's Entra tenant, and the tenant_id of every row
// it writes), its own protocol files, and the Entra tenants whose people sign in as its staff.
// Without the file, the deployment serves one council from DIRECTORY_FILE and PROTOCOL_FILES, as
// before. See docs/tenancy.md.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CouncilsFileSchema = z
  .object({
    councils: z
      .array(
        z
          .object({
            /** A short name: logs, the dev sign-in's X-Dev-Council header. */
            id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and - only'),
            /** The council's people: a directory file (YAML or JSON), relative to this file. */
            directoryFile: z.string().min(1),
            /** The council's own protocol files, relative to this file (same id replaces a built-in). */
            protocolFiles: z.array(z.string().min(1)).default([]),
            /**
             * Entra tenants whose tokens sign people in to this council; default the directory's
             * tenant. A tenant belongs to one council only.
             */
            tenantIds: z.array(z.string().regex(GUID, 'must be an Entra tenant id (GUID)')).optional(),
            /** The council's own words for the bot (like WORDING_FILE), relative to this file. */
            wordingFile: z.string().min(1).optional(),
          })
          .strict(),
      )
      .min(1, 'name at least one council'),
  })
  .strict()
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.councils.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['councils', i, 'id'], message: `"${c.id}" is named twice` });
      seen.set(c.id, i);
    });
    const tenants = new Map<string, string>();
    file.councils.forEach((c, i) =>
      (c.tenantIds ?? []).forEach((t, j) => {
        const other = tenants.get(t.toLowerCase());
        if (other && other !== c.id)
          ctx.addIssue({
            code: 'custom',
            path: ['councils', i, 'tenantIds', j],
            message: `tenant ${t} is already ${other}'s: a tenant belongs to one council`,
          });
        tenants.set(t.toLowerCase(), c.id);
      }),
    );
  });

export interface CouncilSettings {
  id: string;
  /** Absolute paths. */
  directoryFile: string;
  protocolFiles: string[];
  /** Empty: the directory's tenant. */
  tenantIds: string[];
  /** Absolute path of the council's wording file (bot/wording); unset: the deployment's. */
  wordingFile?: string;
}

export class CouncilsFileError extends Error {
  override name = 'CouncilsFileError';
}

/** Reads and checks COUNCILS_FILE; paths in it are taken relative to the file. */
export function loadCouncilsFile(path: string): CouncilSettings[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CouncilsFileError(
      `COUNCILS_FILE ${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`,
    );
  }
  return parseCouncilsFile(text, path);
}

export function parseCouncilsFile(text: string, path: string): CouncilSettings[] {
  let data: unknown;
  try {
    data = parse(text);
  } catch (e) {
    throw new CouncilsFileError(`COUNCILS_FILE ${path} is not YAML or JSON: ${(e as Error).message}`);
  }
  const parsed = CouncilsFileSchema.safeParse(data);
  if (!parsed.success)
    throw new CouncilsFileError(
      `COUNCILS_FILE ${path}: ` +
        parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; '),
    );
  const base = dirname(resolve(path));
  return parsed.data.councils.map((c) => ({
    id: c.id,
    directoryFile: resolve(base, c.directoryFile),
    protocolFiles: c.protocolFiles.map((f) => resolve(base, f)),
    tenantIds: (c.tenantIds ?? []).map((t) => t.toLowerCase()),
    ...(c.wordingFile ? { wordingFile: resolve(base, c.wordingFile) } : {}),
  }));
}
