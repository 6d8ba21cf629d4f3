// What a person may do in the product as a whole (not on one dispute: that is allowedActions):
// oversee every dispute, manage records, raise under which protocols. Decided here once, so the
// tab's navigation and raise form draw what the server enforces instead of copying its rules.
import type { Protocol } from '../protocol/protocol-schema.ts';
import { hasOversight, mayManageRecords, type Viewer } from './access-policy.ts';

/** Whether someone holding these directory posts may raise a dispute under the protocol. */
export function mayRaiseUnder(protocol: Pick<Protocol, 'raisedBy'>, posts: readonly string[]): boolean {
  const required = protocol.raisedBy.requiredPosts;
  return required.length === 0 || required.some((p) => posts.includes(p));
}

export interface PersonCapabilities {
  /** Sees every open dispute of the council, the reports and the admin view. */
  overseeAll: boolean;
  /** Retention, legal holds and subject access. */
  manageRecords: boolean;
  /** The protocols this person may raise a dispute under, in the order given. */
  raiseUnder: string[];
}

export function capabilitiesOf(
  viewer: Viewer,
  protocols: readonly Pick<Protocol, 'id' | 'raisedBy'>[],
): PersonCapabilities {
  return {
    overseeAll: hasOversight(viewer),
    manageRecords: mayManageRecords(viewer),
    raiseUnder: protocols.filter((p) => mayRaiseUnder(p, viewer.posts)).map((p) => p.id),
  };
}
