// A stand-in for Microsoft's Office.js (https://appsforoffice.microsoft.com/lib/1/hosted/office.js)
// as an Outlook add-in sees it reading one email, for chromium tests: the browser's request for the
// CDN script is answered with this instead (playwright's page.route). Only what the add-in uses,
// with the shapes and values of Microsoft's reference:
//  - Office.onReady(callback?) → Promise<{ host, platform }>, host Office.HostType.Outlook = "Outlook"
//    (learn.microsoft.com/javascript/api/office#office-office-onready-function(1),
//     learn.microsoft.com/javascript/api/office/office.hosttype, office.platformtype);
//  - Office.context.mailbox.item.subject (string) and .from (EmailAddressDetails: emailAddress,
//    displayName) on a message being read (learn.microsoft.com/javascript/api/outlook/office.messageread,
//    learn.microsoft.com/javascript/api/outlook/office.emailaddressdetails);
//  - item.body.getAsync(coercionType, [options], callback) calling back with an AsyncResult
//    { status: "succeeded" | "failed", value, error, asyncContext }, Office.CoercionType.Text = "text"
//    (learn.microsoft.com/javascript/api/outlook/office.body#outlook-office-body-getasync-member(1),
//     learn.microsoft.com/javascript/api/office/office.asyncresult, office.coerciontype).
//  - Office.context.requirements.isSetSupported(name, minVersion?) → boolean, true when the host
//    supports the set at that version or later (learn.microsoft.com/javascript/api/office/office.requirementsetsupport);
//    by default a current Outlook's sets, NestedAppAuth 1.1 among them
//    (learn.microsoft.com/javascript/api/requirement-sets/common/nested-app-auth-requirement-sets).
// Like Office.js, it sets window.history.pushState and replaceState to null as it loads
// (OfficeDev/office-js#429; learn.microsoft.com/office/dev/add-ins/reference/window-objects-unsupported-in-add-ins).
// It counts the body reads in window.__officeStandIn.bodyReads, so a test can see that nothing read
// the email's text before the person asked for it.

export const officeJsCdnUrl = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';

export interface StandInEmail {
  subject: string;
  from: { emailAddress: string; displayName: string } | null;
  /** The body as text (what getAsync with CoercionType.Text gives). */
  bodyText: string;
}

/** The stand-in's source: a classic script defining window.Office for this one email. */
export function officeJsStandIn(
  email: StandInEmail,
  /** The requirement sets this Outlook supports, by name, at their highest version. */
  requirementSets: Record<string, string> = { Mailbox: '1.13', NestedAppAuth: '1.1' },
): string {
  return `(() => {
  const email = ${JSON.stringify(email)};
  const requirementSets = ${JSON.stringify(requirementSets)};
  const atLeast = (have, want) => {
    const [a, b] = [String(have).split('.').map(Number), String(want).split('.').map(Number)];
    for (let i = 0; i < Math.max(a.length, b.length); i++)
      if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) > (b[i] || 0);
    return true;
  };
  const requirements = {
    isSetSupported(name, minVersion) {
      const have = requirementSets[name];
      return have !== undefined && (minVersion === undefined || atLeast(have, minVersion));
    },
  };
  const record = { bodyReads: 0 };
  window.__officeStandIn = record;
  window.history.replaceState = null;
  window.history.pushState = null;
  const info = { host: 'Outlook', platform: 'OfficeOnline' };
  const body = {
    getAsync(coercionType, optionsOrCallback, maybeCallback) {
      const callback = typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback;
      const options = typeof optionsOrCallback === 'object' && optionsOrCallback ? optionsOrCallback : {};
      record.bodyReads += 1;
      setTimeout(() => {
        if (coercionType !== 'text' && coercionType !== 'html')
          return callback({ status: 'failed', value: undefined, asyncContext: options.asyncContext,
            error: { code: 1000, name: 'InvalidCoercion', message: 'The coercion type is not supported.' } });
        callback({ status: 'succeeded', value: email.bodyText, asyncContext: options.asyncContext, error: undefined });
      }, 10);
    },
  };
  const item = {
    itemType: 'message',
    subject: email.subject,
    from: email.from ? { ...email.from, recipientType: 'user' } : undefined,
    body,
  };
  window.Office = {
    HostType: { Word: 'Word', Excel: 'Excel', PowerPoint: 'PowerPoint', Outlook: 'Outlook', OneNote: 'OneNote', Project: 'Project', Access: 'Access' },
    PlatformType: { PC: 'PC', OfficeOnline: 'OfficeOnline', Mac: 'Mac', iOS: 'iOS', Android: 'Android', Universal: 'Universal' },
    CoercionType: { Text: 'text', Html: 'html', Matrix: 'matrix', Table: 'table' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    context: { mailbox: { item }, requirements },
    onReady(callback) {
      return new Promise((resolve) => setTimeout(() => {
        if (callback) callback(info);
        resolve(info);
      }, 20));
    },
  };
})();
`;
}
