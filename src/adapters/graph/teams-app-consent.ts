// The resource-specific consent (RSC) that installing CP Disputes through Graph must grant.
//
// The app manifest (appPackage/manifest.json, authorization.permissions.resourceSpecific) asks for
// RSC permissions. Graph installs such an app only when the request consents to them:
// "consentedPermissionSet: Set of resource-specific permissions that are being consented to … The
// permissions consented to during the installation must match the resource-specific permissions
// defined in the teamsAppDefinition of the app" ("Add app to chat", https://learn.microsoft.com/
// en-us/graph/api/chat-post-installedapps?view=graph-rest-1.0, example 2; the same body for
// "Install app for user", userteamwork-post-installedapps), and only with a "...AndConsent..."
// permission: the ReadWriteSelfFor… ones "can't be used to install apps that require consent to
// resource-specific permissions" (chat-teamsappinstallation-upgrade).
//
// The list is kept here, once, for every installing adapter; test/unit/teams-app-consent.test.ts
// fails when it drifts from the manifest.

/** An RSC permission as the manifest spells it. */
export interface ManifestResourceSpecificPermission {
  name: string;
  type: 'Application' | 'Delegated';
}

/** appPackage/manifest.json's authorization.permissions.resourceSpecific, in its order. */
export const manifestResourceSpecificPermissions: readonly ManifestResourceSpecificPermission[] = [
  // The activity feed notice (graph-activity-feed.ts) to a person the app is installed for.
  { name: 'TeamsActivity.Send.User', type: 'Application' },
  // The Outlook add-in reads the open message to raise a dispute from it.
  { name: 'MailboxItem.Read.User', type: 'Delegated' },
];

/** Graph's teamsAppPermissionSet: permissionType is the CSDL enum member, lower case. */
export interface TeamsAppPermissionSet {
  resourceSpecificPermissions: { permissionValue: string; permissionType: 'application' | 'delegated' }[];
}

/** The consentedPermissionSet for an installation body: every RSC permission the manifest asks for. */
export function consentedPermissionSet(): TeamsAppPermissionSet {
  return {
    resourceSpecificPermissions: manifestResourceSpecificPermissions.map((p) => ({
      permissionValue: p.name,
      permissionType: p.type === 'Application' ? 'application' : 'delegated',
    })),
  };
}

/**
 * The least-privileged Graph application permissions that may install an app with RSC: "Self"
 * installs only this app, "AndConsent" grants its resource-specific permissions with it.
 */
export const INSTALL_IN_CHAT_PERMISSION = 'TeamsAppInstallation.ReadWriteAndConsentSelfForChat.All';
export const INSTALL_FOR_USER_PERMISSION = 'TeamsAppInstallation.ReadWriteAndConsentSelfForUser.All';
