// What the tab needs to sign in with Entra ID in a plain browser (GET /api/sign-in-settings), from the same
// settings the API checks tokens against: one tenant signs in at its own authority; several (a
// multi-council deployment, or ALLOWED_TENANT_IDS naming more than one) at `organizations`, the
// API still refusing any tenant it does not serve.
import type { Councils } from '../app/councils.ts';
import type { AppConfig } from '../config.ts';
import type { BrowserSignInOptions } from '../http/routes/sign-in-routes.ts';

export function browserSignInOptions(
  config: AppConfig,
  councils: Councils,
  /** The single council's tenant: who may sign in when ALLOWED_TENANT_IDS names none. */
  soleTenantId: string,
  appBaseUrl: string | undefined,
): BrowserSignInOptions | null {
  if (!config.entra || config.devAuth) return null;
  const tenants =
    councils.all.length > 1
      ? councils.all.flatMap((c) => c.signInTenantIds)
      : config.entra.allowedTenantIds.length
        ? config.entra.allowedTenantIds
        : [soleTenantId];
  return {
    clientId: config.entra.clientId,
    authorityHost: config.entra.authorityHost,
    tenantId: tenants.length === 1 ? tenants[0]! : null,
    appIdUri: config.entra.appIdUri,
    appBaseUrl: appBaseUrl?.trim() ? appBaseUrl.trim() : null,
  };
}
