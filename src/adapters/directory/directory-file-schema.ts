// A council's directory as a file (YAML or JSON): the embedded default when there is no Entra ID.
// A bad file is refused with the file, the path inside it and what is wrong, like a protocol file,
// so a directory admin can fix it without reading our code.
import { z } from 'zod';
import { parseAdminFile, type FileProblem } from '../../core/admin-file/parse-admin-file.ts';

const id = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._-]*$/,
    'must be letters, digits, dots, hyphens and underscores, e.g. sw-ben',
  );
/** Tiers and posts are matched against protocol files, so they are written the same way. */
const slug = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be lower-case letters, digits and hyphens, starting with a letter');
const guid = z.guid('must be a GUID such as 00000000-0000-4000-8000-000000000001');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time written HH:mm (24-hour)');

export const WorkingHoursSchema = z
  .strictObject({
    /** ISO weekday numbers, 1 = Monday. */
    days: z
      .array(
        z
          .number()
          .int()
          .min(1, 'must be 1 (Monday) to 7 (Sunday)')
          .max(7, 'must be 1 (Monday) to 7 (Sunday)'),
      )
      .min(1, 'name at least one working day'),
    start: time,
    end: time,
  })
  .superRefine((w, ctx) => {
    if (new Set(w.days).size !== w.days.length)
      ctx.addIssue({ code: 'custom', path: ['days'], message: 'a day is listed twice' });
    if (w.start >= w.end) ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
  });

export const DirectoryPersonSchema = z.strictObject({
  id,
  name: z.string().trim().min(1, 'give the name'),
  email: z.email('must be an email address'),
  /** Entra ID object id: how the bot and the tab recognise the person. */
  aadObjectId: guid,
  jobTitle: z.string().trim().min(1, 'give the job title'),
  managerId: id.nullish(),
  /** Management tier as protocols name it: team-manager, service-manager, head-of-service, ... */
  tier: slug.nullish(),
  /** Fixed posts as protocols name them: cp-chair, head-of-service-safeguarding, ... */
  posts: z
    .array(slug)
    .default([])
    .refine((posts) => new Set(posts).size === posts.length, 'a post is listed twice'),
  /** A shared mailbox rather than a person. */
  mailbox: z.boolean().default(false),
  team: z.string().trim().min(1).nullish(),
  /** Absent: the directory's default working hours. */
  workingHours: WorkingHoursSchema.optional(),
});
export type DirectoryPersonEntry = z.infer<typeof DirectoryPersonSchema>;

export const DirectoryFileSchema = z
  .strictObject({
    council: z.string().trim().min(1, 'give the council'),
    tenantId: guid,
    defaultWorkingHours: WorkingHoursSchema.default({ days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' }),
    people: z.array(DirectoryPersonSchema).min(1, 'list at least one person'),
  })
  // Runs even when some people have other problems, so that a file is refused with all of its problems
  // at once; it therefore reads each person defensively.
  .superRefine((file, ctx) => crossCheck(file.people as unknown[], ctx), {
    when: (payload) => Array.isArray((payload.value as { people?: unknown } | undefined)?.people),
  });

type Ctx = { addIssue(issue: { code: 'custom'; path: (string | number)[]; message: string }): void };

/** Unique ids, emails and object ids; managers who exist; no management cycles. */
function crossCheck(raw: unknown[], ctx: Ctx): void {
  const people = raw.map((p) => {
    const o = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
    const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
    return {
      id: str('id'),
      name: str('name'),
      email: str('email'),
      aadObjectId: str('aadObjectId'),
      managerId: str('managerId'),
    };
  });
  const unique = (key: 'id' | 'email' | 'aadObjectId') => {
    const first = new Map<string, number>();
    people.forEach((p, i) => {
      const v = p[key];
      if (v === null) return;
      const value = key === 'id' ? v : v.toLowerCase();
      const earlier = first.get(value);
      if (earlier === undefined) first.set(value, i);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['people', i, key],
          message: `${key} "${v}" is already used by people[${earlier}]${people[earlier]!.name ? ` (${people[earlier]!.name})` : ''}`,
        });
    });
  };
  unique('id');
  unique('email');
  unique('aadObjectId');

  const managerOf = new Map<string, string | null>();
  people.forEach((p) => {
    if (p.id !== null && !managerOf.has(p.id)) managerOf.set(p.id, p.managerId);
  });
  people.forEach((p, i) => {
    if (p.managerId !== null && !managerOf.has(p.managerId))
      ctx.addIssue({
        code: 'custom',
        path: ['people', i, 'managerId'],
        message: `names manager "${p.managerId}", who is not under people`,
      });
  });

  // Follow each line upwards; a cycle is reported once, at the first of its people in the file.
  const reported = new Set<string>();
  people.forEach((p, i) => {
    if (p.id === null) return;
    const seen: string[] = [];
    let at: string | null | undefined = p.id;
    while (at != null && managerOf.has(at) && !seen.includes(at)) {
      seen.push(at);
      at = managerOf.get(at);
    }
    if (at !== p.id || seen.some((x) => reported.has(x))) return; // no cycle, or p only leads into one
    seen.forEach((x) => reported.add(x));
    ctx.addIssue({
      code: 'custom',
      path: ['people', i, 'managerId'],
      message:
        seen.length === 1
          ? `${p.id} is their own manager`
          : `management cycle: ${[...seen, p.id].join(' → ')} (nobody's line may lead back to themselves)`,
    });
  });
}

export type DirectoryFile = z.infer<typeof DirectoryFileSchema>;

export type ParsedDirectory = { ok: true; directory: DirectoryFile } | { ok: false; problems: FileProblem[] };

/** Parses YAML or JSON text (JSON is YAML) into a validated directory file. */
export function parseDirectoryText(text: string, file: string): ParsedDirectory {
  const parsed = parseAdminFile(DirectoryFileSchema, text, file);
  return parsed.ok ? { ok: true, directory: parsed.value } : parsed;
}
