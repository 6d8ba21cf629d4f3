// The organisation's people. "Who holds role R for this dispute" is answered from here: the
// file adapter is the embedded default, Graph (Entra ID) the production one.

export interface WorkingHours {
  /** ISO weekday numbers, 1 = Monday. */
  days: number[];
  start: string; // HH:mm, Europe/London
  end: string;
}

export interface Person {
  id: string;
  name: string;
  email: string;
  /** Entra ID object id: how the bot and the tab recognise the person. */
  aadObjectId: string;
  tenantId: string;
  jobTitle: string;
  /** Directory id of their line manager, if any. */
  managerId: string | null;
  /** Management tier (team-manager, service-manager, head-of-service, ...), if a manager. */
  tier: string | null;
  /** Fixed posts held (cp-chair, head-of-service-safeguarding, partnership-board-manager, ...). */
  posts: string[];
  /** A shared mailbox rather than a person. */
  mailbox: boolean;
  team: string | null;
  workingHours: WorkingHours;
}

export interface Directory {
  readonly kind: 'file' | 'graph';
  byId(id: string): Promise<Person | null>;
  byAadObjectId(tenantId: string, aadObjectId: string): Promise<Person | null>;
  /** The person with this email address (or sign-in name), where the directory can look people up by it. */
  byEmail?(email: string): Promise<Person | null>;
  /** Holders of a fixed post. */
  holdersOfPost(post: string): Promise<Person[]>;
  /** The line manager chain, nearest first. */
  managerChain(id: string): Promise<Person[]>;
  search(query: { q?: string; limit?: number }): Promise<Person[]>;
  all(): Promise<Person[]>;
  /**
   * Who stands in for a person away (out of office) on `onDate`, a London date: their post's
   * deputy or the next manager up, with a sentence saying why. Null when they are in, or when the
   * directory cannot tell (the file directory knows no absences).
   */
  standInFor?(person: Person, onDate: string): Promise<{ to: Person; reason: string } | null>;
}
