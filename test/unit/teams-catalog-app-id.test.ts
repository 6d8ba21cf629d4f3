// TEAMS_CATALOG_APP_ID, the app's id in the council's Teams app catalog (for adding CP Disputes to
// booked meetings' chats): checked at start, so a wrong value stops the server rather than every
// booking carrying a warning.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';

describe('TEAMS_CATALOG_APP_ID', () => {
  it('takes the catalog id, a GUID, and may be unset or empty', () => {
    expect(() => loadConfig({ TEAMS_CATALOG_APP_ID: '06805b9e-77e3-4b93-ac81-525eb87513b8' })).not.toThrow();
    expect(() => loadConfig({})).not.toThrow();
    expect(() => loadConfig({ TEAMS_CATALOG_APP_ID: '' })).not.toThrow();
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => loadConfig({ TEAMS_CATALOG_APP_ID: 'com.northmoor.cpdisputes' })).toThrow(
      /TEAMS_CATALOG_APP_ID: must be the app catalog id, a GUID/,
    );
  });
});
