// Start-up configuration: embedded defaults on a fresh machine; production refuses the dev
// conveniences, whether asked for or not.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('runs on embedded defaults with nothing set: PGlite in ./data, port 3978, dev sign-in, test clock', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3978,
      host: '127.0.0.1',
      store: { kind: 'pglite', dataDir: './data' },
      directoryFile: null,
      devAuth: true,
      testClock: true,
    });
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/cp' }).store).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db/cp',
    });
  });

  it('refuses a malformed setting, naming it', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres:\/\//);
  });

  it.each([
    [{ DEV_AUTH: 'on', MicrosoftAppId: 'app-id' }, /DEV_AUTH=on is refused/],
    [{ TEST_CLOCK: 'on', MicrosoftAppId: 'app-id' }, /TEST_CLOCK=on is refused/],
    [{}, /needs Entra sign-in/],
  ])('production refuses %j', (extra, message) => {
    expect(() => loadConfig({ NODE_ENV: 'production', ...extra })).toThrow(message);
  });

  it('production with Entra configured has neither dev sign-in nor the test clock', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      MicrosoftAppId: 'app-id',
      MicrosoftAppTenantId: 'tenant',
      DATABASE_URL: 'postgres://u@db/cp',
      DIRECTORY_FILE: './people.yaml',
      APP_BASE_URL: 'https://disputes.northmoor.example',
    });
    expect(c.devAuth).toBe(false);
    expect(c.testClock).toBe(false);
    expect(c.host).toBe('0.0.0.0');
  });

  it('sends notifications to Teams unless DELIVERY=log says the log only', () => {
    expect(loadConfig({}).delivery).toBe('teams');
    expect(loadConfig({ DELIVERY: 'log' }).delivery).toBe('log');
    expect(() => loadConfig({ DELIVERY: 'pigeon' })).toThrow(/DELIVERY/);
  });

  it('throws a ConfigError, so start-up can say what is wrong and stop', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
  });
});
