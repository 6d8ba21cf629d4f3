// A failed activity-feed notice or app installation, as a DeliveryError the outbox acts on: tried
// again when Graph did not do it for a passing reason (throttled, unavailable, sign-in), recorded and
// given up when Graph refused it as asked (a missing permission, no such user). Read through the one
// taxonomy in graph-errors.ts; the words say what IT can do.
import { GraphCallError } from './graph-call-error.ts';
import { isTransientFailure, readGraphFailure } from './graph-errors.ts';

export function teamsReachError(error: unknown, doing: string, permission: string): GraphCallError {
  if (error instanceof GraphCallError) return error;
  const f = readGraphFailure(error);
  const retryAfter = f.retryAfterSeconds === null ? {} : { retryAfterSeconds: f.retryAfterSeconds };
  const make = (message: string, permanent: boolean) =>
    new GraphCallError(message, f.status, f.code, 'not-done', { permanent, ...retryAfter }, error);
  if (isTransientFailure(f) || f.kind === 'conflict')
    return make(
      `Microsoft 365 did not ${doing} just now (${f.status ?? f.kind}); it will be tried again.`,
      false,
    );
  if (f.kind === 'sign-in-failed' || f.kind === 'unauthorized')
    return make(
      `CP Disputes could not sign in to Microsoft 365 to ${doing}; ask IT to check the app registration. It will be tried again.`,
      false,
    );
  if (f.kind === 'forbidden')
    return make(
      `Microsoft 365 refused to ${doing} (403): ask IT to grant the app registration the Microsoft Graph application permission ${permission} (with admin consent).`,
      true,
    );
  if (f.kind === 'user-missing' || f.kind === 'not-found')
    return make(
      `Microsoft 365 could not find the person or the app to ${doing} (${f.code ?? f.status}).`,
      true,
    );
  return make(
    `Microsoft 365 answered ${f.status ?? f.kind}${f.code ? ` (${f.code})` : ''} when CP Disputes tried to ${doing}: ${f.message}`,
    true,
  );
}
