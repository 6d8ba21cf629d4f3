// Delivering a notification (a Teams card, an email). Adapters throw DeliveryError to ask for a
// retry (with the server's Retry-After when it gave one) or to give up at once.
import type { OutboxRow } from './outbox.ts';

export class DeliveryError extends Error {
  override name = 'DeliveryError';
  constructor(
    message: string,
    readonly options: { retryAfterSeconds?: number; permanent?: boolean } = {},
  ) {
    super(message);
  }
}

export interface Delivery {
  readonly kind: string;
  deliver(row: OutboxRow): Promise<void>;
}
