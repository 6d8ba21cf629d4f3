// Email for people with no Teams conversation and for posts that are mailboxes: an HTML summary
// with a link to the tab, and the same Adaptive Card embedded for Outlook actionable messages.

export interface OutgoingMail {
  /** Idempotency: the outbox row's key, so a retry is recognisable. */
  key: string;
  to: { email: string; name: string }[];
  subject: string;
  html: string;
  /** The Adaptive Card (schema 1.4) to embed for Outlook actionable messages, if any. */
  adaptiveCard: object | null;
}

export interface Mailer {
  readonly kind: 'graph' | 'log';
  send(mail: OutgoingMail): Promise<void>;
}
