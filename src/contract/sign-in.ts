// How the tab signs in where no Teams or Outlook host gives it a token: in a plain browser (a link
// in an email, a bookmark) it signs in with Entra ID itself, with MSAL's redirect flow, using the
// same app registration as Teams SSO. The server says which; nothing here is secret.
import { z } from 'zod';

export const BrowserSignInSchema = z.object({
  /** The app registration's client id (the SPA platform's, the same as Teams SSO's). */
  clientId: z.string(),
  /** `<ENTRA_AUTHORITY_HOST>/<tenant id>`, or `/organizations` when several tenants may sign in. */
  authority: z.string(),
  /** Hosts MSAL may trust without Microsoft's instance discovery (a sovereign or local authority). */
  knownAuthorities: z.array(z.string()),
  /** `<Application ID URI>/access_as_user`: the token the API takes. */
  scopes: z.array(z.string()),
  /** `<APP_BASE_URL>/tab/`: the SPA redirect URI registered on the app registration. */
  redirectUri: z.string(),
});

export const SignInSettingsSchema = z.object({
  /**
   * MSAL's settings for Entra sign-in outside a Teams host: the plain browser's redirect flow, and
   * the Outlook add-in's Nested App Authentication; null when the server signs people in another
   * way (dev sign-in).
   */
  msal: BrowserSignInSchema.nullable(),
});

export type BrowserSignIn = z.infer<typeof BrowserSignInSchema>;
export type SignInSettings = z.infer<typeof SignInSettingsSchema>;
