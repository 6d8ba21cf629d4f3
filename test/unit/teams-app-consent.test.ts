// The resource-specific consent CP Disputes grants when Graph installs it (in a meeting chat, for a
// person the bot cannot reach) is exactly what the app manifest asks for: Graph refuses an
// installation whose consentedPermissionSet does not "match the resource-specific permissions
// defined in the teamsAppDefinition of the app" (https://learn.microsoft.com/en-us/graph/api/
// chat-post-installedapps?view=graph-rest-1.0), so a permission added to the manifest must be
// added to src/adapters/graph/teams-app-consent.ts too, and this test says so.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { installationBody } from '../../src/adapters/graph/graph-app-installation.ts';
import {
  consentedPermissionSet,
  manifestResourceSpecificPermissions,
} from '../../src/adapters/graph/teams-app-consent.ts';
import { expectValidGraphBody, graphBodyValidator } from '../graph/schemas/graph-test-kit.ts';

const manifest = JSON.parse(
  readFileSync(new URL('../../appPackage/manifest.json', import.meta.url), 'utf8'),
) as { authorization?: { permissions?: { resourceSpecific?: unknown[] } } };

describe('the consent that goes with a Graph installation', () => {
  it("is the manifest's resource-specific permissions, every one of them", () => {
    expect(manifest.authorization?.permissions?.resourceSpecific ?? []).toEqual(
      manifestResourceSpecificPermissions,
    );
  });

  it('names them as Graph does: permissionValue, and permissionType application or delegated', () => {
    expect(consentedPermissionSet()).toEqual({
      resourceSpecificPermissions: [
        { permissionValue: 'TeamsActivity.Send.User', permissionType: 'application' },
        { permissionValue: 'MailboxItem.Read.User', permissionType: 'delegated' },
      ],
    });
    const bind =
      'https://graph.microsoft.com/v1.0/appCatalogs/teamsApps/06805b9e-77e3-4b93-ac81-525eb87513b8';
    const body = { 'teamsApp@odata.bind': bind, consentedPermissionSet: consentedPermissionSet() };
    expectValidGraphBody('chat-installedApp', body);
    expectValidGraphBody('userScopeTeamsAppInstallation', body);
    expect(installationBody('https://graph.microsoft.com', '06805b9e-77e3-4b93-ac81-525eb87513b8')).toEqual(
      body,
    );
    // The manifest's spelling ("Application") is not Graph's enum member.
    const validate = graphBodyValidator('chat-installedApp');
    expect(
      validate({
        'teamsApp@odata.bind': bind,
        consentedPermissionSet: {
          resourceSpecificPermissions: [
            { permissionValue: 'TeamsActivity.Send.User', permissionType: 'Application' },
          ],
        },
      }),
    ).toBe(false);
  });
});
