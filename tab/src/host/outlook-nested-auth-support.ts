/// <reference types="office-js" />
// Nested App Authentication needs an Outlook that has it: the requirement set NestedAppAuth 1.1
// (learn.microsoft.com/javascript/api/requirement-sets/common/nested-app-auth-requirement-sets:
// Outlook on the web, on Windows from Version 2409 (2408 LTSC, 2501 retail), on Mac from 16.89, on
// iOS and Android from v4.2433; never for an Outlook.com or Gmail mailbox). On an Outlook without
// it, MSAL's nested client finds no host bridge and quietly becomes a plain browser client, whose
// sign-in is a pop-up window to Entra ID opened from the task pane: the pane would sit on
// "Starting CP Disputes…" behind a window that cannot finish. So the pane asks Outlook first
// (Office.context.requirements.isSetSupported, as that page advises) and says what to do instead.
// No DOM names here (window, History): the server's tests import this through nested-app-auth.ts.

export const nestedAppAuthRequirement = { name: 'NestedAppAuth', minVersion: '1.1' } as const;

export class OutlookWithoutNestedAppAuth extends Error {
  constructor() {
    super(
      'this version of Outlook cannot sign you in to add-ins (it does not have Nested App Authentication): update Outlook, or use CP Disputes in Teams',
    );
    this.name = 'OutlookWithoutNestedAppAuth';
  }
}

/**
 * Throws OutlookWithoutNestedAppAuth when Outlook says it lacks NestedAppAuth 1.1. Without Office.js
 * (not in Outlook), or when Office.js does not answer in time, it does not stand in the way: MSAL's
 * nested client then decides, as it did before this check.
 */
export async function requireOutlookNestedAppAuth(timeoutMs = 5000): Promise<void> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office) return;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ready = await Promise.race([
    office.onReady().then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
  ]).finally(() => clearTimeout(timer));
  const requirements = ready ? office.context?.requirements : undefined;
  if (!requirements) return;
  if (!requirements.isSetSupported(nestedAppAuthRequirement.name, nestedAppAuthRequirement.minVersion))
    throw new OutlookWithoutNestedAppAuth();
}
