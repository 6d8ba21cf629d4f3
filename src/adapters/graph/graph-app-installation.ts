// Installing the council's Teams app for a person the bot cannot reach yet ("Install app for user",
// https://learn.microsoft.com/en-us/graph/api/userteamwork-post-installedapps?view=graph-rest-1.0):
// POST /users/{id}/teamwork/installedApps with teamsApp@odata.bind naming the app in the tenant's
// catalog and consentedPermissionSet (the manifest asks for resource-specific consent, which the
// installation must grant: teams-app-consent.ts); 201 Created, no body. Application permission
// TeamsAppInstallation.ReadWriteAndConsentSelfForUser.All (the app may install only itself, with its
// RSC; ReadWriteSelfForUser.All cannot install an app that asks for RSC). Teams then adds the bot to
// the person's personal scope, and the bot can open a 1:1 chat with them.
//
// Installing twice is harmless (Graph answers 409 Conflict: it is already there), so a throttled
// or failed request is repeated inline and then handed back to the outbox.
import type { Client } from '@microsoft/microsoft-graph-client';
import type { TeamsAppInstaller } from '../../app/ports/activity-feed.ts';
import { callGraph, defaultRetryPolicy, noSdkRetry, pathSegment, type RetryPolicy } from './graph-call.ts';
import { readGraphFailure } from './graph-errors.ts';
import { consentedPermissionSet, INSTALL_FOR_USER_PERMISSION } from './teams-app-consent.ts';
import { teamsReachError } from './teams-reach-errors.ts';

export interface GraphAppInstallationOptions {
  /** The app's id in the tenant's Teams app catalog (TEAMS_CATALOG_APP_ID). */
  catalogAppId: string;
  /** e.g. https://graph.microsoft.com: the odata.bind names the app by its full Graph address. */
  graphBaseUrl: string;
  retry?: Partial<RetryPolicy>;
}

/** The body of the installation request (exported for the tests' schema check). */
export function installationBody(graphBaseUrl: string, catalogAppId: string) {
  return {
    'teamsApp@odata.bind': `${graphBaseUrl.replace(/\/+$/, '')}/v1.0/appCatalogs/teamsApps/${encodeURIComponent(catalogAppId)}`,
    consentedPermissionSet: consentedPermissionSet(),
  };
}

export function createGraphAppInstallation(
  client: Client,
  options: GraphAppInstallationOptions,
): TeamsAppInstaller {
  const policy = defaultRetryPolicy(options.retry);
  const body = installationBody(options.graphBaseUrl, options.catalogAppId);
  return {
    async installFor(userAadObjectId) {
      try {
        await callGraph(
          () =>
            client
              .api(`/users/${pathSegment(userAadObjectId)}/teamwork/installedApps`)
              .middlewareOptions(noSdkRetry())
              .post(body),
          policy,
          true,
        );
        return 'installed';
      } catch (error) {
        if (readGraphFailure(error).status === 409) return 'already-installed';
        throw teamsReachError(
          error,
          'install CP Disputes in Teams for a person the bot could not reach',
          INSTALL_FOR_USER_PERMISSION,
        );
      }
    },
  };
}
