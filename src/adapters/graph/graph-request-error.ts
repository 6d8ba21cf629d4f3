// A failed Graph read for the directory (people, managers, groups, mailbox settings), with a message
// about the person it was for. The failure is read through the one taxonomy in graph-errors.ts; the
// calendar, mail and subscriptions put the same kinds into their own words (graph-call-error.ts).
import { readGraphFailure } from './graph-errors.ts';

export interface GraphErrorContext {
  /** Who or what the request was about, as a chair would name them: "Carla Brightwater", an email. */
  subject?: string;
  /** What CP Disputes was doing, after "not allowed to": "read people's line managers". */
  action?: string;
  /** The Graph application permission that allows it, e.g. "User.Read.All". */
  permission?: string;
}

const NETWORK = 'CP Disputes could not reach Microsoft 365 (a network problem); we will try again.';

/** A message about a failed Graph call that a chair (or, through them, IT) can act on. */
export function graphErrorMessage(error: unknown, context: GraphErrorContext = {}): string {
  const f = readGraphFailure(error);
  if (f.kind === 'sign-in-failed' && error instanceof Error && f.status === null) return error.message;
  if (!f.fromGraph) {
    if (f.kind === 'network') return NETWORK;
    return `Something went wrong talking to Microsoft 365 (${f.message}); please try again, and tell IT if it keeps happening.`;
  }
  const { status, code } = f;
  const subject = context.subject ?? 'That person';
  switch (f.kind) {
    case 'network':
      return NETWORK;
    case 'mailbox-missing':
      return `${subject} has no Outlook mailbox CP Disputes can read, so their calendar and out-of-office replies can't be checked.`;
    case 'user-missing':
    case 'not-found':
      return `${subject} is not in the council's directory (Entra ID).`;
    case 'unauthorized':
      return "Microsoft 365 did not accept CP Disputes' sign-in: ask IT to check the app registration's secret or certificate.";
    case 'forbidden':
      return (
        `CP Disputes is not allowed to ${context.action ?? 'read this from Microsoft 365'}: ask IT to grant the app ` +
        `registration the Microsoft Graph application permission ${context.permission ?? 'it needs'} (with admin consent).`
      );
    case 'throttled':
      return 'Microsoft 365 is busy; we will try again.';
    case 'transient':
      // 503 and 504 say "busy" (or a code says unavailable); a 500 or 502 is an error like any other.
      if (status !== 500 && status !== 502) return 'Microsoft 365 is busy; we will try again.';
      break;
    case 'not-implemented':
    case 'bad-request':
      if (status === 400 || status === 501)
        return `Microsoft 365 did not accept a request from CP Disputes (${status}${code ? ` ${code}` : ''}); please tell IT, who can report it to the CP Disputes team.`;
      break;
    default:
      break;
  }
  return `Microsoft 365 answered with an error (${status ?? 'no status'}${code ? ` ${code}` : ''}); please try again, and tell IT if it keeps happening.`;
}

/** A failed Graph call: the message is `graphErrorMessage`'s; the SDK's error is the cause. */
export class GraphRequestError extends Error {
  override name = 'GraphRequestError';
  readonly status: number | null;
  readonly code: string | null;
  readonly retryAfterSeconds: number | null;
  /** Entra ID gave no token: nothing was sent to Graph. */
  readonly authFailure: boolean;
  constructor(error: unknown, context: GraphErrorContext = {}) {
    super(graphErrorMessage(error, context), { cause: error });
    const f = readGraphFailure(error);
    this.status = f.fromGraph ? f.status : null;
    this.code = f.fromGraph || f.kind === 'sign-in-failed' ? f.code : null;
    this.authFailure = f.kind === 'sign-in-failed';
    this.retryAfterSeconds = f.fromGraph ? f.retryAfterSeconds : null;
  }
  /** Worth trying again later (throttled, unavailable, a network failure). */
  get transient(): boolean {
    return this.status === null ? !this.authFailure : [429, 500, 502, 503, 504].includes(this.status);
  }
}
