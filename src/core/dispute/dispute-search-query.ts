// What a person types to find a dispute ("Find dispute" in the compose box): its reference, or the
// child's initials followed by the case number. Typed by hand, so read leniently: "cpd 7k3qx2" is
// CPD-7K3QX2, and "nb 104233", "N.B. 104-233" and "NB104233"-style case numbers compare by
// caseNumberKey. Case number alone is not enough: asking for the initials too keeps a search from
// turning up every dispute about a number mistyped by one digit.
import { caseNumberKey } from './case-number.ts';

export type DisputeSearchQuery =
  | { kind: 'reference'; reference: string }
  | { kind: 'child'; initials: string; caseNumberKey: string }
  /** Nothing to search by yet (empty, or initials without a case number). */
  | { kind: 'incomplete' };

// The reference alphabet (src/app/person-disputes.ts newReference): no I, O, 0 or 1.
const REFERENCE = /^CPD[\s-]*([A-HJ-NP-Z2-9]{6})$/;
/** Up to four letters (a name may have several parts), dots allowed: "N.B.". */
const INITIALS = /^[A-Z](?:\.?[A-Z]){0,3}\.?$/;

export function parseDisputeSearch(text: string): DisputeSearchQuery {
  const typed = text.trim().toUpperCase();
  const reference = REFERENCE.exec(typed);
  if (reference) return { kind: 'reference', reference: `CPD-${reference[1]}` };
  const [first, ...rest] = typed.split(/\s+/);
  if (!first || !INITIALS.test(first)) return { kind: 'incomplete' };
  const key = caseNumberKey(rest.join(''));
  // Every case number has a digit: "Nia Brook" is a name typed, not initials and a case number.
  if (!/[0-9]/.test(key)) return { kind: 'incomplete' };
  return { kind: 'child', initials: first.replace(/\./g, ''), caseNumberKey: key };
}
