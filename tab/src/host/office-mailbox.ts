/// <reference types="office-js" />
// The open email, as Outlook's Office.js tells it to the "Raise a dispute" add-in's task pane.
// Office.js is Microsoft's library from its CDN; the server puts its <script> in the head of the
// /tab/addin page only (src/http/tab-files.ts), so anywhere else `Office` is simply not there.
// What is read, and when:
//  - on opening: the subject and the sender (Office.context.mailbox.item.subject / .from,
//    learn.microsoft.com/javascript/api/outlook/office.messageread);
//  - the body, only when the chair presses "Copy the email's text into the concern"
//    (item.body.getAsync with Office.CoercionType.Text, learn.microsoft.com/javascript/api/outlook/office.body).

/**
 * Office.js sets window.history.pushState and replaceState to null (for browsers long gone:
 * OfficeDev/office-js#429; learn.microsoft.com/office/dev/add-ins/reference/window-objects-unsupported-in-add-ins),
 * which would break the tab's router. The methods are still on History's prototype: dropping the
 * nulls brings them back. Safe to call anywhere, any number of times.
 */
export function restoreHistoryApi(): void {
  const history = window.history as unknown as Record<string, unknown>;
  for (const name of ['pushState', 'replaceState'] as const)
    if (typeof history[name] !== 'function') {
      delete history[name];
      if (typeof history[name] !== 'function') history[name] = History.prototype[name];
    }
}

export interface OpenEmail {
  subject: string;
  from: { emailAddress: string; displayName: string } | null;
}

export type MailboxState = { kind: 'outside-outlook'; reason: string } | { kind: 'email'; email: OpenEmail };

const officeGlobal = (): typeof Office | undefined => (globalThis as { Office?: typeof Office }).Office;

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise((resolve, reject) => {
    const t = window.setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    p.then(
      (v) => (window.clearTimeout(t), resolve(v)),
      (e: unknown) => (window.clearTimeout(t), reject(e instanceof Error ? e : new Error(String(e)))),
    );
  });

/** Waits for Office.js, then reads the subject and sender of the email the pane was opened on. */
export async function readOpenEmail(timeoutMs = 5000): Promise<MailboxState> {
  const office = officeGlobal();
  if (!office)
    return { kind: 'outside-outlook', reason: 'Office.js is not loaded: this page is not open in Outlook.' };
  restoreHistoryApi();
  let info: { host: Office.HostType | null };
  try {
    info = await withTimeout(office.onReady(), timeoutMs, 'Office.onReady');
  } catch (e) {
    return { kind: 'outside-outlook', reason: (e as Error).message };
  }
  restoreHistoryApi(); // again, should Office.js have nulled them while starting
  // Office.onReady answers with host null in a plain browser tab.
  if (info.host !== office.HostType.Outlook)
    return { kind: 'outside-outlook', reason: 'This page is not open in Outlook.' };
  const item = office.context.mailbox?.item as Office.MessageRead | null | undefined;
  if (!item) return { kind: 'outside-outlook', reason: 'No email is open in Outlook.' };
  const from = item.from ?? null;
  return {
    kind: 'email',
    email: {
      subject: typeof item.subject === 'string' ? item.subject : '',
      from: from?.emailAddress
        ? { emailAddress: from.emailAddress, displayName: from.displayName ?? from.emailAddress }
        : null,
    },
  };
}

/** The open email's text (no HTML): asked of Outlook only when called, that is when the chair asks. */
export function readEmailText(): Promise<string> {
  const office = officeGlobal();
  const item = office?.context.mailbox?.item as Office.MessageRead | null | undefined;
  if (!office || !item) return Promise.reject(new Error('No email is open in Outlook.'));
  return new Promise((resolve, reject) => {
    item.body.getAsync(office.CoercionType.Text, (result) => {
      if (result.status === office.AsyncResultStatus.Succeeded) resolve(result.value);
      else reject(new Error(result.error?.message ?? 'Outlook did not give the email’s text.'));
    });
  });
}
