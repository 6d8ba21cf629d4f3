// How people sign in: Entra tokens, or the dev header outside production.
import type { JWTVerifyGetKey } from 'jose';
import type { Councils } from '../app/councils.ts';
import { ConfigError, type AppConfig } from '../config.ts';
import { createDevAuthenticator, type Authenticator } from '../http/authentication.ts';
import { createMultiCouncilDevAuthenticator, signInDirectory } from '../http/council-routing.ts';
import { createEntraAuthenticator, microsoftJwks } from '../http/entra-authenticator.ts';

export function chooseAuthenticator(
  config: AppConfig,
  councils: Councils,
  /** The single council's tenant: who may sign in when ALLOWED_TENANT_IDS names none. */
  soleTenantId: string,
  entraJwks: JWTVerifyGetKey | undefined,
): Authenticator {
  const several = councils.all.length > 1;
  if (config.devAuth)
    return several
      ? createMultiCouncilDevAuthenticator(councils)
      : createDevAuthenticator(councils.all[0]!.services.directory);
  if (config.entra)
    return createEntraAuthenticator({
      clientId: config.entra.clientId,
      appIdUri: config.entra.appIdUri,
      // Several councils: each council's own tenants (COUNCILS_FILE), which find its directory.
      allowedTenantIds: several
        ? councils.all.flatMap((c) => c.signInTenantIds)
        : config.entra.allowedTenantIds.length
          ? config.entra.allowedTenantIds
          : [soleTenantId],
      authorityHost: config.entra.authorityHost,
      jwks: entraJwks ?? microsoftJwks(config.entra.authorityHost),
      directory: several ? signInDirectory(councils) : councils.all[0]!.services.directory,
    });
  throw new ConfigError(
    'Sign-in is not configured: set ENTRA_CLIENT_ID (or MicrosoftAppId), or DEV_AUTH=on outside production.',
  );
}
