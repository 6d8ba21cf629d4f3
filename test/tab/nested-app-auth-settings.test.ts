// The add-in's Nested App Authentication takes its MSAL settings from the server's sign-in answer
// (GET /api/sign-in-settings, whose `msal` part the plain-browser sign-in reads too): the client id, the
// authority, any known authorities and the API's access_as_user scope. Without them (dev sign-in,
// or an answer of another shape) it has none, and says so rather than asking Outlook for nothing.
import { describe, expect, test } from 'vitest';
import { nestedAppAuthSettingsFrom } from '../../tab/src/host/nested-app-auth.ts';

const clientId = 'c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f';

describe('the add-in’s sign-in settings', () => {
  test('come from the sign-in answer’s msal part', () => {
    expect(
      nestedAppAuthSettingsFrom({
        msal: {
          clientId,
          authority: 'https://login.microsoftonline.us/0b1c2d3e-0000-4000-8000-000000000001',
          knownAuthorities: ['login.microsoftonline.us'],
          scopes: [`api://disputes.example.gov.uk/${clientId}/access_as_user`],
          redirectUri: 'https://disputes.example.gov.uk/tab/',
        },
      }),
    ).toEqual({
      clientId,
      authority: 'https://login.microsoftonline.us/0b1c2d3e-0000-4000-8000-000000000001',
      knownAuthorities: ['login.microsoftonline.us'],
      scope: `api://disputes.example.gov.uk/${clientId}/access_as_user`,
    });
  });

  test('are none when the server signs people in another way, or gives no scope', () => {
    expect(nestedAppAuthSettingsFrom({ msal: null })).toBeNull();
    expect(nestedAppAuthSettingsFrom(null)).toBeNull();
    expect(nestedAppAuthSettingsFrom({ msal: { clientId, authority: 'https://x', scopes: [] } })).toBeNull();
  });
});
