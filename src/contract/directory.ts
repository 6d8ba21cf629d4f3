// People: the directory search the tab's pickers use, and the signed-in person.
import { z } from 'zod';

export const UsersQuery = z.strictObject({
  role: z.string().max(60).optional(),
  q: z.string().max(100).optional(),
  /** Exactly this address (any case): the Outlook add-in looks up an email's sender by it. */
  email: z.string().max(254).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

export const UserViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    aadObjectId: z.string(),
    jobTitle: z.string(),
    team: z.string().nullable(),
    /** The protocol roles the directory gives this person (not roles on a dispute). */
    roles: z.array(z.string()),
  })
  .meta({ id: 'User' });
export type UserView = z.infer<typeof UserViewSchema>;

/** The signed-in person, with what they may do in the product (decided in the core: person-capabilities). */
export const MeSchema = UserViewSchema.extend({
  may: z.object({
    overseeAll: z.boolean().describe('Sees every open dispute, the reports and the admin view'),
    manageRecords: z.boolean().describe('Retention, legal holds and subject access'),
    raiseUnder: z.array(z.string()).describe('Protocols this person may raise a dispute under'),
  }),
}).meta({ id: 'Me' });
export type MeView = z.infer<typeof MeSchema>;
