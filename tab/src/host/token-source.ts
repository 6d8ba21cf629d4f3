// Where the tab's API token comes from: Teams SSO in a Teams or Outlook host, MSAL in a plain
// browser (browser-sign-in.ts), Nested App Authentication in the Outlook add-in. Each is one of
// these, so the app sends whichever it has as "Authorization: Bearer" the same way.
export interface TokenSource {
  /** A token for our API (access_as_user), fresh enough to send now. */
  getToken(): Promise<string>;
}
