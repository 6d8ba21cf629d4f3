// Where the bot can reach each person: the conversation reference captured at installation and on
// every message (for proactive sends), and the activity id of every dispute card it has posted to
// them (so every copy can be updated in place). Kept in the database: any instance may deliver.
// `Reference` is the Bot Framework's conversation reference, stored as given (the bot names the
// type, so the app and the store need not know botbuilder).

export interface PostedCard {
  disputeId: string;
  personId: string;
  conversationId: string;
  activityId: string;
}

/** A card as posted: the dispute version it shows. */
export interface PostedCardAt extends PostedCard {
  version: number;
}

export interface ConversationStore<Reference extends object> {
  saveReference(personId: string, tenantId: string, reference: Reference): Promise<void>;
  referenceFor(personId: string): Promise<Reference | null>;
  /** Any stored reference's service URL for the tenant: where to create a new 1:1 conversation. */
  serviceUrlFor(tenantId: string): Promise<string | null>;
  /** The Teams user ids (MRIs) of these people, where known: a card's refresh.userIds. */
  userIdsFor(personIds: readonly string[]): Promise<string[]>;
  /** The same, each against its person (those with no stored reference left out). */
  userIdsByPerson(personIds: readonly string[]): Promise<Map<string, string>>;
  recordPostedCard(card: PostedCardAt): Promise<void>;
  postedCards(disputeId: string): Promise<PostedCard[]>;
  /**
   * The dispute's cards that show a version before `version`, marked as showing it: the caller
   * updates each. Atomic, so of the deliveries of one version only one gets each card.
   */
  claimCardsBehind(disputeId: string, version: number): Promise<PostedCard[]>;
  /**
   * Forgets the conversations held by a Bot Connector whose service URL matches `serviceUrlPattern`
   * (a regular expression), and the cards posted in them; answers whose they were.
   */
  forgetConnector(serviceUrlPattern: string): Promise<string[]>;
}
