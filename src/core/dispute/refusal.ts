// A refusal is data, not an exception: it says why in words a chair would understand, and its code
// lets the HTTP and card adapters map it in one place (403, 409, 400 ...).

export type RefusalCode =
  /** The person does not hold a role on this dispute that allows this. */
  | 'not-allowed'
  /** The request is malformed or breaks a protocol rule (bad date, disallowed stage). */
  | 'invalid'
  /** The dispute is resolved or withdrawn. */
  | 'closed'
  /** There is no such dispute yet. */
  | 'not-found'
  /** The request no longer applies (an old deadline, a repeated action). */
  | 'no-longer-applies'
  /** The directory has nobody in a role the stage needs. */
  | 'role-unfilled';

export interface Refusal {
  code: RefusalCode;
  message: string;
  /** The field at fault, for forms. */
  field?: string;
}

export function refuse(code: RefusalCode, message: string, field?: string): Refusal {
  return field ? { code, message, field } : { code, message };
}
