// People: the directory search the tab's pickers use, and the signed-in person.
import { z } from 'zod';

export const UsersQuery = z.strictObject({
  role: z.string().max(60).optional(),
  q: z.string().max(100).optional(),
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
